//! The files a run leaves for analysts and CIOs, chosen with `--format`, staged so that a
//! failed run publishes nothing.

use rayon::prelude::*;
use wfcast_core::compare::Comparison;
use wfcast_core::sensitivity::Influence;
use wfcast_core::summary::{RegionFilter, SummaryRow};
use wfcast_core::taxonomy::{ALL, REGIONS};
use wfcast_core::{Projection, Scenario};
use wfcast_report::Staging;
use wfcast_report::charts::Chart;
use wfcast_report::pages::{
    CompareView, RunFacts, ScenarioView, compare_charts, compare_html, place_name, report_html,
    scenario_charts,
};
use wfcast_report::provenance::{InputHash, RunInfo};
use wfcast_report::workbook::{ScenarioBook, compare_workbook, scenario_workbook};
use wfcast_report::{parquet, tidy};

use crate::cli::OutputFormat;
use crate::error::CliError;

/// Which output files to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Formats {
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

/// The `--region` filter as the label used in the tables: `ALL` or a region id.
pub(crate) fn place(filter: RegionFilter) -> &'static str {
    match filter {
        RegionFilter::All => ALL,
        RegionFilter::Only(r) => REGIONS[r].0,
    }
}

/// The `--region` filter as people read it: England, or the region's name.
pub(crate) fn place_label(filter: RegionFilter) -> &'static str {
    place_name(place(filter))
}

/// The hashes of every input of a scenario: its file chain and the baseline data files.
pub(crate) fn input_hashes(s: &Scenario, baseline: &wfcast_core::Baseline) -> Vec<InputHash> {
    s.sources
        .iter()
        .map(|(p, t)| InputHash::of(p.display().to_string(), t))
        .chain(
            baseline
                .files
                .iter()
                .map(|f| InputHash::of(f.origin.display().to_string(), &f.text)),
        )
        .collect()
}

/// The About sheet of a workbook: what was run, by whom's tool, when, and from which files.
pub(crate) fn about(info: &RunInfo, description: &str) -> Vec<(String, String)> {
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
        ("Quantiles".to_owned(), info.quantiles.clone()),
        (
            "Data".to_owned(),
            "synthetic 2024 baseline calibrated to public aggregates (not ESR data) unless --data \
             was given"
                .to_owned(),
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
pub(crate) fn facts(info: &RunInfo, description: &str) -> RunFacts {
    RunFacts {
        name: info.scenario.clone(),
        description: description.to_owned(),
        seed: info.seed,
        draws: info.draws,
        method: info.method.clone(),
        started: info.started.clone(),
    }
}

/// Role ids with their display names, in baseline order.
pub(crate) fn role_names(baseline: &wfcast_core::Baseline) -> Vec<(String, String)> {
    baseline
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect()
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

fn wants_pictures(formats: Formats) -> bool {
    [OutputFormat::Svg, OutputFormat::Png, OutputFormat::Html]
        .into_iter()
        .any(|f| formats.has(f))
}

/// Writes `run.json`.
pub(crate) fn write_run_json(staging: &Staging, dir: &str, info: &RunInfo) -> Result<(), CliError> {
    let json = serde_json::to_vec_pretty(info).map_err(|e| wfcast_report::Error::Json {
        path: "run.json".into(),
        source: e,
    })?;
    staging.write(dir, "run.json", &json)?;
    Ok(())
}

/// Everything one scenario's run writes into `out/<scenario>/`.
pub(crate) struct ScenarioOutput<'a> {
    pub(crate) scenario: &'a Scenario,
    pub(crate) rows: &'a [SummaryRow],
    /// What drives the horizon-year gap.
    pub(crate) drivers: &'a [Influence],
    /// Every draw, when draws.parquet is wanted.
    pub(crate) draws: Option<&'a Projection>,
    pub(crate) filter: RegionFilter,
    pub(crate) info: &'a RunInfo,
    pub(crate) roles: &'a [(String, String)],
}

impl ScenarioOutput<'_> {
    /// Writes the chosen files of one scenario into the staging folder.
    pub(crate) fn write(&self, staging: &Staging, formats: Formats) -> Result<(), CliError> {
        let s = self.scenario;
        let dir = s.name.as_str();
        let drivers = self.drivers;
        staging.write(dir, "resolved.toml", s.to_toml().as_bytes())?;
        write_run_json(staging, dir, self.info)?;
        if formats.has(OutputFormat::Csv) {
            staging.write(dir, "summary.csv", &tidy::summary_csv(self.rows)?)?;
            if !drivers.is_empty() {
                staging.write(
                    dir,
                    "sensitivity.csv",
                    &tidy::sensitivity_csv(&s.name, s.horizon, place(self.filter), drivers)?,
                )?;
            }
        }
        if formats.has(OutputFormat::Parquet) {
            staging.write(
                dir,
                "summary.parquet",
                &parquet::summary_parquet(self.rows)?,
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
                place: place(self.filter),
                drivers,
                resolved: &resolved,
            };
            staging.write(dir, "workbook.xlsx", &scenario_workbook(&book)?)?;
        }
        if wants_pictures(formats) {
            let facts = facts(self.info, &s.description);
            let view = ScenarioView {
                facts: &facts,
                rows: self.rows,
                place: place(self.filter),
                roles: self.roles,
                drivers,
            };
            let svgs = write_charts(staging, dir, &scenario_charts(&view), formats)?;
            if formats.has(OutputFormat::Html) {
                staging.write(dir, "report.html", report_html(&view, &svgs).as_bytes())?;
            }
        }
        Ok(())
    }
}

/// A comparison and what it is drawn from.
pub(crate) struct ComparisonOutput<'a> {
    pub(crate) comparison: &'a Comparison,
    pub(crate) rows_a: &'a [SummaryRow],
    pub(crate) rows_b: &'a [SummaryRow],
    pub(crate) info: &'a RunInfo,
    pub(crate) filter: RegionFilter,
    pub(crate) roles: &'a [(String, String)],
}

/// Writes a comparison's files into `out/<dir>/`.
pub(crate) fn write_comparison(
    staging: &Staging,
    dir: &str,
    out: &ComparisonOutput,
    formats: Formats,
) -> Result<(), CliError> {
    let (c, info, filter) = (out.comparison, out.info, out.filter);
    write_run_json(staging, dir, info)?;
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
            &compare_workbook(&about(info, &description), c, place(filter))?,
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
            place: place(filter),
            roles: out.roles,
        };
        let svgs = write_charts(staging, dir, &compare_charts(&view), formats)?;
        if formats.has(OutputFormat::Html) {
            staging.write(dir, "compare.html", compare_html(&view, &svgs).as_bytes())?;
        }
    }
    Ok(())
}
