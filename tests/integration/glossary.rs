//! The glossary (`GLOSSARY.md`) held against every text a person reads: the
//! Vietnamese string literals of the program and the form, and the `vi:` and
//! `en:` texts of the questionnaires, and the user guide.

use std::path::{Path, PathBuf};

/// One row of the glossary: the term used and the words it replaces.
struct Entry {
    term: String,
    not_vi: Vec<String>,
    not_en: Vec<String>,
}

fn glossary() -> Vec<Entry> {
    let text = std::fs::read_to_string(root().join("GLOSSARY.md")).unwrap();
    let list = |cell: &str| -> Vec<String> {
        cell.split(';')
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    text.lines()
        .filter(|line| line.starts_with('|') && !line.starts_with("|---"))
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
            assert_eq!(cells.len(), 4, "a glossary row has four cells: {line}");
            Entry {
                term: cells[0].trim().to_owned(),
                not_vi: list(cells[2]),
                not_en: list(cells[3]),
            }
        })
        .collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` whose name ends in one of `extensions`.
fn files(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, extensions, found);
        } else if extensions
            .iter()
            .any(|ext| path.extension().is_some_and(|e| e == *ext))
        {
            found.push(path);
        }
    }
}

/// The double-quoted string literals of a Rust or JavaScript source, with the
/// line each starts on; comments are skipped.
fn literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut chars = source.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal ('"' included) or a lifetime: step over it.
                let mut ahead = chars.clone();
                let first = ahead.next();
                let (skip, closes) = match (first, ahead.next(), ahead.next()) {
                    (Some('\\'), Some(_), Some('\'')) => (3, true),
                    (Some(_), Some('\''), _) => (2, true),
                    _ => (0, false),
                };
                if closes {
                    for _ in 0..skip {
                        chars.next();
                    }
                }
            }
            '"' => {
                let start = line;
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                text.push(escaped);
                            }
                        }
                        '"' => break,
                        c => {
                            if c == '\n' {
                                line += 1;
                            }
                            text.push(c);
                        }
                    }
                }
                found.push((start, text));
            }
            _ => {}
        }
    }
    found
}

/// Whether `text` is Vietnamese: it has a letter English does not.
fn is_vietnamese(text: &str) -> bool {
    text.chars().any(|c| {
        "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
            .contains(c.to_lowercase().next().unwrap_or(c))
    })
}

/// Where `word` occurs in `text` as a whole word (or, for a symbol, at all).
fn contains_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let is_letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).any(|(at, _)| {
        let symbol = !word.chars().any(char::is_alphanumeric);
        symbol
            || (!is_letter(text[..at].chars().next_back())
                && !is_letter(text[at + word.len()..].chars().next()))
    })
}

/// Every text a person reads, as (where, language is Vietnamese, text).
fn texts() -> Vec<(String, bool, String)> {
    let root = root();
    let mut texts = Vec::new();
    let mut sources = Vec::new();
    for dir in ["src", "crates/sohoa-core/src", "assets/form"] {
        files(&root.join(dir), &["rs", "js"], &mut sources);
    }
    for path in sources {
        let source = std::fs::read_to_string(&path).unwrap();
        // Unit tests at the bottom of a file quote what they refuse.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        for (line, text) in literals(source) {
            texts.push((format!("{name}:{line}"), is_vietnamese(&text), text));
        }
    }
    let mut questionnaires = Vec::new();
    files(&root.join("questionnaires"), &["ron"], &mut questionnaires);
    files(&root.join("assets/presets"), &["ron"], &mut questionnaires);
    for path in questionnaires {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        // Only the texts people read: `vi: "…"` and `en: "…"`, not ids.
        for (line, text) in literals(&source) {
            let opening = source.lines().nth(line - 1).unwrap_or_default();
            let start: String = text.chars().take(24).collect();
            let language = ["vi", "en"]
                .into_iter()
                .find(|lang| opening.contains(&format!("{lang}: \"{start}")));
            if let Some(lang) = language {
                texts.push((format!("{name}:{line}"), lang == "vi", text));
            }
        }
    }
    // The user guide, each line in its language.
    for (file, vietnamese) in [("huong-dan.vi.md", true), ("guide.en.md", false)] {
        let path = root.join("assets/guide").join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        for (n, line) in source.lines().enumerate() {
            texts.push((
                format!("assets/guide/{file}:{}", n + 1),
                vietnamese,
                line.to_owned(),
            ));
        }
    }
    texts
}

#[test]
fn the_literal_reader_finds_vietnamese_and_english_texts_and_skips_comments() {
    let source = "// «bỏ qua»\nlet a = lang.pick(\"Xóa \\\"x\\\"\", \"Delete\"); let c = '\"'; let d = \"ấn bản\";";
    let found = literals(source);
    assert_eq!(
        found,
        vec![
            (2, "Xóa \"x\"".to_owned()),
            (2, "Delete".to_owned()),
            (2, "ấn bản".to_owned())
        ]
    );
    assert!(is_vietnamese("Xóa"));
    assert!(!is_vietnamese("Delete"));
    assert!(contains_word("Lưu bằng File Excel", "file"));
    assert!(!contains_word("profile", "file"));
    assert!(
        !contains_word("tệp “{in_file}”", "file"),
        "a name in a format string"
    );
    assert!(contains_word("trả lời «Không»", "«"));
}

#[test]
fn no_text_a_person_reads_uses_a_word_the_glossary_replaces() {
    let glossary = glossary();
    assert!(glossary.len() >= 20, "{} entries", glossary.len());
    let texts = texts();
    assert!(texts.len() > 3000, "only {} texts read", texts.len());
    let mut found = Vec::new();
    for (place, vi, text) in &texts {
        for entry in &glossary {
            let replaced = if *vi { &entry.not_vi } else { &entry.not_en };
            for word in replaced {
                if contains_word(text, word) {
                    found.push(format!(
                        "{place}: “{word}” (write “{}”): {text}",
                        entry.term
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} texts:\n{}",
        found.len(),
        found.join("\n")
    );
}
