//! Line and column of any field or list item in RON text, for validation messages.
//!
//! Key types: [`SpanIndex`] (a tree of positions built from the source), [`Seg`].
//!
//! Policy: `ron` reports positions only for syntax errors, so after the file has
//! parsed this small scanner walks the same text once more and remembers where
//! every field and item starts. It never fails: text it cannot follow simply has
//! no position, and callers fall back to line 1.

/// One step of a path into a questionnaire: a field name or a list index.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
}

/// `pillars[1].questions[0].max_points`
pub fn render_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "(top level)".into()
    } else {
        out
    }
}

#[derive(Debug, Default)]
struct Node {
    line: usize,
    column: usize,
    /// Named fields with the position of their name.
    fields: Vec<(String, usize, usize, Node)>,
    /// Unnamed items: list elements, tuple members, the content of `Some(..)`.
    items: Vec<Node>,
}

/// Positions of the values in one RON document.
pub struct SpanIndex {
    root: Node,
}

impl SpanIndex {
    pub fn parse(source: &str) -> SpanIndex {
        let mut scanner = Scanner {
            chars: source.chars().collect(),
            at: 0,
            line: 1,
            column: 1,
        };
        scanner.skip_trivia();
        while scanner.peek() == Some('#') {
            // `#![enable(...)]` attributes before the value.
            while let Some(c) = scanner.bump() {
                if c == ']' {
                    break;
                }
            }
            scanner.skip_trivia();
        }
        SpanIndex {
            root: scanner.value(0),
        }
    }

    /// Line and column (both 1-based) of the value at `path`, or of the nearest
    /// enclosing value that exists.
    pub fn locate(&self, path: &[Seg]) -> Option<(usize, usize)> {
        let mut node = &self.root;
        let mut best = (node.line, node.column);
        for seg in path {
            let next = loop {
                let found = match seg {
                    Seg::Field(name) => node.fields.iter().find(|(field, ..)| field == name).map(
                        |(_, line, column, child)| {
                            best = (*line, *column);
                            child
                        },
                    ),
                    Seg::Index(i) => node.items.get(*i).filter(|_| node.fields.is_empty()),
                };
                if found.is_some() {
                    break found;
                }
                // Look through wrappers such as `Some(...)`, a variant or a newtype.
                match node.items.as_slice() {
                    [only] if node.fields.is_empty() => node = only,
                    _ => break None,
                }
            };
            match next {
                Some(child) => {
                    if matches!(seg, Seg::Index(_)) {
                        best = (child.line, child.column);
                    }
                    node = child;
                }
                None => return Some(best),
            }
        }
        Some(best)
    }
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
}

/// Deeper nesting than this is not followed (the file has parsed already; this
/// only bounds the recursion).
const MAX_DEPTH: usize = 128;

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn node_here(&self) -> Node {
        Node {
            line: self.line,
            column: self.column,
            ..Node::default()
        }
    }

    fn value(&mut self, depth: usize) -> Node {
        self.skip_trivia();
        let mut node = self.node_here();
        match self.peek() {
            Some('(') if depth < MAX_DEPTH => self.group(&mut node, ')', depth),
            Some('[') if depth < MAX_DEPTH => self.group(&mut node, ']', depth),
            Some('{') if depth < MAX_DEPTH => self.group(&mut node, '}', depth),
            Some('"') => self.string(),
            Some('r') if matches!(self.peek_at(1), Some('"' | '#')) => self.raw_string(),
            Some('\'') => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.identifier();
                self.skip_trivia();
                if self.peek() == Some('(') && depth < MAX_DEPTH {
                    self.group(&mut node, ')', depth);
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':') {
                        break;
                    }
                    self.bump();
                }
            }
        }
        node
    }

    fn identifier(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                name.push(c);
                self.bump();
            } else {
                break;
            }
        }
        name
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => break,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump();
        'outer: while let Some(c) = self.bump() {
            if c == '"' {
                for _ in 0..hashes {
                    if self.peek() != Some('#') {
                        continue 'outer;
                    }
                    self.bump();
                }
                break;
            }
        }
    }

    /// The contents of `( … )`, `[ … ]` or `{ … }`: named fields and unnamed items.
    fn group(&mut self, node: &mut Node, close: char, depth: usize) {
        self.bump();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let before = self.at;
            if close == ')' && self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
                // `name: value` or an identifier-led value such as `Some(..)`.
                let (line, column, at) = (self.line, self.column, self.at);
                let name = self.identifier();
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                    let child = self.value(depth + 1);
                    node.fields.push((name, line, column, child));
                    continue;
                }
                self.at = at;
                self.line = line;
                self.column = column;
            }
            let child = self.value(depth + 1);
            if close == '}' {
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                    let _value = self.value(depth + 1);
                }
            }
            node.items.push(child);
            if self.at == before {
                // A character this scanner does not understand: step over it.
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"// a comment
(
    id: "x",
    pillars: [
        (id: "a", help: Some((vi: "xin chào", en: "hi"))),
        /* block */ (
            id: "b",
            kind: SingleChoice(options: [(id: "o1"), (id: "o2")]),
        ),
    ],
)"#;

    #[test]
    fn fields_and_items_are_found_at_their_line_and_column() {
        let index = SpanIndex::parse(SOURCE);
        assert_eq!(index.locate(&[Seg::Field("id")]), Some((3, 5)));
        assert_eq!(
            index.locate(&[Seg::Field("pillars"), Seg::Index(1)]),
            Some((6, 21))
        );
        assert_eq!(
            index.locate(&[
                Seg::Field("pillars"),
                Seg::Index(1),
                Seg::Field("kind"),
                Seg::Field("options"),
                Seg::Index(1),
            ]),
            Some((8, 54))
        );
    }

    #[test]
    fn some_wrappers_are_looked_through() {
        let index = SpanIndex::parse(SOURCE);
        assert_eq!(
            index.locate(&[
                Seg::Field("pillars"),
                Seg::Index(0),
                Seg::Field("help"),
                Seg::Field("en")
            ]),
            Some((5, 47))
        );
    }

    #[test]
    fn a_missing_step_falls_back_to_the_nearest_parent() {
        let index = SpanIndex::parse(SOURCE);
        assert_eq!(
            index.locate(&[Seg::Field("pillars"), Seg::Index(0), Seg::Field("nope")]),
            Some((5, 9))
        );
    }

    #[test]
    fn the_path_reads_like_an_accessor() {
        let path = [
            Seg::Field("pillars"),
            Seg::Index(2),
            Seg::Field("max_points"),
        ];
        assert_eq!(render_path(&path), "pillars[2].max_points");
    }
}
