//! The `sohoa` program: the command line when given a subcommand.

// On Windows a window program: no console window opens behind it from the Start
// menu or Explorer (commands attach to the console they are typed in).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    sohoa::platform::attach_parent_console();
    match sohoa::cli::Cli::try_parse() {
        Ok(cli) => sohoa::cli::run(cli),
        Err(e) => {
            let _ = e.print();
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                // A mistyped command line is bad input (exit 1), not an internal error.
                _ => ExitCode::from(1),
            }
        }
    }
}
