//! What the program does differently on Windows, in one place.
//!
//! The Windows program is built as a window program (no console window opens
//! behind it from the Start menu or Explorer), so a command typed in `cmd` or
//! PowerShell first attaches to that console to print there; and when no window
//! can be opened, a message box says so, because there is no console to read.
//! Elsewhere both are nothing: a terminal is already attached, and the error is
//! printed to it.
//!
//! Policy: neither function fails; a console that cannot be attached leaves the
//! output where it was (a file it is redirected to still receives it).

/// Attaches to the console of the program that started this one (`cmd`,
/// PowerShell), if there is one, so that printing reaches it.
pub fn attach_parent_console() {
    #[cfg(windows)]
    // SAFETY: AttachConsole takes a process id and touches no memory of ours; it
    // fails harmlessly when there is no parent console or one is attached.
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(
            windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS,
        );
    }
}

/// Shows `text` in a message box titled `title` and waits for OK (Windows only;
/// elsewhere the caller has printed it).
pub fn show_error_box(title: &str, text: &str) {
    #[cfg(windows)]
    {
        use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
        let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
        let (title, text) = (wide(title), wide(text));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; a
        // null owner window is allowed.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                text.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONERROR,
            );
        }
    }
    #[cfg(not(windows))]
    let _ = (title, text);
}
