//! Draws laid-out pages with printpdf: the only module that knows the PDF library.
//!
//! Policy: the fonts are embedded and subset (printpdf's `text_layout` feature), so a
//! one-page summary stays small and `pdftotext` reads the Vietnamese words back.
//! Streams are compressed at zlib's level 2, not printpdf's highest: at the
//! highest level compression took a third of the time of a batch of PDFs, at
//! the default level a quarter; level 2 takes about a sixth and makes the files
//! 5 % larger than the default level (a one-enterprise summary: 35 KB to 37 KB).
//! The fonts are read once per run and shared by every PDF of it.

use std::sync::OnceLock;

use printpdf::{
    Color, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb as PdfRgb,
    TextItem, WindingOrder,
};

use super::layout::{BOLD, Item, PAGE_HEIGHT, PAGE_WIDTH, Page, REGULAR, Rgb};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read (a defect of this build).
    #[error("the embedded font could not be read: {0}")]
    Font(String),
    /// The document could not be written out (a defect of this build).
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(PdfRgb::new(rgb[0], rgb[1], rgb[2], None))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_HEIGHT - y),
        },
        bezier: false,
    }
}

/// The embedded fonts, regular and bold, read once for every PDF of a run.
fn fonts() -> Result<&'static (ParsedFont, ParsedFont), PdfError> {
    // The error is the name of the font that could not be read.
    static FONTS: OnceLock<Result<(ParsedFont, ParsedFont), &'static str>> = OnceLock::new();
    let read = || {
        let mut warnings = Vec::new();
        let regular =
            ParsedFont::from_bytes(REGULAR, 0, &mut warnings).ok_or("Noto Sans Regular")?;
        let bold = ParsedFont::from_bytes(BOLD, 0, &mut warnings).ok_or("Noto Sans Bold")?;
        Ok((regular, bold))
    };
    FONTS
        .get_or_init(read)
        .as_ref()
        .map_err(|name| PdfError::Font((*name).to_owned()))
}

/// The PDF bytes of `pages`.
pub fn render(title: &str, pages: &[Page]) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = fonts()?;
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(regular);
    let bold = doc.add_font(bold);
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.items.len() * 6);
            for item in &page.items {
                match item {
                    Item::Text {
                        x,
                        y,
                        size,
                        bold: is_bold,
                        text,
                        color: rgb,
                    } => {
                        let font = if *is_bold {
                            bold.clone()
                        } else {
                            regular.clone()
                        };
                        ops.extend([
                            Op::StartTextSection,
                            Op::SetFont {
                                font: PdfFontHandle::External(font),
                                size: Pt(*size),
                            },
                            Op::SetFillColor { col: color(*rgb) },
                            Op::SetTextCursor {
                                pos: Point {
                                    x: Pt(*x),
                                    y: Pt(PAGE_HEIGHT - y),
                                },
                            },
                            Op::ShowText {
                                items: vec![TextItem::Text(text.clone())],
                            },
                            Op::EndTextSection,
                        ]);
                    }
                    Item::Line {
                        points,
                        width,
                        color: rgb,
                        dashed,
                        closed,
                    } => {
                        ops.push(Op::SetOutlineColor { col: color(*rgb) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        ops.push(Op::SetLineDashPattern {
                            dash: if *dashed {
                                LineDashPattern::new(0.0, &[4.0, 3.0])
                            } else {
                                LineDashPattern::solid()
                            },
                        });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: points.iter().map(|(x, y)| point(*x, *y)).collect(),
                                is_closed: *closed,
                            },
                        });
                    }
                    Item::Rect { x, y, w, h, fill } => {
                        ops.push(Op::SetFillColor { col: color(*fill) });
                        let corners = [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)];
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: corners.iter().map(|(x, y)| point(*x, *y)).collect(),
                                }],
                                mode: PaintMode::Fill,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                    Item::Polygon { points, fill } => {
                        ops.push(Op::SetFillColor { col: color(*fill) });
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: points.iter().map(|(x, y)| point(*x, *y)).collect(),
                                }],
                                mode: PaintMode::Fill,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm::from(Pt(PAGE_WIDTH)), Mm::from(Pt(PAGE_HEIGHT)), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        // Compressed below, at another level.
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let doc = doc.with_pages(pdf_pages);
    let mut pdf = printpdf::serialize::to_lopdf_doc(doc, &options, &mut Vec::new());
    for object in pdf.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
            && let Some(compressed) = deflate(&stream.content)
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// `content` compressed with zlib at level 2, when that makes it
/// smaller (a stream's dictionary then takes 19 bytes more).
fn deflate(content: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(2));
    encoder.write_all(content).ok()?;
    let compressed = encoder.finish().ok()?;
    (compressed.len() + 19 < content.len()).then_some(compressed)
}
