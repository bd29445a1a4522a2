//! The arguments of each subcommand, and the value enums of `--format` and `--method`.

use std::path::PathBuf;

use clap::Args;

use super::markov::MarkovFormat;

/// Arguments of `wfcast run`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Scenario files (TOML). Without any, runs the shipped data-driven and investment-stalls futures.
    pub scenarios: Vec<PathBuf>,
    /// monte-carlo: draws with uncertainty; expected: one deterministic projection of
    /// expected values at central parameters (matrix algebra, quantiles equal the mean).
    #[arg(long, value_enum, default_value_t = MethodArg::MonteCarlo)]
    pub method: MethodArg,
    /// Also write draws.parquet: every draw's values per year, role and region (large).
    #[arg(long)]
    pub keep_draws: bool,
    /// Run only shard K of N (K from 0): draws K, K+N, K+2N, ... written raw to
    /// out/<scenario>/shard-K-of-N.wfshard for `wfcast merge`. See docs/scale-out.md.
    #[arg(long, value_name = "K/N", value_parser = super::flags::shard)]
    pub shard: Option<super::flags::Shard>,
    /// How to run and what to write.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `wfcast compare`.
#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// Scenario A (the reference), then one or more scenarios B compared with it.
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// How to run and what to write.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by `run` and `compare`.
#[derive(Debug, Args)]
pub(crate) struct CommonArgs {
    /// Number of Monte Carlo draws (overrides the scenario files).
    #[arg(long, allow_negative_numbers = true, value_parser = super::flags::draws)]
    pub draws: Option<u64>,
    /// Master seed (overrides the scenario files).
    #[arg(long, allow_negative_numbers = true, value_parser = super::flags::seed)]
    pub seed: Option<u64>,
    /// Output folder: `run` writes OUT/<scenario>/ for each scenario, `compare`
    /// OUT/compare-<A>-vs-<B>/ for each B; with --region, the folder names end in -<region>.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Outputs to write, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<OutputFormat>,
    /// Worker threads (default: all cores). Results are identical for any value.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Only write results for this place and the places under it, to
    /// out/<scenario>-<place>/: a place at any level of the data's geography, by id or name
    /// (shipped: london, south_east, south_west, east_of_england, midlands,
    /// north_east_yorkshire, north_west, or e.g. "North West"; `wfcast list regions`).
    /// `--region` is the same flag.
    #[arg(long = "place", visible_alias = "region", value_name = "PLACE")]
    pub region: Option<String>,
    /// Folder with baseline data files (default: the shipped synthetic data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Memory for keeping every draw, which gives exact quantiles; a run that needs more
    /// folds its draws into running summaries instead (t-digest quantiles, bounded memory).
    /// `compare` always keeps every draw and ignores it.
    #[arg(long, value_name = "SIZE", default_value = "768MiB", value_parser = super::flags::bytes)]
    pub memory_budget: u64,
}

/// Arguments of `wfcast plan`.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The plan file (TOML): the scenario, the target with its probability, the levers with
    /// their ranges and costs (see plans/data-driven.toml).
    pub plan: PathBuf,
    /// Draws of the final check of the chosen package (overrides the scenario's; the
    /// package file runs the same number).
    #[arg(long, allow_negative_numbers = true, value_parser = super::flags::draws)]
    pub draws: Option<u64>,
    /// Seed of the final check (overrides the scenario's; the package file keeps it).
    #[arg(long, allow_negative_numbers = true, value_parser = super::flags::seed)]
    pub seed: Option<u64>,
    /// Draws each package is judged on while searching (overrides the plan's `draws`).
    #[arg(long, allow_negative_numbers = true, value_parser = super::flags::draws)]
    pub search_draws: Option<u64>,
    /// Output folder: the plan goes to OUT/plan-<name>/.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Outputs to write, comma-separated (default: all; plan.csv and package.toml always).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<OutputFormat>,
    /// Worker threads (default: all cores). Results are identical for any value.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Folder with baseline data files (default: the shipped synthetic data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `wfcast merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Output folders of the shards (`run --shard K/N --out DIR`), or shard files.
    #[arg(required = true, value_name = "DIR")]
    pub shards: Vec<PathBuf>,
    /// Output folder: `run` writes OUT/<scenario>/ for each scenario, `compare`
    /// OUT/compare-<A>-vs-<B>/ for each B; with --region, the folder names end in -<region>.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Outputs to write, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    pub format: Vec<OutputFormat>,
    /// Folder with the baseline data files the shards were run with (default: shipped data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Memory for keeping every draw (exact quantiles, as a single run below its budget).
    #[arg(long, value_name = "SIZE", default_value = "768MiB", value_parser = super::flags::bytes)]
    pub memory_budget: u64,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// An output format of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    /// summary.csv, sensitivity.csv (compare: compare.csv).
    Csv,
    /// summary.parquet.
    Parquet,
    /// workbook.xlsx (compare: compare.xlsx) with native charts.
    Xlsx,
    /// Fan charts and bar charts as SVG.
    Svg,
    /// The same charts as PNG.
    Png,
    /// report.html (compare: compare.html): one self-contained page.
    Html,
}

impl OutputFormat {
    /// Number of formats.
    pub(crate) const COUNT: usize = 6;
}

/// Arguments of `wfcast validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Folder with baseline data files to check role names against (default: shipped data).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Arguments of `wfcast init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to write `scenario.toml` into (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing scenario.toml.
    #[arg(long)]
    pub force: bool,
    /// Start from a shipped scenario instead (e.g. data-driven; see `wfcast list
    /// scenarios`): a short file that extends it, to change one assumption and compare.
    #[arg(long, value_name = "SHIPPED")]
    pub from: Option<String>,
}

/// Arguments of `wfcast list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: ListWhat,
    /// Folder with baseline data files whose roles to list (default: the shipped data).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// What `wfcast list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListWhat {
    /// The scenarios shipped with wfcast, by the name `extends` and `run` take.
    Scenarios,
    /// The roles of the data: ids for scenario files, names, families.
    Roles,
    /// The regions: ids for scenario files and `--region`, names.
    Regions,
    /// Every parameter a scenario file can set: path, valid range, default, meaning.
    Params,
}

/// Arguments of `wfcast markov`.
#[derive(Debug, Args)]
pub(crate) struct MarkovArgs {
    /// The model file (TOML): states, stock, transitions; optionally recruits, periods, target.
    pub file: PathBuf,
    /// Periods to project (overrides `periods` in the file; default 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=wfcast_core::markov::MAX_PERIODS as i64))]
    pub periods: Option<u32>,
    /// Output: a table to read, one JSON object, or tidy long CSV (metric,period,state,value).
    #[arg(long, value_enum, default_value_t = MarkovFormat::Table)]
    pub format: MarkovFormat,
}

/// Arguments of `wfcast calibrate`.
#[derive(Debug, Args)]
pub(crate) struct CalibrateArgs {
    /// The history (CSV): one row per year, role, region, band and age band; the format is
    /// in data/README.md.
    pub history: PathBuf,
    /// Last year to fit (default: the history's last year; with --backtest, two years before it).
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub fit_until: Option<i32>,
    /// Also forecast the years after --fit-until from that year's stock and compare with the
    /// history: backtest.csv and backtest.svg; and the same from every year the history can
    /// be fitted to and forecast from (the rolling origin), by horizon: backtest_by_horizon.csv.
    #[arg(long)]
    pub backtest: bool,
    /// Monte Carlo draws of each backtest.
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true, value_parser = super::flags::draws)]
    pub draws: u64,
    /// Master seed of the backtest.
    #[arg(long, default_value_t = wfcast_core::scenario::DEFAULT_SEED, allow_negative_numbers = true, value_parser = super::flags::seed)]
    pub seed: u64,
    /// Output folder; results go to DIR/calibrate/.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Folder with baseline data files whose rate tables the multipliers apply to (default:
    /// the shipped data).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// How to project (see `wfcast run --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MethodArg {
    /// Monte Carlo draws.
    MonteCarlo,
    /// Expected values, no sampling.
    Expected,
}

impl From<MethodArg> for wfcast_core::Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::MonteCarlo => Self::MonteCarlo,
            MethodArg::Expected => Self::Expected,
        }
    }
}

/// Arguments of `wfcast data`.
#[derive(Debug, Args)]
pub(crate) struct DataArgs {
    /// What to do with data folders.
    #[command(subcommand)]
    pub command: DataCommand,
}

/// The subcommands of `wfcast data`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum DataCommand {
    /// Build a data folder from an ESR-style staff list (CSV or XLSX, one row per
    /// assignment) and a mapping file; run it with `wfcast run --data OUT`.
    Import(ImportArgs),
    /// Write a starter mapping file for `data import`: the staff list's columns, the title
    /// patterns of every role, and an example tree of places to edit.
    Mapping(MappingArgs),
}

/// Arguments of `wfcast data import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The staff list: CSV (UTF-8), or an XLSX/ODS workbook with the list on its first sheet.
    pub staff: PathBuf,
    /// The mapping file (TOML; `wfcast data mapping` writes a starter).
    #[arg(long)]
    pub mapping: PathBuf,
    /// The data folder to write (must not exist yet, unless --force).
    #[arg(long)]
    pub out: PathBuf,
    /// The day the staff list describes, e.g. 2024-03-31: ages are worked out at it and the
    /// year before it counts leavers.
    #[arg(long, value_name = "DATE", value_parser = super::flags::date)]
    pub census_date: wfcast_core::import::Date,
    /// Funded posts (CSV: role, establishment_wte, and place or organisation): vacancies are
    /// funded posts less staff in post. Without it, vacancy rates give them.
    #[arg(long, value_name = "FILE")]
    pub establishment: Option<PathBuf>,
    /// Data folder to take rates, pay and markets from (default: the shipped synthetic data).
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Also write published/headcount_by_place_role.csv with counts below N hidden, and
    /// enough others that none can be worked out from the totals.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=1000))]
    pub suppress_below: Option<u32>,
    /// Refuse the whole list (exit 2, nothing written) if any row cannot be used.
    #[arg(long)]
    pub strict: bool,
    /// Replace the --out folder if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `wfcast data mapping`.
#[derive(Debug, Args)]
pub(crate) struct MappingArgs {
    /// File to write (default: print to stdout).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}
