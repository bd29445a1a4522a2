//! The command line: every subcommand's arguments and the parsers of their values (clap
//! derive). This module only describes and parses arguments; it uses nothing else of the
//! crate, so every command can take its arguments from here.

mod args;
mod flags;
mod markov;

use clap::{Parser, Subcommand};

pub(crate) use args::{
    CalibrateArgs, CommonArgs, CompareArgs, DataArgs, DataCommand, ImportArgs, InitArgs, ListArgs,
    ListWhat, MappingArgs, MarkovArgs, MergeArgs, OutputFormat, PlanArgs, RunArgs, ValidateArgs,
};
pub(crate) use flags::Shard;
pub(crate) use markov::MarkovFormat;

/// Forecast the NHS digital, data and technology workforce under alternative scenarios.
#[derive(Debug, Parser)]
#[command(name = "wfcast", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run scenarios (default: the two shipped futures) and write results under --out.
    Run(RunArgs),
    /// Compare futures: run A and each B with common random numbers and write the paired
    /// difference B - A with its uncertainty.
    Compare(CompareArgs),
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// Write a commented starter scenario, or (--from) a short one extending a shipped future.
    Init(InitArgs),
    /// List the shipped scenarios, the roles, the regions or the parameters.
    List(ListArgs),
    /// Combine the shards of a run (`run --shard K/N`) into the outputs of one whole run.
    Merge(MergeArgs),
    /// Markov manpower-planning analysis of a transition matrix: projection, expected time
    /// in the system, and the recruitment needed to reach a target structure.
    #[command(after_help = markov::AFTER_HELP)]
    Markov(MarkovArgs),
    /// Find the least-cost package of levers (intakes, premiums, an international drive, a
    /// retention programme) that meets a target with a stated probability.
    ///
    /// Writes OUT/plan-<name>/: plan.csv (every package evaluated), package.toml (the chosen
    /// package as a scenario file ready for `wfcast run`), frontier and fan charts,
    /// plan.html and plan.xlsx.
    Plan(PlanArgs),
    /// Estimate rates with their uncertainty from an ESR-style history, and backtest them.
    ///
    /// Leaving, retirement, promotion, fill and growth rates go to
    /// DIR/calibrate/calibrated.toml, a scenario fragment to `extends`; --backtest also
    /// forecasts the years after --fit-until and reports how often the forecast's bands
    /// covered what happened (backtest.csv, backtest.svg), and the same from every origin
    /// the history allows, by horizon (backtest_by_horizon.csv).
    Calibrate(CalibrateArgs),
    /// Build a data folder from your own staff list: `data mapping` writes a starter
    /// mapping, `data import` counts the list into a folder for `run --data`.
    Data(DataArgs),
}
