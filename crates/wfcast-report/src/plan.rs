//! What `wfcast plan` leaves in `out/plan-<name>/`: `plan.csv` (every package evaluated),
//! the frontier and fan charts, `plan.html` (one page: the package, its cost, its
//! probability, the target with and without it) and `plan.xlsx` (the Plan sheet).

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use wfcast_core::Metric;
use wfcast_core::analysis::SummaryRow;
use wfcast_core::plan::{Evaluation, Outcome, Plan};

use crate::charts::{Chart, FanChart, Frontier, PlanPoint, Series};
use crate::error::{Error, Result};
use crate::format::{NumberFormat, format};
use crate::html::{Block, Cell, Page, Section, Table};
use crate::pages::SHIPPED_DATA;
use crate::tidy::{number, rounded};

/// Everything the plan's files show.
#[derive(Debug, Clone, Copy)]
pub struct PlanView<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// What the search found.
    pub outcome: &'a Outcome,
    /// The target in words.
    pub target: &'a str,
    /// The planned scenario's name.
    pub planned: &'a str,
    /// The package scenario's name (the file `package.toml` names it).
    pub package: &'a str,
    /// Summaries of the check's draws: the planned scenario, then with the package.
    pub rows: (&'a [SummaryRow], &'a [SummaryRow]),
    /// The role and region ids (or `ALL`) of the target's series.
    pub series: (&'a str, &'a str),
    /// Where the target is judged, in words, e.g. "England, data engineer".
    pub place: &'a str,
    /// Draws and seed of the check.
    pub check: (u64, u64),
    /// Where the data came from ([`SHIPPED_DATA`] or a folder).
    pub data: &'a str,
}

impl PlanView<'_> {
    fn lever_names(&self) -> impl Iterator<Item = &str> {
        self.plan.levers.iter().map(|l| l.name.as_str())
    }

    fn chosen(&self) -> &Evaluation {
        &self.outcome.check
    }

    /// The package in words, one lever a line: "graduates: 150 extra starters a year".
    pub fn package_lines(&self) -> Vec<String> {
        self.plan
            .levers
            .iter()
            .zip(&self.chosen().settings)
            .zip(&self.chosen().lever_costs)
            .map(|((l, v), c)| {
                format!(
                    "{}: {} {} from {} ({})",
                    l.name,
                    format(
                        *v,
                        NumberFormat::Decimal(if v.fract() == 0.0 { 0 } else { 2 })
                    ),
                    l.kind.unit(),
                    l.from,
                    format(*c, NumberFormat::GbpMillions)
                )
            })
            .collect()
    }

    /// The verdict in one sentence.
    pub fn verdict(&self) -> String {
        let c = self.chosen();
        let p = format!(
            "{:.1}% (standard error {:.1} points, 95% lower bound {:.1}%)",
            c.probability * 100.0,
            c.se * 100.0,
            c.lower * 100.0
        );
        if self.outcome.feasible {
            format!(
                "The cheapest package found meets the target with probability {p}, at a cost of {} over the years to the horizon.",
                format(c.cost, NumberFormat::GbpMillions)
            )
        } else {
            format!(
                "No package found meets the target surely enough{}: the best reached probability {p}, at a cost of {}. The plan is infeasible as set.",
                if self.plan.budget.is_some() {
                    " within the budget"
                } else {
                    ""
                },
                format(c.cost, NumberFormat::GbpMillions)
            )
        }
    }
}

/// `plan.csv`: one row per package evaluated by the search (on its draws), then the
/// check's two rows (the planned scenario and the chosen package on the scenario's draws).
pub fn plan_csv(v: &PlanView) -> Result<Vec<u8>> {
    let mut header: Vec<String> = vec!["stage".into(), "candidate".into()];
    header.extend(v.lever_names().map(str::to_owned));
    header.push("cost_gbp".into());
    header.extend(v.lever_names().map(|n| format!("cost_{n}_gbp")));
    header.extend(
        [
            "probability",
            "se",
            "lower_95",
            "shortfall",
            "draws",
            "feasible",
            "within_budget",
            "chosen",
        ]
        .map(str::to_owned),
    );
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Csv {
        path: "plan.csv".into(),
        source: e,
    };
    w.write_record(&header).map_err(err)?;
    let need = v.plan.target.probability;
    let row = |stage: &str, i: usize, e: &Evaluation, chosen: bool| {
        let mut r = vec![stage.to_owned(), i.to_string()];
        r.extend(e.settings.iter().map(|x| number(*x)));
        r.push(number(e.cost));
        r.extend(e.lever_costs.iter().map(|x| number(*x)));
        r.extend([
            number(e.probability),
            number(e.se),
            number(e.lower),
            number(e.shortfall),
            e.draws.to_string(),
            e.feasible(need).to_string(),
            e.within_budget.to_string(),
            chosen.to_string(),
        ]);
        r
    };
    for (i, e) in v.outcome.candidates.iter().enumerate() {
        w.write_record(row("search", i + 1, e, i == v.outcome.chosen))
            .map_err(err)?;
    }
    w.write_record(row("check", 0, &v.outcome.check_reference, false))
        .map_err(err)?;
    w.write_record(row("check", v.outcome.chosen + 1, &v.outcome.check, true))
        .map_err(err)?;
    w.into_inner().map_err(|e| {
        Error::write(
            std::path::Path::new("plan.csv"),
            std::io::Error::other(e.to_string()),
        )
    })
}

/// The plan's charts by file name: the frontier, and the target's metric with and without
/// the package.
pub fn plan_charts(v: &PlanView) -> Vec<(&'static str, Chart)> {
    let need = v.plan.target.probability;
    let point = |e: &Evaluation| PlanPoint {
        cost: e.cost,
        probability: e.probability,
        feasible: e.feasible(need),
    };
    let frontier = Frontier {
        title: format!("Plan {}: cost against probability", v.plan.name),
        subtitle: format!(
            "{} packages judged, each on the same {} draws (common random numbers)",
            v.outcome.candidates.len(),
            v.plan.search_draws
        ),
        points: v.outcome.candidates.iter().map(point).collect(),
        required: need,
        chosen: Some(point(&v.outcome.candidates[v.outcome.chosen])),
    };
    let metric = &v.plan.target.metric;
    let (role, region) = v.series;
    let fan = FanChart {
        title: format!(
            "{}: {} with and without the package",
            v.place,
            metric.to_string().replace('_', " ")
        ),
        subtitle: format!("{} draws of each, common random numbers", v.check.0),
        y_label: metric.unit().name().to_owned(),
        series: vec![
            Series::from_summary(v.planned, v.rows.0, role, region, metric.clone()),
            Series::from_summary(v.package, v.rows.1, role, region, metric.clone()),
        ],
        zero_line: *metric == Metric::GapWte,
    };
    vec![("frontier", frontier.into()), ("fan_target", fan.into())]
}

/// `plan.html`: the package, its cost and probability, the frontier and the fan chart.
pub fn plan_html(v: &PlanView, charts: &[(&str, Chart)]) -> Result<String> {
    let c = v.chosen();
    let mut package = Table::new(["lever", "setting", "unit", "from", "cost"]);
    for ((l, s), cost) in v.plan.levers.iter().zip(&c.settings).zip(&c.lever_costs) {
        package.push_row([
            Cell::text(&l.name),
            Cell::num(
                *s,
                NumberFormat::Decimal(if s.fract() == 0.0 { 0 } else { 2 }),
            ),
            Cell::text(l.kind.unit()),
            Cell::text(l.from.to_string()),
            Cell::num(*cost, NumberFormat::GbpMillions),
        ]);
    }
    let headline = Table::new(["", "without the package", "with the package"])
        .row([
            Cell::text("Probability of meeting the target"),
            Cell::num(
                v.outcome.check_reference.probability,
                NumberFormat::Percent(1),
            ),
            Cell::num(c.probability, NumberFormat::Percent(1)),
        ])
        .row([
            Cell::text("Its standard error"),
            Cell::num(v.outcome.check_reference.se, NumberFormat::Percent(1)),
            Cell::num(c.se, NumberFormat::Percent(1)),
        ])
        .row([
            Cell::text("Cost to the horizon"),
            Cell::num(0.0, NumberFormat::GbpMillions),
            Cell::num(c.cost, NumberFormat::GbpMillions),
        ]);
    let caveat = if v.data == SHIPPED_DATA {
        " The data are synthetic: the figures illustrate the method and are not estimates for the NHS."
    } else {
        ""
    };
    let mut page = Page::new(format!("wfcast plan: {}", v.plan.name))
        .intro(format!("{} Target: {}.{caveat}", v.verdict(), v.target))
        .meta("Plan", v.plan.path.display().to_string())
        .meta("Scenario planned", v.planned)
        .meta(
            "Package file",
            format!("package.toml (scenario {})", v.package),
        )
        .meta("Check", format!("{} draws, seed {}", v.check.0, v.check.1))
        .meta(
            "Search",
            format!(
                "{} draws a package, seed {}",
                v.plan.search_draws, v.plan.search_seed
            ),
        )
        .meta("Data", v.data)
        .headline(headline);
    page = page.section(
        Section::new(
            "The package",
            "Each lever's setting and what it costs over the years to the horizon (2024/25 prices): intakes at their cost per starter, programmes at their cost a year per point, premiums at the pay they add (the pay model, on the same draws).",
        )
        .table(package),
    );
    for (name, chart) in charts {
        let text = if *name == "frontier" {
            "Every package the search evaluated: its cost and the share of draws in which it meets the target. The line joins the cheapest way found to each probability; a package counts as meeting the target only when its 95% lower bound is at least the required probability."
        } else {
            "The target's metric over the years, mean with P25-P75 and P10-P90 bands, for the planned scenario and with the package, on the same draws."
        };
        page = page.section(Section::new(chart.title(), text).block(Block::chart(chart, "")?));
    }
    Ok(page.render())
}

/// `plan.xlsx`: the Plan sheet (the verdict, the package, then every package evaluated).
pub fn plan_workbook(v: &PlanView) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let xerr = |e: XlsxError| Error::Xlsx {
        path: "plan.xlsx".into(),
        message: e.to_string(),
    };
    plan_sheet(wb.add_worksheet(), v).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}

fn plan_sheet(ws: &mut Worksheet, v: &PlanView) -> std::result::Result<(), XlsxError> {
    ws.set_name("Plan")?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("#DCE6F1")
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let money = Format::new().set_num_format("£#,##0");
    let pct = Format::new().set_num_format("0.0%");
    let plain = Format::new().set_num_format("#,##0.##");
    ws.write_string_with_format(0, 0, format!("Plan {}", v.plan.name), &bold)?;
    ws.write_string(1, 0, format!("Target: {}", v.target))?;
    ws.write_string(2, 0, v.verdict())?;
    let mut row = 4;
    // the unit last, so its text runs on into the empty cells to its right
    for (c, h) in ["lever", "setting", "from", "cost (GBP)", "unit"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &head)?;
    }
    let c = v.chosen();
    for ((l, s), cost) in v.plan.levers.iter().zip(&c.settings).zip(&c.lever_costs) {
        row += 1;
        ws.write_string(row, 0, &l.name)?;
        ws.write_number_with_format(row, 1, *s, &plain)?;
        ws.write_number(row, 2, l.from)?;
        if let Some(x) = rounded(*cost) {
            ws.write_number_with_format(row, 3, x, &money)?;
        }
        ws.write_string(row, 4, l.kind.unit())?;
    }
    row += 2;
    let first = row;
    let mut cols: Vec<String> = vec!["candidate".into()];
    cols.extend(v.lever_names().map(str::to_owned));
    cols.extend(
        [
            "cost (GBP)",
            "probability",
            "SE",
            "95% lower bound",
            "meets",
            "chosen",
        ]
        .map(str::to_owned),
    );
    for (i, h) in cols.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &head)?;
        ws.set_column_width(i as u16, if i == 0 { 18.0 } else { 14.0 })?;
    }
    let need = v.plan.target.probability;
    for (i, e) in v.outcome.candidates.iter().enumerate() {
        row += 1;
        ws.write_number(row, 0, i as f64 + 1.0)?;
        for (k, s) in e.settings.iter().enumerate() {
            ws.write_number_with_format(row, 1 + k as u16, *s, &plain)?;
        }
        let at = 1 + e.settings.len() as u16;
        if let Some(x) = rounded(e.cost) {
            ws.write_number_with_format(row, at, x, &money)?;
        }
        ws.write_number_with_format(row, at + 1, e.probability, &pct)?;
        ws.write_number_with_format(row, at + 2, e.se, &pct)?;
        ws.write_number_with_format(row, at + 3, e.lower, &pct)?;
        let yes = |b: bool| if b { "yes" } else { "no" };
        ws.write_string(row, at + 4, yes(e.feasible(need)))?;
        ws.write_string(row, at + 5, yes(i == v.outcome.chosen))?;
    }
    ws.autofilter(first, 0, row, cols.len() as u16 - 1)?;
    ws.set_column_width(0, 18.0)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}
