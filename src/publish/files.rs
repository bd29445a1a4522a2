//! The files a run or a comparison leaves for analysts and CIOs, chosen with `--format`,
//! written into the staging folder so that a failed run publishes nothing.

use std::time::SystemTime;

use rayon::prelude::*;
use wfcast_core::analysis::Comparison;
use wfcast_core::analysis::Driver;
use wfcast_core::analysis::{RegionFilter, SummaryRow};
use wfcast_core::{Projection, Scenario};
use wfcast_report::Staging;
use wfcast_report::charts::Chart;
use wfcast_report::pages::{
    CompareView, RunFacts, SHIPPED_DATA, ScenarioView, compare_charts, compare_html, report_html,
    scenario_charts,
};
use wfcast_report::store::provenance::{RunInfo, Timings, timestamp};
use wfcast_report::workbook::{ScenarioBook, compare_workbook, scenario_workbook};
use wfcast_report::{parquet, tidy};

use super::labels::{place, result_folder};
use crate::cli::OutputFormat;
use crate::error::CliError;
use crate::session::RunStart;

/// Which output files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Formats {
    /// Whether each format was chosen, indexed by `OutputFormat as usize`.
    chosen: [bool; OutputFormat::COUNT],
}

impl Formats {
    /// The formats given with `--format` (every format when none is given).
    pub(crate) fn from_flags(flags: &[OutputFormat]) -> Self {
        let mut chosen = [flags.is_empty(); OutputFormat::COUNT];
        for &f in flags {
            chosen[f as usize] = true;
        }
        Self { chosen }
    }

    /// Whether `format` was chosen.
    pub(crate) fn has(&self, format: OutputFormat) -> bool {
        self.chosen[format as usize]
    }
}

/// The About sheet of a workbook: what was run, by whom's tool, when, and from which files.
fn about(info: &RunInfo, description: &str) -> Vec<(String, String)> {
    let mut rows =
        vec![
        ("Scenario".to_owned(), info.scenario.clone()),
        ("Description".to_owned(), description.to_owned()),
        (
            "Years".to_owned(),
            format!("{} to {}", info.years[0], info.years[1]),
        ),
        ("Method".to_owned(), info.method.clone()),
        ("Draws".to_owned(), info.draws.to_string()),
        ("Seed".to_owned(), info.seed.to_string()),
        (
            "Region".to_owned(),
            info.region.clone().unwrap_or_else(|| "all (England)".into()),
        ),
        ("wfcast version".to_owned(), info.wfcast_version.clone()),
        ("Run started (UTC)".to_owned(), info.started.clone()),
        (
            "Statistics".to_owned(),
            "mean, sd and quantiles across draws; roll-ups (ALL) are summed per draw before \
             summarising; gap_wte = demand_wte - wte (positive = shortage)"
                .to_owned(),
        ),
        (
            "Metrics".to_owned(),
            "vacancies = each role and region's shortfall of staff against establishment (WTE), \
             summed, so a surplus never hides a shortage; vacancy_rate = vacancies / demand_wte; \
             surplus_wte = staff above establishment; open_posts = posts still open after the \
             year's recruitment; recruitment_need = posts that opened to recruitment in the \
             year: summed over years, the hires a plan needs plus the change in open posts"
                .to_owned(),
        ),
        (
            "Pay cost".to_owned(),
            "pay_cost = employer cost of the staff in post (Agenda for Change pay at each \
             person's position within their band, premiums, high-cost-area supplements, pension \
             23.78%, National Insurance per person by year), 2024/25 prices, no pay award; \
             pay_cost_base_rules and pay_cost_base_points cost the same staff at the base year's \
             rules, and with each band at its base-year average pay: the Cost drivers sheet \
             splits the change in cost per WTE into mix, pay points and pay rules with them"
                .to_owned(),
        ),
        (
            "Labour market".to_owned(),
            "recruitment is limited by a pool of candidates per role and region (the wider \
             market's job movers, data/labour_pool_2024.csv, synthetic): the share of open posts \
             filled falls as posts outgrow the pool (urn-ball matching fitted to the base year's \
             fill rate); see docs/model.md"
                .to_owned(),
        ),
        ("Quantiles".to_owned(), info.quantiles.clone()),
        (
            "Data".to_owned(),
            match data_source(info) {
                d if d == SHIPPED_DATA => "synthetic 2024 baseline shipped with wfcast, \
                     calibrated to public aggregates (not ESR data): the figures are \
                     illustrative; run with --data for your own"
                    .to_owned(),
                folder => format!("the data files in {folder}"),
            },
        ),
    ];
    rows.extend(
        info.inputs
            .iter()
            .map(|i| (format!("SHA-256 {}", i.path), i.sha256.clone())),
    );
    rows
}

/// The run's facts as the pages and chart subtitles state them.
fn facts(info: &RunInfo, description: &str) -> RunFacts {
    RunFacts {
        name: info.scenario.clone(),
        description: description.to_owned(),
        seed: info.seed,
        draws: info.draws,
        method: info.method.clone(),
        started: info.started.clone(),
        data: data_source(info),
    }
}

/// Where a run's baseline came from, from the inputs it hashed: the shipped synthetic data,
/// or the folder its data files were read from.
fn data_source(info: &RunInfo) -> String {
    let staff = info
        .inputs
        .iter()
        .find(|i| i.path.ends_with("staff_in_post_2024.csv"));
    match staff {
        Some(i) if !i.path.starts_with("embedded:") => std::path::Path::new(&i.path)
            .parent()
            .map_or_else(|| i.path.clone(), |p| p.display().to_string()),
        _ => SHIPPED_DATA.to_owned(),
    }
}

/// A chart's file stem with its SVG and PNG, each rendered only when needed.
type Rendered = (&'static str, Option<String>, Option<Vec<u8>>);

/// Renders `charts` as chosen (SVG files, PNG files) and returns the SVGs for a page.
fn write_charts(
    staging: &Staging,
    dir: &str,
    charts: &[(&'static str, Chart)],
    formats: Formats,
) -> Result<Vec<(&'static str, String)>, CliError> {
    let rendered: Vec<Rendered> = charts
        .par_iter()
        .map(|(stem, chart)| {
            let svg = (formats.has(OutputFormat::Svg) || formats.has(OutputFormat::Html))
                .then(|| chart.svg())
                .transpose()?;
            let png = formats
                .has(OutputFormat::Png)
                .then(|| chart.png())
                .transpose()?;
            Ok((*stem, svg, png))
        })
        .collect::<Result<_, wfcast_report::Error>>()?;
    let mut svgs = Vec::new();
    for (stem, svg, png) in rendered {
        if let Some(png) = png {
            staging.write(dir, &format!("{stem}.png"), &png)?;
        }
        if let Some(svg) = svg {
            if formats.has(OutputFormat::Svg) {
                staging.write(dir, &format!("{stem}.svg"), svg.as_bytes())?;
            }
            svgs.push((stem, svg));
        }
    }
    Ok(svgs)
}

/// Whether any chart is to be rendered: as SVG or PNG files, or for the HTML page.
fn wants_pictures(formats: Formats) -> bool {
    [OutputFormat::Svg, OutputFormat::Png, OutputFormat::Html]
        .into_iter()
        .any(|f| formats.has(f))
}

/// Writes `run.json`, finished now: its timings run from `start` to this write, so a
/// folder's `run.json` is written after its other files.
pub(crate) fn write_run_json(
    staging: &Staging,
    dir: &str,
    info: &RunInfo,
    start: &RunStart,
) -> Result<(), CliError> {
    let info = RunInfo {
        finished: timestamp(SystemTime::now()),
        timings: Timings::of(start.clock.elapsed().as_secs_f64(), start.draws),
        ..info.clone()
    };
    let json = serde_json::to_vec_pretty(&info).map_err(|e| wfcast_report::Error::Json {
        path: "run.json".into(),
        source: e,
    })?;
    staging.write(dir, "run.json", &json)?;
    Ok(())
}

/// Everything one scenario's run writes into `out/<scenario>/`.
pub(super) struct ScenarioOutput<'a> {
    /// The scenario as run.
    pub(super) scenario: &'a Scenario,
    /// Its summary rows.
    pub(super) rows: &'a [SummaryRow],
    /// What drives the headline outputs in the horizon year.
    pub(super) drivers: &'a [Driver],
    /// Every draw, when draws.parquet is wanted.
    pub(super) draws: Option<&'a Projection>,
    /// The `--region` the rows are for.
    pub(super) filter: RegionFilter,
    /// Its `run.json`.
    pub(super) info: &'a RunInfo,
    /// When and how the command started, for `run.json`'s timings.
    pub(super) start: &'a RunStart,
    /// The names and codes of roles and places.
    pub(super) labels: tidy::Labels<'a>,
}

impl ScenarioOutput<'_> {
    /// Writes the chosen files of one scenario into the staging folder.
    pub(super) fn write(&self, staging: &Staging, formats: Formats) -> Result<(), CliError> {
        let s = self.scenario;
        let labels = self.labels;
        let geography = labels.geography();
        let folder = result_folder(&s.name, self.filter, geography);
        let dir = folder.as_str();
        let drivers = self.drivers;
        staging.write(dir, "resolved.toml", s.to_toml().as_bytes())?;
        if formats.has(OutputFormat::Csv) {
            staging.write(dir, "summary.csv", &tidy::summary_csv(self.rows, &labels)?)?;
            if !drivers.is_empty() {
                staging.write(
                    dir,
                    "sensitivity.csv",
                    &tidy::sensitivity_csv(
                        &s.name,
                        s.horizon,
                        place(self.filter, geography),
                        drivers,
                    )?,
                )?;
            }
        }
        if formats.has(OutputFormat::Parquet) {
            staging.write(
                dir,
                "summary.parquet",
                &parquet::summary_parquet(self.rows, &labels)?,
            )?;
        }
        if let Some(p) = self.draws {
            staging.write(
                dir,
                "draws.parquet",
                &parquet::draws_parquet(p, self.filter)?,
            )?;
        }
        if formats.has(OutputFormat::Xlsx) {
            let about = about(self.info, &s.description);
            let resolved = s.to_toml();
            let book = ScenarioBook {
                about: &about,
                rows: self.rows,
                place: place(self.filter, geography),
                drivers,
                resolved: &resolved,
                labels,
            };
            staging.write(dir, "workbook.xlsx", &scenario_workbook(&book)?)?;
        }
        if wants_pictures(formats) {
            let facts = facts(self.info, &s.description);
            let view = ScenarioView {
                facts: &facts,
                rows: self.rows,
                place: place(self.filter, geography),
                labels,
                drivers,
            };
            let svgs = write_charts(staging, dir, &scenario_charts(&view), formats)?;
            if formats.has(OutputFormat::Html) {
                staging.write(dir, "report.html", report_html(&view, &svgs).as_bytes())?;
            }
        }
        write_run_json(staging, dir, self.info, self.start)
    }
}

/// A comparison and what it is drawn from.
pub(crate) struct ComparisonOutput<'a> {
    /// The paired differences B - A.
    pub(crate) comparison: &'a Comparison,
    /// Scenarios A and B as run.
    pub(crate) scenarios: [&'a Scenario; 2],
    /// A's summary rows.
    pub(crate) rows_a: &'a [SummaryRow],
    /// B's summary rows.
    pub(crate) rows_b: &'a [SummaryRow],
    /// The comparison's `run.json`.
    pub(crate) info: &'a RunInfo,
    /// When and how the command started, for `run.json`'s timings.
    pub(crate) start: &'a RunStart,
    /// The `--region` the rows are for.
    pub(crate) filter: RegionFilter,
    /// The names and codes of roles and places.
    pub(crate) labels: tidy::Labels<'a>,
}

/// Writes a comparison's files into `out/<dir>/`, each scenario's `resolved-<name>.toml`
/// last.
pub(crate) fn write_comparison(
    staging: &Staging,
    dir: &str,
    out: &ComparisonOutput,
    formats: Formats,
) -> Result<(), CliError> {
    let (c, info, labels) = (out.comparison, out.info, out.labels);
    let place = place(out.filter, labels.geography());
    if formats.has(OutputFormat::Csv) {
        staging.write(dir, "compare.csv", &tidy::compare_csv(c)?)?;
    }
    if formats.has(OutputFormat::Xlsx) {
        let description = format!(
            "{} minus {}: paired differences over {} draws with common random numbers",
            c.b, c.a, c.draws
        );
        staging.write(
            dir,
            "compare.xlsx",
            &compare_workbook(&about(info, &description), c, place, &labels)?,
        )?;
    }
    if wants_pictures(formats) {
        let description = format!("A: {} B: {}", c.a, c.b);
        let facts = facts(info, &description);
        let view = CompareView {
            facts: &facts,
            comparison: c,
            rows_a: out.rows_a,
            rows_b: out.rows_b,
            place,
            labels,
        };
        let svgs = write_charts(staging, dir, &compare_charts(&view), formats)?;
        if formats.has(OutputFormat::Html) {
            staging.write(dir, "compare.html", compare_html(&view, &svgs).as_bytes())?;
        }
    }
    for s in out.scenarios {
        staging.write(
            dir,
            &format!("resolved-{}.toml", s.name),
            s.to_toml().as_bytes(),
        )?;
    }
    write_run_json(staging, dir, info, out.start)
}
