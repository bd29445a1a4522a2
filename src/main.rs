//! `wfcast`: forecasts of the NHS digital, data and technology workforce from scenario
//! files. See README.md for the two commands most people need.

mod calibrate_cmd;
mod cli;
mod compare_cmd;
mod error;
mod flags;
mod interrupt;
mod markov_cmd;
mod merge_cmd;
mod outputs;
mod preflight;
mod run;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    interrupt::install();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Compare(args) => compare_cmd::compare_cmd(&args),
        Command::Validate(args) => run::validate(&args),
        Command::Init(args) => run::init(&args),
        Command::Merge(args) => merge_cmd::merge(&args),
        Command::Markov(args) => markov_cmd::markov(&args),
        Command::Calibrate(args) => calibrate_cmd::calibrate(&args),
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
