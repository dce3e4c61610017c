//! The `sohoa` program: the command line when given a subcommand.

use clap::Parser;

fn main() -> std::process::ExitCode {
    sohoa::cli::run(sohoa::cli::Cli::parse())
}
