//! Places a [`Report`] on A4 pages: wraps text by measuring it with the embedded
//! font, breaks pages between blocks and between table rows (never inside a row),
//! repeats table headers, and draws charts as vector shapes.
//!
//! Key types: [`Page`], [`Item`]; function [`layout`].
//!
//! Policy: pure: no PDF library here, so the placement can be tested on its own.
//! Coordinates are points from the top-left corner of the page, y growing downward.

use std::sync::OnceLock;

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::model::{Block, Report};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 50.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = PAGE_HEIGHT - 56.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Bold.ttf");

/// An RGB colour with components from 0 to 1.
pub type Rgb = [f32; 3];

const TEXT: Rgb = [0.13, 0.13, 0.13];
const MUTED: Rgb = [0.42, 0.42, 0.42];
const RULE: Rgb = [0.75, 0.75, 0.75];
const ACCENT: Rgb = [0.12, 0.44, 0.55];

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
        color: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
        dashed: bool,
        closed: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Polygon {
        points: Vec<(f32, f32)>,
        fill: Rgb,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Advance widths of the embedded fonts.
struct Metrics {
    regular: Widths,
    bold: Widths,
}

/// Advance widths in ems, by character: a table for the first 8,192 code
/// points (Latin with every Vietnamese letter, punctuation), a map for the rest.
struct Widths {
    dense: Vec<Option<f32>>,
    sparse: std::collections::HashMap<char, f32, foldhash::fast::RandomState>,
    fallback: f32,
}

const DENSE_CHARS: usize = 0x2000;

impl Widths {
    fn read(bytes: &'static [u8]) -> Widths {
        let mut widths = Widths {
            dense: vec![None; DENSE_CHARS],
            sparse: Default::default(),
            fallback: 0.55,
        };
        if let Ok(font) = skrifa::FontRef::new(bytes) {
            let upem = f32::from(
                font.metrics(Size::unscaled(), LocationRef::default())
                    .units_per_em
                    .max(1),
            );
            let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
            for (codepoint, glyph) in font.charmap().mappings() {
                if let (Some(c), Some(advance)) =
                    (char::from_u32(codepoint), metrics.advance_width(glyph))
                {
                    match widths.dense.get_mut(c as usize) {
                        Some(slot) => *slot = Some(advance / upem),
                        None => {
                            widths.sparse.insert(c, advance / upem);
                        }
                    }
                }
            }
            widths.fallback = widths.get('n').unwrap_or(widths.fallback);
        }
        widths
    }

    /// The advance of `c` in ems, if the font has it.
    fn get(&self, c: char) -> Option<f32> {
        match self.dense.get(c as usize) {
            Some(width) => *width,
            None => self.sparse.get(&c).copied(),
        }
    }

    fn has(&self, c: char) -> bool {
        self.get(c).is_some()
    }

    /// The advance of `c` in ems as the PDF will show it.
    fn advance(&self, c: char) -> f32 {
        match c {
            ARROW => ARROW_EM,
            c => self.get(c).unwrap_or(self.fallback),
        }
    }
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| Metrics {
        regular: Widths::read(REGULAR),
        bold: Widths::read(BOLD),
    })
}

/// The right arrow of the rules ("0% → 0 điểm"): the font has no glyph for it,
/// so it is measured as [`ARROW_EM`] of the size and drawn as lines.
pub const ARROW: char = '→';
const ARROW_EM: f32 = 0.9;

/// The text with the few symbols Noto Sans lacks spelled with letters it has, so
/// no box is ever printed; the right arrow is kept and drawn (see [`ARROW`]).
pub fn printable(text: &str) -> String {
    if text.chars().all(|c| c == ARROW || metrics().regular.has(c)) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            c if c == ARROW || metrics().regular.has(c) => c.to_string(),
            '⇒' | '➔' => ARROW.to_string(),
            '←' => "<-".to_owned(),
            '◇' | '◆' | '◊' => "*".to_owned(),
            '≥' => ">=".to_owned(),
            '≤' => "<=".to_owned(),
            _ => "?".to_owned(),
        })
        .collect()
}

/// Whether the embedded font draws `c` (regular or bold).
pub fn font_has(c: char, bold: bool) -> bool {
    widths(bold).has(c)
}

fn widths(bold: bool) -> &'static Widths {
    if bold {
        &metrics().bold
    } else {
        &metrics().regular
    }
}

/// The width of `text` in points at `size`.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let widths = widths(bold);
    text.chars().map(|c| widths.advance(c)).sum::<f32>() * size
}

/// Breaks `text` into lines no wider than `width`: at spaces, and inside a word
/// only when the word alone is too wide.
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    // Measured as it will be printed.
    let text = printable(text);
    let widths = widths(bold);
    // A line's width is summed in ems character by character, in the order
    // `text_width` sums it, so a line is kept exactly when `text_width` would
    // keep it, without measuring the whole line again for each word.
    let fits = |ems: f32| ems * size <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_ems = 0.0_f32;
        for word in paragraph.split_whitespace() {
            let start = if line.is_empty() {
                0.0
            } else {
                line_ems + widths.advance(' ')
            };
            let candidate = word.chars().fold(start, |sum, c| sum + widths.advance(c));
            if fits(candidate) {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_ems = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let word_ems = word.chars().fold(0.0, |sum, c| sum + widths.advance(c));
            if fits(word_ems) {
                line = word.to_owned();
                line_ems = word_ems;
                continue;
            }
            line_ems = 0.0;
            for c in word.chars() {
                line.push(c);
                line_ems += widths.advance(c);
                if !fits(line_ems) {
                    let last = line.pop().unwrap_or(c);
                    lines.push(std::mem::take(&mut line));
                    line.push(last);
                    line_ems = widths.advance(last);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Colour of a maturity level, from red (0) to blue-green (5).
pub fn level_color(level: u8) -> Rgb {
    match level {
        0 => [0.73, 0.23, 0.20],
        1 => [0.85, 0.45, 0.16],
        2 => [0.79, 0.64, 0.15],
        3 => [0.37, 0.62, 0.23],
        4 => [0.18, 0.52, 0.35],
        _ => [0.12, 0.44, 0.55],
    }
}

struct Writer {
    pages: Vec<Page>,
    y: f32,
}

impl Writer {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// Text at `x`, its right arrows drawn as a shaft and a head between the
    /// pieces of text around them.
    fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, text: &str, color: Rgb) {
        let text = printable(text);
        let mut x = x;
        for (i, piece) in text.split(ARROW).enumerate() {
            if i > 0 {
                let (left, right) = (x + 0.1 * size, x + (ARROW_EM - 0.1) * size);
                let (mid, head) = (baseline - 0.32 * size, 0.26 * size);
                let width = if bold { 1.0 } else { 0.75 };
                let page = self.page();
                page.items.push(Item::Line {
                    points: vec![(left, mid), (right, mid)],
                    width,
                    color,
                    dashed: false,
                    closed: false,
                });
                page.items.push(Item::Line {
                    points: vec![
                        (right - head, mid - head),
                        (right, mid),
                        (right - head, mid + head),
                    ],
                    width,
                    color,
                    dashed: false,
                    closed: false,
                });
                x += ARROW_EM * size;
            }
            if !piece.is_empty() {
                self.page().items.push(Item::Text {
                    x,
                    y: baseline,
                    size,
                    bold,
                    text: piece.to_owned(),
                    color,
                });
            }
            x += text_width(piece, size, bold);
        }
    }

    /// Wrapped lines from the cursor; returns nothing, moves the cursor down.
    fn lines(&mut self, text: &str, size: f32, bold: bool, color: Rgb, leading: f32) {
        for line in wrap(text, size, bold, CONTENT_WIDTH) {
            self.ensure(leading);
            self.y += leading;
            self.text(MARGIN_X, self.y - leading * 0.25, size, bold, &line, color);
        }
    }
}

/// Lays out the whole report.
pub fn layout(report: &Report) -> Vec<Page> {
    let mut w = Writer {
        pages: vec![Page::default()],
        y: TOP,
    };
    for block in &report.blocks {
        match block {
            Block::Title(text) => {
                w.lines(text, 17.0, true, TEXT, 22.0);
                w.y += 6.0;
            }
            Block::Heading(text) => {
                // Keep a heading with at least a few lines of what follows it.
                w.ensure(75.0);
                w.y += 10.0;
                w.lines(text, 12.5, true, ACCENT, 17.0);
                let y = w.y + 3.0;
                w.page().items.push(Item::Line {
                    points: vec![(MARGIN_X, y), (MARGIN_X + CONTENT_WIDTH, y)],
                    width: 0.6,
                    color: RULE,
                    dashed: false,
                    closed: false,
                });
                w.y += 8.0;
            }
            Block::Paragraph(text) => {
                w.lines(text, 10.0, false, TEXT, 14.0);
                w.y += 4.0;
            }
            Block::Fields(pairs) => fields(&mut w, pairs),
            Block::Badge { text, level } => {
                let lines = wrap(text, 14.0, true, CONTENT_WIDTH - 24.0);
                let height = 12.0 + 20.0 * lines.len() as f32;
                w.ensure(height + 8.0);
                let top = w.y + 4.0;
                w.page().items.push(Item::Rect {
                    x: MARGIN_X,
                    y: top,
                    w: CONTENT_WIDTH,
                    h: height,
                    fill: level_color(*level),
                });
                for (i, line) in lines.iter().enumerate() {
                    w.text(
                        MARGIN_X + 12.0,
                        top + 21.0 + 20.0 * i as f32,
                        14.0,
                        true,
                        line,
                        [1.0, 1.0, 1.0],
                    );
                }
                w.y = top + height + 8.0;
            }
            Block::Table {
                header,
                widths,
                rows,
            } => table(&mut w, header, widths, rows),
            Block::Radar { axes, series } => radar(&mut w, axes, series),
            Block::Bars { items, max } => bars(&mut w, items, *max, report.lang),
            Block::Signatures(captions) => signatures(&mut w, captions),
            Block::Spacer(height) => w.y += height,
        }
    }
    let total = w.pages.len();
    for (i, page) in w.pages.iter_mut().enumerate() {
        decorate(page, report, i + 1, total);
    }
    w.pages
}

const HEADER_SIZE: f32 = 8.5;
const HEADER_LEADING: f32 = 10.0;

/// The running header's lines: one if it fits the width, else broken after
/// its " · " separators and wrapped, never shortened.
fn header_lines(header: &str) -> Vec<String> {
    if text_width(header, HEADER_SIZE, false) <= CONTENT_WIDTH {
        return vec![header.to_owned()];
    }
    header
        .split(" · ")
        .flat_map(|part| wrap(part, HEADER_SIZE, false, CONTENT_WIDTH))
        .collect()
}

/// The running header and the footer with "Trang i/n".
fn decorate(page: &mut Page, report: &Report, number: usize, total: usize) {
    // Printed whole: on one line when it fits, else the program's name above
    // the region (each wrapped if it must be), the last line just above the rule.
    for (i, line) in header_lines(&report.running_header)
        .iter()
        .rev()
        .enumerate()
    {
        page.items.push(Item::Text {
            x: MARGIN_X,
            y: 36.0 - HEADER_LEADING * i as f32,
            size: HEADER_SIZE,
            bold: false,
            text: line.clone(),
            color: MUTED,
        });
    }
    page.items.push(Item::Line {
        points: vec![(MARGIN_X, 42.0), (MARGIN_X + CONTENT_WIDTH, 42.0)],
        width: 0.5,
        color: RULE,
        dashed: false,
        closed: false,
    });
    let footer_y = PAGE_HEIGHT - 30.0;
    page.items.push(Item::Text {
        x: MARGIN_X,
        y: footer_y,
        size: 8.5,
        bold: false,
        text: report.footer.clone(),
        color: MUTED,
    });
    let number_text = format!("{} {number}/{total}", report.page_word);
    let x = MARGIN_X + CONTENT_WIDTH - text_width(&number_text, 8.5, false);
    page.items.push(Item::Text {
        x,
        y: footer_y,
        size: 8.5,
        bold: false,
        text: number_text,
        color: MUTED,
    });
}

fn fields(w: &mut Writer, pairs: &[(String, String)]) {
    let label_width = CONTENT_WIDTH * 0.3;
    let value_width = CONTENT_WIDTH - label_width - 8.0;
    for (label, value) in pairs {
        let label_lines = wrap(label, 9.5, true, label_width);
        let value_lines = wrap(value, 9.5, false, value_width);
        let height = 13.0 * label_lines.len().max(value_lines.len()) as f32;
        w.ensure(height);
        let top = w.y;
        for (i, line) in label_lines.iter().enumerate() {
            w.text(
                MARGIN_X,
                top + 10.0 + 13.0 * i as f32,
                9.5,
                true,
                line,
                MUTED,
            );
        }
        for (i, line) in value_lines.iter().enumerate() {
            w.text(
                MARGIN_X + label_width + 8.0,
                top + 10.0 + 13.0 * i as f32,
                9.5,
                false,
                line,
                TEXT,
            );
        }
        w.y = top + height;
    }
    w.y += 4.0;
}

fn table(w: &mut Writer, header: &[String], widths: &[f32], rows: &[Vec<String>]) {
    let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
    let columns: Vec<f32> = widths.iter().map(|f| f / total * CONTENT_WIDTH).collect();
    let size = 9.0;
    let leading = 11.5;
    let row_height = |cells: &[String], bold: bool| -> (Vec<Vec<String>>, f32) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&columns)
            .map(|(cell, width)| wrap(cell, size, bold, width - 8.0))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (wrapped, 6.0 + leading * lines as f32)
    };
    let draw_row =
        |w: &mut Writer, wrapped: &[Vec<String>], height: f32, bold: bool, shade: Option<Rgb>| {
            let top = w.y;
            if let Some(fill) = shade {
                w.page().items.push(Item::Rect {
                    x: MARGIN_X,
                    y: top,
                    w: CONTENT_WIDTH,
                    h: height,
                    fill,
                });
            }
            let mut x = MARGIN_X;
            for (lines, width) in wrapped.iter().zip(&columns) {
                for (i, line) in lines.iter().enumerate() {
                    w.text(
                        x + 4.0,
                        top + 3.0 + leading * (i as f32 + 1.0) - 2.5,
                        size,
                        bold,
                        line,
                        TEXT,
                    );
                }
                x += width;
            }
            w.page().items.push(Item::Line {
                points: vec![
                    (MARGIN_X, top + height),
                    (MARGIN_X + CONTENT_WIDTH, top + height),
                ],
                width: 0.4,
                color: RULE,
                dashed: false,
                closed: false,
            });
            w.y = top + height;
        };
    let (header_cells, header_height) = row_height(header, true);
    w.ensure(header_height * 2.0);
    draw_row(
        w,
        &header_cells,
        header_height,
        true,
        Some([0.92, 0.94, 0.95]),
    );
    for row in rows {
        let (cells, height) = row_height(row, false);
        if w.y + height > BOTTOM {
            // A row never splits: it moves to the next page under a repeated header.
            w.new_page();
            draw_row(
                w,
                &header_cells,
                header_height,
                true,
                Some([0.92, 0.94, 0.95]),
            );
        }
        draw_row(w, &cells, height, false, None);
    }
    w.y += 8.0;
}

fn radar(w: &mut Writer, axes: &[String], series: &[super::model::RadarSeries]) {
    let height = 250.0;
    w.ensure(height);
    let center = (MARGIN_X + CONTENT_WIDTH / 2.0, w.y + 120.0);
    let radius = 85.0;
    let n = axes.len().max(3);
    let point = |i: usize, r: f32| {
        let angle = -std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * i as f32 / n as f32;
        (center.0 + angle.cos() * r, center.1 + angle.sin() * r)
    };
    // Fill of the last (solid) series first, so the grid stays visible on top of it.
    if let Some(last) = series.iter().rev().find(|s| !s.dashed) {
        let points: Vec<(f32, f32)> = last
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| point(i, radius * v.clamp(0.0, 1.0) as f32))
            .collect();
        for i in 0..points.len() {
            let next = points[(i + 1) % points.len()];
            w.page().items.push(Item::Polygon {
                points: vec![center, points[i], next],
                fill: [0.85, 0.91, 0.94],
            });
        }
    }
    for step in 1..=5 {
        let ring: Vec<(f32, f32)> = (0..n)
            .map(|i| point(i, radius * step as f32 / 5.0))
            .collect();
        w.page().items.push(Item::Line {
            points: ring,
            width: 0.4,
            color: RULE,
            dashed: false,
            closed: true,
        });
    }
    for (i, name) in axes.iter().enumerate() {
        w.page().items.push(Item::Line {
            points: vec![center, point(i, radius)],
            width: 0.4,
            color: RULE,
            dashed: false,
            closed: false,
        });
        let (ax, ay) = point(i, radius + 10.0);
        let lines = wrap(name, 8.5, false, 120.0);
        let block_height = 10.0 * lines.len() as f32;
        for (k, line) in lines.iter().enumerate() {
            let width = text_width(line, 8.5, false);
            let x = if (ax - center.0).abs() < 2.0 {
                ax - width / 2.0
            } else if ax > center.0 {
                ax
            } else {
                ax - width
            };
            let top = if (ax - center.0).abs() < 2.0 && ay < center.1 {
                ay - block_height
            } else if (ax - center.0).abs() < 2.0 {
                ay + 2.0
            } else {
                ay - block_height / 2.0
            };
            w.text(x, top + 8.0 + 10.0 * k as f32, 8.5, false, line, TEXT);
        }
    }
    let mut legend_x = MARGIN_X;
    let legend_y = w.y + 245.0;
    for s in series {
        let color = if s.dashed { MUTED } else { ACCENT };
        let points: Vec<(f32, f32)> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| point(i, radius * v.clamp(0.0, 1.0) as f32))
            .collect();
        w.page().items.push(Item::Line {
            points,
            width: 1.6,
            color,
            dashed: s.dashed,
            closed: true,
        });
        w.page().items.push(Item::Line {
            points: vec![
                (legend_x, legend_y - 3.0),
                (legend_x + 22.0, legend_y - 3.0),
            ],
            width: 1.6,
            color,
            dashed: s.dashed,
            closed: false,
        });
        w.text(legend_x + 28.0, legend_y, 8.5, false, &s.label, TEXT);
        legend_x += 40.0 + text_width(&s.label, 8.5, false);
    }
    w.y += height + 6.0;
}

fn bars(w: &mut Writer, items: &[(String, f64)], max: f64, lang: crate::text::Lang) {
    let label_width = CONTENT_WIDTH * 0.38;
    let bar_width = CONTENT_WIDTH - label_width - 50.0;
    for (label, value) in items {
        let lines = wrap(label, 8.5, false, label_width - 6.0);
        let height = (11.0 * lines.len() as f32).max(13.0) + 2.0;
        w.ensure(height);
        let top = w.y;
        for (i, line) in lines.iter().enumerate() {
            w.text(
                MARGIN_X,
                top + 9.5 + 11.0 * i as f32,
                8.5,
                false,
                line,
                TEXT,
            );
        }
        let length = if max > 0.0 {
            (value / max).clamp(0.0, 1.0) as f32 * bar_width
        } else {
            0.0
        };
        w.page().items.push(Item::Rect {
            x: MARGIN_X + label_width,
            y: top + 2.0,
            w: bar_width,
            h: 9.0,
            fill: [0.94, 0.94, 0.94],
        });
        if length > 0.0 {
            w.page().items.push(Item::Rect {
                x: MARGIN_X + label_width,
                y: top + 2.0,
                w: length,
                h: 9.0,
                fill: ACCENT,
            });
        }
        let decimals = if value.fract() == 0.0 { 0 } else { 1 };
        let number = crate::text::format_decimal(*value, decimals, lang);
        w.text(
            MARGIN_X + label_width + bar_width + 6.0,
            top + 9.5,
            8.5,
            false,
            &number,
            TEXT,
        );
        w.y = top + height;
    }
    w.y += 6.0;
}

fn signatures(w: &mut Writer, captions: &[String]) {
    let n = captions.len().max(1) as f32;
    let width = CONTENT_WIDTH / n;
    w.ensure(100.0);
    w.y += 14.0;
    let top = w.y;
    for (i, caption) in captions.iter().enumerate() {
        let x = MARGIN_X + width * i as f32;
        for (k, line) in wrap(caption, 9.5, true, width - 20.0).iter().enumerate() {
            w.text(x, top + 10.0 + 12.0 * k as f32, 9.5, true, line, TEXT);
        }
        w.page().items.push(Item::Line {
            points: vec![(x, top + 80.0), (x + width - 30.0, top + 80.0)],
            width: 0.5,
            color: MUTED,
            dashed: true,
            closed: false,
        });
    }
    w.y = top + 90.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::Report;

    fn report(blocks: Vec<Block>) -> Report {
        Report {
            title: "t".into(),
            running_header: "Chương trình".into(),
            footer: "Ngày lập: 26/11/2026".into(),
            page_word: "Trang".into(),
            lang: crate::text::Lang::Vi,
            blocks,
        }
    }

    fn texts(page: &Page) -> Vec<(f32, f32, String)> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    x,
                    y,
                    text,
                    size,
                    bold,
                    ..
                } => Some((
                    *x,
                    *x + text_width(text, *size, *bold) + 0.0 * y,
                    text.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn symbols_the_font_lacks_are_spelled_out_and_vietnamese_is_kept() {
        assert_eq!(printable("trên 80% ⇒ 5 · 3 ≥ 2"), "trên 80% → 5 · 3 >= 2");
        assert_eq!(
            printable("Hợp tác xã Bưởi – Chợ Lách · 20 %"),
            "Hợp tác xã Bưởi – Chợ Lách · 20 %"
        );
    }

    #[test]
    fn a_right_arrow_is_drawn_as_a_shaft_and_a_head_between_the_words_around_it() {
        let pages = layout(&report(vec![Block::Paragraph("0% → 0 điểm".into())]));
        let words = texts(&pages[0]);
        let before = words.iter().find(|(_, _, t)| t == "0% ").unwrap();
        let after = words.iter().find(|(_, _, t)| t == " 0 điểm").unwrap();
        assert!(words.iter().all(|(_, _, t)| !t.contains(['→', '-'])));
        let strokes: Vec<&Vec<(f32, f32)>> = pages[0]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Line { points, .. } if points[0].0 >= before.1 && points[0].0 < after.0 => {
                    Some(points)
                }
                _ => None,
            })
            .collect();
        assert_eq!(strokes.len(), 2, "a shaft and a head: {strokes:?}");
        let gap = after.0 - before.1;
        assert!(
            (gap - 0.8 * 10.0).abs() < 3.0,
            "the arrow is about 0.8 em wide: {gap}"
        );
    }

    #[test]
    fn vietnamese_text_is_measured_wider_when_longer() {
        assert!(text_width("Bến Tre", 10.0, false) > 0.0);
        assert!(
            text_width("Công ty TNHH Bến Tre", 10.0, false) > text_width("Bến Tre", 10.0, false)
        );
        assert!(
            text_width("Bến", 10.0, true) > text_width("Bến", 10.0, false),
            "bold is wider"
        );
    }

    /// Wrapping as it was first written: every candidate line measured whole.
    fn wrap_measuring_each_candidate(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let text = printable(text);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if text_width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if text_width(word, size, bold) <= width {
                    line = word.to_owned();
                } else {
                    for c in word.chars() {
                        line.push(c);
                        if text_width(&line, size, bold) > width {
                            let last = line.pop().unwrap_or(c);
                            lines.push(std::mem::take(&mut line));
                            line.push(last);
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    #[test]
    fn wrapping_breaks_every_questionnaire_text_where_measuring_each_whole_line_would() {
        let registry = crate::questionnaire::registry::Registry::builtin().unwrap();
        let mut texts: Vec<String> = Vec::new();
        for q in registry.all() {
            for (_, question) in q.questions() {
                for text in [Some(&question.text), question.help.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    texts.push(text.vi.clone());
                    texts.push(text.en.clone());
                }
            }
        }
        texts.push("Mộtchữrấtdàikhôngcókhoảngtrắngnàođểngắtdòngởđâucả → hết".repeat(4));
        texts.push("  hai  khoảng\n\ntrắng  ".to_owned());
        let mut compared = 0;
        for text in &texts {
            for (size, bold, width) in [
                (9.0, false, CONTENT_WIDTH),
                (17.0, true, 200.0),
                (8.5, false, 61.3),
            ] {
                let lines = wrap(text, size, bold, width);
                assert_eq!(
                    lines,
                    wrap_measuring_each_candidate(text, size, bold, width),
                    "{text}"
                );
                compared += 1;
            }
        }
        assert!(compared > 600, "{compared}");
    }

    #[test]
    fn a_long_name_wraps_inside_the_content_width() {
        let name = "Công ty TNHH Thương mại Dịch vụ Xuất nhập khẩu Nông sản Bến Tre";
        let lines = wrap(name, 17.0, true, 200.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 17.0, true) <= 200.0));
        assert_eq!(lines.join(" "), name, "no word is lost");
        let pages = layout(&report(vec![Block::Title(name.into())]));
        for (left, right, text) in texts(&pages[0]) {
            assert!(
                left >= MARGIN_X - 0.01 && right <= PAGE_WIDTH - MARGIN_X + 0.01,
                "{text} overflows: {left}–{right}"
            );
        }
    }

    #[test]
    fn a_long_table_breaks_between_rows_and_repeats_its_header() {
        let rows: Vec<Vec<String>> = (0..120)
            .map(|i| vec![format!("Doanh nghiệp số {i}"), i.to_string()])
            .collect();
        let pages = layout(&report(vec![Block::Table {
            header: vec!["Tên".into(), "Mức".into()],
            widths: vec![3.0, 1.0],
            rows,
        }]));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for page in &pages {
            let names: Vec<String> = texts(page).into_iter().map(|(_, _, t)| t).collect();
            assert!(
                names.contains(&"Tên".to_owned()),
                "header repeated on every page"
            );
        }
        let all: usize = pages
            .iter()
            .map(|p| {
                texts(p)
                    .iter()
                    .filter(|(_, _, t)| t.starts_with("Doanh nghiệp số"))
                    .count()
            })
            .sum();
        assert_eq!(all, 120, "every row once, none split");
    }

    #[test]
    fn every_page_is_numbered_out_of_the_total() {
        let rows: Vec<Vec<String>> = (0..120).map(|i| vec![i.to_string()]).collect();
        let pages = layout(&report(vec![Block::Table {
            header: vec!["#".into()],
            widths: vec![1.0],
            rows,
        }]));
        let n = pages.len();
        let last: Vec<String> = texts(&pages[n - 1])
            .into_iter()
            .map(|(_, _, t)| t)
            .collect();
        assert!(last.contains(&format!("Trang {n}/{n}")));
        assert!(
            texts(&pages[0])
                .iter()
                .any(|(_, _, t)| t == &format!("Trang 1/{n}"))
        );
    }
}
