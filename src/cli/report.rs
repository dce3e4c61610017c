//! `sohoa report` and `sohoa program-report`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{Failure, Out};
use sohoa_core::report::{self, ReportError};
use sohoa_core::text::{Lang, local_date};
use sohoa_core::workspace::Workspace;

fn failure(e: ReportError) -> Failure {
    match e {
        ReportError::NoAssessment(_) | ReportError::Data(_) => Failure::BadInput(e.into()),
        _ => Failure::Internal(e.into()),
    }
}

pub fn one(
    ws: &Workspace,
    query: &str,
    output: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let e = ws
        .find(query)
        .ok_or_else(|| Failure::from(ws.missing(query)))?;
    let today = local_date(jiff::Timestamp::now());
    let bytes = report::enterprise_pdf(ws, e, lang, today).map_err(failure)?;
    write_and_say(output, &bytes, out)
}

/// Writes a PDF and prints where it went and how large it is.
fn write_and_say(output: &Path, bytes: &[u8], out: &mut Out) -> Result<ExitCode, Failure> {
    report::write_pdf(output, bytes).map_err(failure)?;
    out.line(format!(
        "{} ({} KB)",
        output.display(),
        bytes.len().div_ceil(1024)
    ));
    Ok(ExitCode::SUCCESS)
}

/// `sohoa guide -o FILE.pdf`: the user guide, without a data folder.
pub fn guide(output: &Path, lang: Lang, out: &mut Out) -> Result<ExitCode, Failure> {
    let today = local_date(jiff::Timestamp::now());
    let bytes = report::guide_pdf(lang, today).map_err(failure)?;
    write_and_say(output, &bytes, out)
}

pub fn all(ws: &Workspace, dir: &Path, lang: Lang, out: &mut Out) -> Result<ExitCode, Failure> {
    let today = local_date(jiff::Timestamp::now());
    let total = ws.enterprises().iter().filter(|e| !e.archived).count();
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let started = std::time::Instant::now();
    let batch = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                eprint!("\r{} / {total}", done.load(Ordering::Relaxed));
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            eprintln!("\r{total} / {total}");
        });
        let batch = report::write_all(ws, dir, lang, today, &done);
        finished.store(true, Ordering::Relaxed);
        batch
    })
    .map_err(failure)?;
    let (written, skipped) = (batch.written.len(), batch.skipped);
    let (dir, seconds) = (
        dir.display(),
        sohoa_core::text::format_decimal(started.elapsed().as_secs_f64(), 1, lang),
    );
    out.line(lang.pick(
        format!(
            "Đã ghi {written} tệp PDF vào {dir} trong {seconds} giây; bỏ qua {skipped} doanh nghiệp chưa có đánh giá hoàn thành"
        ),
        format!(
            "{written} PDF files written to {dir} in {seconds} s; {skipped} enterprises without a completed assessment skipped"
        ),
    ));
    if batch.failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let failed = batch.failed.len();
    eprintln!(
        "{}",
        lang.pick(
            format!("{failed} báo cáo không tạo được:"),
            format!("{failed} report(s) failed:"),
        )
    );
    for (name, why) in &batch.failed {
        eprintln!(
            "  {name}: {}",
            sohoa_core::explain::Explain::explain(why, lang)
        );
    }
    Ok(ExitCode::from(1))
}

pub fn program(
    ws: &Workspace,
    output: &Path,
    lang: Lang,
    out: &mut Out,
) -> Result<ExitCode, Failure> {
    let today = local_date(jiff::Timestamp::now());
    let bytes = report::program_pdf(ws, lang, today).map_err(failure)?;
    write_and_say(output, &bytes, out)
}
