//! The user guide, in Vietnamese and English: one section per screen and per
//! task (a consultant's visit, the office's week, self-assessment, team work,
//! sealed bundles, personal data, backups), shown in the window's help and
//! printed as a PDF.
//!
//! Key types: [`Guide`], [`Section`], [`Piece`]; function [`Guide::get`].
//!
//! Policy: the guide is text kept in `assets/guide/` (a small part of Markdown:
//! `#` title, `## id: title` sections, paragraphs, `- ` items, `1. ` steps and
//! `code` in backticks) and read once; both languages have the same sections in
//! the same order, which a test holds. Pure; no I/O.
//!
//! ```
//! use sohoa_core::{guide::Guide, text::Lang};
//! let guide = Guide::get(Lang::Vi);
//! assert_eq!(guide.title, "Hướng dẫn sử dụng Sohoa");
//! assert_eq!(guide.section("walkthrough").unwrap().title, "Trả lời bộ câu hỏi");
//! ```

use std::sync::LazyLock;

use crate::text::Lang;

const VIETNAMESE: &str = include_str!("../../../assets/guide/huong-dan.vi.md");
const ENGLISH: &str = include_str!("../../../assets/guide/guide.en.md");

/// One language's guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub title: String,
    /// What comes before the first section.
    pub intro: Vec<Piece>,
    pub sections: Vec<Section>,
}

/// A part of the guide, about one screen or one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// What the window asks for (`walkthrough`, `backups`).
    pub id: String,
    pub title: String,
    pub pieces: Vec<Piece>,
}

/// A paragraph, an item of a list, or a numbered step.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Paragraph(String),
    Item(String),
    Step(u32, String),
}

static GUIDES: LazyLock<[Guide; 2]> = LazyLock::new(|| [parse(VIETNAMESE), parse(ENGLISH)]);

impl Guide {
    /// The guide in `lang`.
    pub fn get(lang: Lang) -> &'static Guide {
        match lang {
            Lang::Vi => &GUIDES[0],
            Lang::En => &GUIDES[1],
        }
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

impl Piece {
    /// The text of the piece as it is read, without the backticks that mark
    /// a command.
    pub fn text(&self) -> String {
        let text = match self {
            Piece::Paragraph(text) | Piece::Item(text) | Piece::Step(_, text) => text,
        };
        text.replace('`', "")
    }
}

/// Reads guide text: lines joined into paragraphs, items and steps.
pub fn parse(text: &str) -> Guide {
    let mut guide = Guide {
        title: String::new(),
        intro: Vec::new(),
        sections: Vec::new(),
    };
    let mut open: Option<Piece> = None;
    fn close(guide: &mut Guide, open: &mut Option<Piece>) {
        if let Some(piece) = open.take() {
            match guide.sections.last_mut() {
                Some(section) => section.pieces.push(piece),
                None => guide.intro.push(piece),
            }
        }
    }
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(title) = line.strip_prefix("## ") {
            close(&mut guide, &mut open);
            let (id, title) = title.split_once(": ").unwrap_or(("", title));
            guide.sections.push(Section {
                id: id.trim().to_owned(),
                title: crate::text::nfc_line(title),
                pieces: Vec::new(),
            });
        } else if let Some(title) = line.strip_prefix("# ") {
            close(&mut guide, &mut open);
            guide.title = crate::text::nfc_line(title);
        } else if line.trim().is_empty() {
            close(&mut guide, &mut open);
        } else if let Some(item) = line.strip_prefix("- ") {
            close(&mut guide, &mut open);
            open = Some(Piece::Item(crate::text::nfc_line(item)));
        } else if let Some((number, step)) = line
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            close(&mut guide, &mut open);
            let number = number.parse().unwrap_or(0);
            open = Some(Piece::Step(number, crate::text::nfc_line(step)));
        } else {
            let more = crate::text::nfc_line(line);
            open = Some(match open.take() {
                Some(Piece::Paragraph(text)) => Piece::Paragraph(format!("{text} {more}")),
                Some(Piece::Item(text)) => Piece::Item(format!("{text} {more}")),
                Some(Piece::Step(n, text)) => Piece::Step(n, format!("{text} {more}")),
                None => Piece::Paragraph(more),
            });
        }
    }
    close(&mut guide, &mut open);
    guide
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_sections_in_the_same_order_each_with_words() {
        let (vi, en) = (Guide::get(Lang::Vi), Guide::get(Lang::En));
        let ids = |g: &Guide| g.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(vi), ids(en));
        assert_eq!(vi.sections.len(), 17);
        for section in vi.sections.iter().chain(&en.sections) {
            assert!(!section.id.is_empty() && !section.title.is_empty());
            assert!(section.pieces.len() >= 2, "{}", section.id);
        }
        for (a, b) in vi.sections.iter().zip(&en.sections) {
            let steps = |s: &Section| {
                s.pieces
                    .iter()
                    .filter(|p| matches!(p, Piece::Step(..)))
                    .count()
            };
            assert_eq!(steps(a), steps(b), "the steps of {}", a.id);
        }
    }

    #[test]
    fn lines_make_paragraphs_items_and_numbered_steps() {
        let guide = parse(
            "# Tiêu đề\n\nMở đầu\nhai dòng.\n\n## a: Một\n\n- mục một\n- mục\n  hai\n\n1. bước `lệnh`\n2. bước hai\n",
        );
        assert_eq!(guide.title, "Tiêu đề");
        assert_eq!(guide.intro, [Piece::Paragraph("Mở đầu hai dòng.".into())]);
        assert_eq!(
            guide.sections[0].pieces,
            [
                Piece::Item("mục một".into()),
                Piece::Item("mục hai".into()),
                Piece::Step(1, "bước `lệnh`".into()),
                Piece::Step(2, "bước hai".into()),
            ]
        );
        assert_eq!(guide.sections[0].pieces[2].text(), "bước lệnh");
    }
}
