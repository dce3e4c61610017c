//! What goes on the pages of a report, independent of how it is drawn.
//!
//! Key types: [`Report`], [`Block`], [`RadarSeries`].
//!
//! Policy: a report is plain data built by [`super::summary`] and [`super::program`];
//! [`super::layout`] places it on A4 pages and [`super::pdf`] draws them. All text
//! is NFC before it gets here.

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The document title (PDF metadata).
    pub title: String,
    /// A line repeated at the top of every page (the program's name).
    pub running_header: String,
    /// Left part of the footer, e.g. "Ngày lập: 26/11/2026".
    pub footer: String,
    /// "Trang" or "Page": the footer reads "Trang 1/2".
    pub page_word: String,
    /// The language figures drawn by the layout are written in (`1.000`, `12,5`).
    pub lang: crate::text::Lang,
    pub blocks: Vec<Block>,
}

/// One piece of content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The big title at the start.
    Title(String),
    Heading(String),
    Paragraph(String),
    /// Label → value pairs in two columns.
    Fields(Vec<(String, String)>),
    /// A coloured band with the overall level, e.g. "Mức 3 – Hình thành · 143/320 điểm".
    Badge {
        text: String,
        level: u8,
    },
    /// A table; rows never split across pages and the header repeats on each page.
    Table {
        header: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// A radar chart of shares from 0 to 1, one axis per name.
    Radar {
        axes: Vec<String>,
        series: Vec<RadarSeries>,
    },
    /// Horizontal bars: label and value; `max` is the full length.
    Bars {
        items: Vec<(String, f64)>,
        max: f64,
    },
    /// Signature boxes side by side, each with its caption.
    Signatures(Vec<String>),
    Spacer(f32),
}

/// One outline on a radar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSeries {
    pub label: String,
    pub values: Vec<f64>,
    /// Dashed and grey (the baseline) or solid and coloured.
    pub dashed: bool,
}

impl Report {
    /// Every text in the report, for tests and searches.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![
            self.title.as_str(),
            self.running_header.as_str(),
            self.footer.as_str(),
        ];
        for block in &self.blocks {
            match block {
                Block::Title(t) | Block::Heading(t) | Block::Paragraph(t) => out.push(t),
                Block::Badge { text, .. } => out.push(text),
                Block::Fields(pairs) => pairs
                    .iter()
                    .for_each(|(a, b)| out.extend([a.as_str(), b.as_str()])),
                Block::Table { header, rows, .. } => {
                    out.extend(header.iter().map(String::as_str));
                    rows.iter().flatten().for_each(|c| out.push(c));
                }
                Block::Radar { axes, series } => {
                    out.extend(axes.iter().map(String::as_str));
                    out.extend(series.iter().map(|s| s.label.as_str()));
                }
                Block::Bars { items, .. } => out.extend(items.iter().map(|(l, _)| l.as_str())),
                Block::Signatures(captions) => out.extend(captions.iter().map(String::as_str)),
                Block::Spacer(_) => {}
            }
        }
        out
    }
}
