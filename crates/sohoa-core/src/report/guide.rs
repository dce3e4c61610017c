//! The user guide as a PDF an office can print: its title, then each section
//! with its paragraphs, items and steps.
//!
//! Key function: [`guide_report`]. Pure; the model is drawn by [`super::render`].

use jiff::civil::Date;

use super::model::{Block, Report};
use crate::guide::{Guide, Piece};
use crate::text::{Lang, format_date};

/// The guide in `lang`, dated `today`.
pub fn guide_report(lang: Lang, today: Date) -> Report {
    let guide = Guide::get(lang);
    let mut blocks = vec![Block::Title(guide.title.clone())];
    let piece = |p: &Piece| {
        Block::Paragraph(match p {
            Piece::Paragraph(_) => p.text(),
            Piece::Item(_) => format!("•  {}", p.text()),
            Piece::Step(n, _) => format!("{n}.  {}", p.text()),
        })
    };
    blocks.extend(guide.intro.iter().map(piece));
    for section in &guide.sections {
        blocks.push(Block::Heading(section.title.clone()));
        blocks.extend(section.pieces.iter().map(piece));
    }
    Report {
        title: guide.title.clone(),
        running_header: guide.title.clone(),
        footer: lang.pick(
            format!(
                "Sohoa {} · {}",
                env!("CARGO_PKG_VERSION"),
                format_date(today)
            ),
            format!(
                "Sohoa {} · {}",
                env!("CARGO_PKG_VERSION"),
                format_date(today)
            ),
        ),
        page_word: lang.pick("Trang", "Page").to_owned(),
        lang,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_prints_every_section_as_a_heading_in_either_language() {
        for lang in [Lang::Vi, Lang::En] {
            let report = guide_report(lang, jiff::civil::date(2026, 12, 7));
            let headings = report
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Heading(_)))
                .count();
            assert_eq!(headings, Guide::get(lang).sections.len());
            let bytes = super::super::render(&report).unwrap();
            assert!(bytes.starts_with(b"%PDF"));
        }
    }
}
