//! `wfcast`: forecasts of the NHS digital, data and technology workforce from scenario
//! files. See README.md for the two commands most people need.

/// Prints a line of the console report to stdout, like `println!`, but a reader that stopped
/// reading (a closed pipe, as with `wfcast run | head`) is no failure: the results are
/// already written, so the lines nobody reads are dropped instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::human::say_line(format_args!($($arg)*))
    };
}

mod cli;
mod commands;
mod error;
mod human;
mod interrupt;
mod publish;
mod session;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{calibrate, compare, data, init, list, markov, merge, plan, run, validate};

/// Parses the command line, runs the command and exits with its code (0, 1, 2 or 130).
fn main() -> ExitCode {
    interrupt::install();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Validate(args) => validate::validate(&args),
        Command::Init(args) => init::init(&args),
        Command::List(args) => list::list(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Markov(args) => markov::markov(&args),
        Command::Calibrate(args) => calibrate::calibrate(&args),
        Command::Plan(args) => plan::plan(&args),
        Command::Data(args) => data::data(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        crate::cli::Cli::command().debug_assert();
    }

    #[test]
    fn errors_map_to_documented_exit_codes() {
        use crate::error::CliError;
        let usage = CliError::Usage {
            flag: "--region".into(),
            message: "x".into(),
            help: None,
        };
        assert_eq!(usage.exit_code(), 2);
        let runtime = CliError::Core(wfcast_core::Error::Model("x".into()));
        assert_eq!(runtime.exit_code(), 1);
    }
}
