//! A small append-only log of errors, beside (not inside) the data folder.
//!
//! Policy: the log lives in the platform's local data folder (never synced with
//! the enterprise data); if it cannot be written the line goes to stderr.
//! Logging never fails the caller.

use std::io::Write;

/// Where the log is written.
pub fn path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("vn", "Sohoa", "Sohoa")
        .map(|d| d.data_local_dir().join("sohoa.log"))
}

/// Appends an error line with its time.
pub fn error(message: &str) {
    let line = format!("{} ERROR {message}\n", jiff::Timestamp::now());
    let written = path().and_then(|path| {
        std::fs::create_dir_all(path.parent()?).ok()?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()?;
        file.write_all(line.as_bytes()).ok()
    });
    if written.is_none() {
        eprint!("{line}");
    }
}

/// Writes every panic (with where it happened) to the log before the default
/// report, so a defect met in a background task leaves a trace for support.
pub fn log_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        error(&format!("internal error{place}: {message}"));
        default(info);
    }));
}
