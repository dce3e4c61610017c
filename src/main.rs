//! The `sohoa` program: the command line when given a subcommand.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
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
