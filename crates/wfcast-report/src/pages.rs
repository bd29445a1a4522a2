//! What a CIO looks at: the charts of one scenario (national fan chart, regions, gap by
//! role, what drives the uncertainty) and of a comparison (A and B side by side, the paired
//! difference, the difference by role), and the self-contained HTML pages that hold them.

use wfcast_core::analysis::Comparison;
use wfcast_core::analysis::Driver;
use wfcast_core::analysis::{Stats, SummaryRow, cost_drift};
use wfcast_core::model::SkillMetric;
use wfcast_core::taxonomy::ALL;
use wfcast_core::taxonomy::SKILL_LEVELS;
use wfcast_core::{Measure, Metric};

use crate::charts::{
    Bar, Chart, FanChart, Panel, RangeBars, Series, SmallMultiples, Tornado, region_panels,
};
use crate::explore::{compare_data, report_data};
use crate::format::NumberFormat;
use crate::html::{Block, Cell, Page, Section, Table};
use crate::tidy::Labels;

/// What was run, as the pages and chart subtitles state it.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// Scenario name (or "A vs B").
    pub name: String,
    /// What the scenario assumes.
    pub description: String,
    /// Master seed.
    pub seed: u64,
    /// Number of draws.
    pub draws: u64,
    /// `monte-carlo` or `expected`.
    pub method: String,
    /// When the run started (RFC 3339).
    pub started: String,
    /// Where the baseline data came from: [`SHIPPED_DATA`] or the folder given with `--data`.
    pub data: String,
}

/// What [`RunFacts::data`] says of the synthetic data shipped with wfcast; pages that show
/// it also carry a caveat that the figures are illustrative.
pub const SHIPPED_DATA: &str = "synthetic (shipped with wfcast)";

impl RunFacts {
    fn subtitle(&self) -> String {
        format!(
            "Scenario {}, {} draws, seed {}",
            self.name, self.draws, self.seed
        )
    }

    fn page(&self, title: String) -> Page {
        let intro = if self.data == SHIPPED_DATA {
            format!(
                "{} Illustrative only: the baseline is synthetic data shipped with wfcast, \
                 calibrated to public aggregates, not real staff records; run with --data \
                 for your own.",
                self.description
            )
        } else {
            self.description.clone()
        };
        Page::new(title)
            .intro(intro)
            .meta("Data", &self.data)
            .meta("Scenario", &self.name)
            .meta("Seed", self.seed.to_string())
            .meta("Draws", self.draws.to_string())
            .meta("Method", &self.method)
            .meta("wfcast", env!("CARGO_PKG_VERSION"))
            .meta("Run (UTC)", &self.started)
    }
}

/// One scenario's results, as the charts and `report.html` need them.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioView<'a> {
    /// What was run.
    pub facts: &'a RunFacts,
    /// The summary rows.
    pub rows: &'a [SummaryRow],
    /// `ALL`, or the place id of `--region`.
    pub place: &'a str,
    /// Role and place names.
    pub labels: Labels<'a>,
    /// What each uncertain input does to each headline output in the horizon year, by
    /// output and largest swing first (as in `sensitivity.csv`).
    pub drivers: &'a [Driver],
}

fn find(rows: &[SummaryRow], year: i32, role: &str, region: &str, metric: Metric) -> Option<Stats> {
    find_measure(rows, year, role, region, &metric.into())
}

fn find_measure(
    rows: &[SummaryRow],
    year: i32,
    role: &str,
    region: &str,
    measure: &Measure,
) -> Option<Stats> {
    rows.iter()
        .find(|r| r.year == year && r.role == role && r.region == region && r.metric == *measure)
        .map(|r| r.stats)
}

fn years(rows: &[SummaryRow]) -> (i32, i32) {
    let first = rows.iter().map(|r| r.year).min().unwrap_or_default();
    let last = rows.iter().map(|r| r.year).max().unwrap_or_default();
    (first, last)
}

fn supply_demand(rows: &[SummaryRow], place: &str) -> Vec<Series> {
    vec![
        Series::from_summary("Staff in post", rows, ALL, place, Metric::Wte),
        Series::from_summary(
            "Establishment (demand)",
            rows,
            ALL,
            place,
            Metric::DemandWte,
        ),
    ]
}

/// The file stem of the fan chart of `place`: the nation's, or one region's.
fn fan_stem(place: &str) -> &'static str {
    if place == ALL {
        "fan_national"
    } else {
        "fan_region"
    }
}

/// The charts of one scenario, each with the file stem it is written under:
/// `fan_national` (`fan_region` for a run of one region), `fan_regions` (all regions only),
/// `gap_by_role` and `sensitivity` (when the run has draws enough to rank its uncertain
/// inputs).
pub fn scenario_charts(v: &ScenarioView) -> Vec<(&'static str, Chart)> {
    let (_, last) = years(v.rows);
    let place = v.labels.region(v.place);
    let mut charts: Vec<(&'static str, Chart)> = vec![(
        fan_stem(v.place),
        FanChart {
            title: format!("{place}: staff in post vs establishment"),
            subtitle: v.facts.subtitle(),
            y_label: "WTE".into(),
            series: supply_demand(v.rows, v.place),
            zero_line: false,
        }
        .into(),
    )];
    let panels = region_panels(
        v.rows,
        &[
            ("Staff in post", Metric::Wte),
            ("Establishment (demand)", Metric::DemandWte),
        ],
        &v.labels,
        v.place,
    );
    if let Some(level) = panels.level.filter(|_| !panels.panels.is_empty()) {
        charts.push((
            "fan_regions",
            SmallMultiples {
                title: format!(
                    "Staff in post vs establishment by {}",
                    level.replace('_', " ")
                ),
                subtitle: v.facts.subtitle(),
                y_label: "WTE".into(),
                panels: panels.panels,
                zero_line: false,
                shared_scale: false,
            }
            .into(),
        ));
    }
    charts.push((
        "gap_by_role",
        RangeBars {
            title: format!("{place}: gap by role in {last}"),
            subtitle: v.facts.subtitle(),
            x_label: "Gap (WTE): establishment minus staff in post".into(),
            bars: v
                .labels
                .roles()
                .iter()
                .filter_map(|(id, name)| {
                    find(v.rows, last, id, v.place, Metric::GapWte).map(|s| (name.clone(), s))
                })
                .collect(),
        }
        .into(),
    ));
    // the gap's drivers in WTE, the largest swing first
    let bars: Vec<Bar> = v
        .drivers
        .iter()
        .filter(|d| d.output == Metric::GapWte)
        .map(|d| Bar {
            label: d.label.clone(),
            value: d.swing,
            within_noise: d.within_noise,
        })
        .collect();
    if !bars.is_empty() {
        charts.push((
            "sensitivity",
            Tornado {
                title: format!("What drives the uncertainty of the {last} gap"),
                subtitle: v.facts.subtitle(),
                x_label: format!(
                    "WTE the {last} gap ({place}) moves, input from its P10 to its P90"
                ),
                outcome: format!("{last} gap"),
                bars,
            }
            .into(),
        ));
    }
    charts
}

/// `report.html`: the headline numbers, the charts and the gap by role in the horizon year.
/// `svgs` are the charts rendered by [`Chart::svg`], by file stem.
pub fn report_html(v: &ScenarioView, svgs: &[(&'static str, String)]) -> String {
    let (base, last) = years(v.rows);
    let place = v.labels.region(v.place);
    let mut headline = Table::new([
        String::new(),
        // a mean too: the base year is counted with uncertainty when a scenario says so
        format!("{base} mean"),
        format!("{last} mean"),
        "P10".to_owned(),
        "P90".to_owned(),
    ]);
    for (label, metric, f) in [
        (
            "Staff in post (headcount)",
            Metric::Headcount,
            NumberFormat::Count,
        ),
        ("Staff in post (WTE)", Metric::Wte, NumberFormat::Count),
        (
            "Establishment (WTE)",
            Metric::DemandWte,
            NumberFormat::Count,
        ),
        ("Gap (WTE)", Metric::GapWte, NumberFormat::Count),
        (
            "Vacancy rate",
            Metric::VacancyRate,
            NumberFormat::Percent(1),
        ),
        (
            "Pay cost a year",
            Metric::PayCost,
            NumberFormat::GbpMillions,
        ),
    ] {
        if let (Some(now), Some(then)) = (
            find(v.rows, base, ALL, v.place, metric),
            find(v.rows, last, ALL, v.place, metric),
        ) {
            headline.push_row([
                Cell::text(label),
                Cell::num(now.mean, f),
                Cell::num(then.mean, f),
                Cell::num(then.q[1], f),
                Cell::num(then.q[5], f),
            ]);
        }
    }
    let mut roles: Vec<(String, Stats)> = v
        .labels
        .roles()
        .iter()
        .filter_map(|(id, name)| {
            find(v.rows, last, id, v.place, Metric::GapWte).map(|s| (name.clone(), s))
        })
        .collect();
    roles.sort_by(|a, b| b.1.mean.total_cmp(&a.1.mean));
    let mut role_table = Table::new(["Role", "Mean gap (WTE)", "P10", "P90"]);
    for (name, s) in &roles {
        role_table.push_row([
            Cell::text(name),
            Cell::num(s.mean, NumberFormat::Count),
            Cell::num(s.q[1], NumberFormat::Count),
            Cell::num(s.q[5], NumberFormat::Count),
        ]);
    }
    let chart = |stem: &str| svgs.iter().find(|(s, _)| *s == stem).map(|(_, c)| c);
    let mut page = v
        .facts
        .page(format!("Workforce forecast: {}", v.facts.name))
        .headline(headline.caption(format!("{place}, all roles: {base} and {last}")))
        .explore(report_data(v.rows, &v.labels));
    if let Some(c) = chart(fan_stem(v.place)) {
        page = page.section(
            Section::new(
                "Supply and demand",
                "Staff in post against the funded establishment. Lines are means across \
                 draws; the darker band holds the middle half of draws, the lighter band 8 \
                 draws in 10. The gap is the distance between them. Even the first year has \
                 a band when the scenario says today's count is uncertain ([baseline]).",
            )
            .block(Block::image(
                c.clone(),
                format!("{place}: staff in post and establishment, {base} to {last}, with their P25-P75 and P10-P90 bands"),
            )),
        );
    }
    if let Some(c) = chart("fan_regions") {
        page = page.section(
            Section::new(
                "Places",
                format!("The same picture for each place under {place}."),
            )
            .block(Block::image(
                c.clone(),
                format!("Staff in post and establishment in each place under {place}"),
            )),
        );
    }
    let mut by_role = Section::new(
        format!("Gap by role in {last}"),
        "Bars show the mean gap across draws, whiskers the P10 to P90 range; a negative gap \
         means more staff in post than funded posts.",
    );
    if let Some(c) = chart("gap_by_role") {
        by_role = by_role.block(Block::image(
            c.clone(),
            format!("Mean gap by role in {last} with P10 to P90 whiskers; the table below lists the values"),
        ));
    }
    page = page.section(by_role.table(role_table));
    if let Some(section) = skill_section(v.rows, v.place, base, last) {
        page = page.section(section);
    }
    if let Some(section) = cost_section(v.rows, v.place) {
        page = page.section(section);
    }
    if let Some(c) = chart("sensitivity") {
        page = page.section(
            Section::new(
                "What drives the uncertainty",
                "Each bar is how many WTE the gap moves when one input goes from its P10 to its \
                 P90 (estimated from the draws, the other inputs varying as drawn); grey bars \
                 are within the noise: neither the swing nor the input's share of the \
                 variance is clear of zero, at 95% for all the inputs together, and \
                 sensitivity.csv gives every \
                 input's share and its effect on staff in post, vacancies and pay cost.",
            )
            .block(Block::image(
                c.clone(),
                "The uncertain inputs that move the gap most, in WTE from their P10 to their P90",
            )),
        );
    }
    page.render()
}

/// Staff in post, establishment and gap by DDaT skill level, when the scenario asks for
/// skill levels; `None` otherwise.
fn skill_section(rows: &[SummaryRow], place: &str, base: i32, last: i32) -> Option<Section> {
    let mut table = Table::new([
        "Skill level".to_owned(),
        format!("{base} staff (WTE)"),
        format!("{last} staff (WTE)"),
        format!("{last} establishment (WTE)"),
        format!("{last} gap (WTE)"),
        "P10".to_owned(),
        "P90".to_owned(),
    ]);
    let f = NumberFormat::Count;
    for (level, name) in SKILL_LEVELS.iter().enumerate() {
        let get = |year: i32, m: SkillMetric| {
            find_measure(rows, year, ALL, place, &Measure::Skill(m, level))
        };
        let now = get(base, SkillMetric::Wte)?;
        let (staff, demand, gap) = (
            get(last, SkillMetric::Wte)?,
            get(last, SkillMetric::DemandWte)?,
            get(last, SkillMetric::GapWte)?,
        );
        let mut label = name.to_string();
        label[..1].make_ascii_uppercase();
        table.push_row([
            Cell::text(label),
            Cell::num(now.mean, f),
            Cell::num(staff.mean, f),
            Cell::num(demand.mean, f),
            Cell::num(gap.mean, f),
            Cell::num(gap.q[1], f),
            Cell::num(gap.q[5], f),
        ]);
    }
    Some(
        Section::new(
            "By skill level",
            format!(
                "WTE at each DDaT framework skill level (the data's skill_levels.csv maps each                  role's bands to a level); the establishment keeps each role and place's {base}                  mix of levels, so a level's gap shows where promotion, hiring and upskilling                  move staff away from the mix the posts had. summary.csv and the workbook's                  Skill levels sheet have every role and place."
            ),
        )
        .table(table.caption(format!("All roles, {base} and {last}: staff and establishment by skill level"))),
    )
}

/// Cost per WTE in the base and horizon years and what moved it, with a sentence saying
/// which part leads; `None` without the pay cost metrics.
fn cost_section(rows: &[SummaryRow], place: &str) -> Option<Section> {
    let drift = cost_drift(rows, ALL, place);
    let (first, last) = (drift.first()?, drift.last()?);
    let mut table = Table::new(["", "£ a year per WTE"]);
    for (label, x, f) in [
        (
            format!("Cost per WTE, {}", first.year),
            first.cost_per_wte,
            NumberFormat::Gbp,
        ),
        (
            format!("Cost per WTE, {}", last.year),
            last.cost_per_wte,
            NumberFormat::Gbp,
        ),
        ("Change".to_owned(), last.change, NumberFormat::SignedGbp),
        (
            "of which band, region and hours mix".to_owned(),
            last.mix,
            NumberFormat::SignedGbp,
        ),
        (
            "of which pay points".to_owned(),
            last.pay_points,
            NumberFormat::SignedGbp,
        ),
        (
            "of which pay rules".to_owned(),
            last.pay_rules,
            NumberFormat::SignedGbp,
        ),
    ] {
        table.push_row([Cell::text(label), Cell::num(x, f)]);
    }
    let parts = [
        (last.mix, "the mix of bands, regions and hours"),
        (
            last.pay_points,
            "staff's progress through their bands' pay points",
        ),
        (last.pay_rules, "premiums and National Insurance"),
    ];
    let lead = parts
        .iter()
        .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
        .map_or("", |p| p.1);
    let share = if first.cost_per_wte > 0.0 {
        last.change / first.cost_per_wte
    } else {
        0.0
    };
    Some(
        Section::new(
            "Pay cost per WTE",
            format!(
                "Mean employer pay cost per WTE (pay, pension and National Insurance, 2024/25 \
                 prices, no pay award) moves by {:+.1}% from {} to {}, mostly from {lead}. Pay \
                 points follow staff's age within their band: an ageing workforce moves up \
                 them, young joiners start low. Pay rules are premiums and National \
                 Insurance against {}'s. The Cost drivers sheet of the workbook has every year.",
                100.0 * share,
                first.year,
                last.year,
                first.year
            ),
        )
        .table(table.caption("Change in cost per WTE, and its three parts (they add up)")),
    )
}

/// A comparison, as its charts and `compare.html` need it.
#[derive(Debug, Clone, Copy)]
pub struct CompareView<'a> {
    /// What was run (name "A vs B").
    pub facts: &'a RunFacts,
    /// The paired differences.
    pub comparison: &'a Comparison,
    /// Scenario A's summary rows.
    pub rows_a: &'a [SummaryRow],
    /// Scenario B's summary rows.
    pub rows_b: &'a [SummaryRow],
    /// `ALL`, or the place id of `--region`.
    pub place: &'a str,
    /// Role and place names.
    pub labels: Labels<'a>,
}

/// The charts of a comparison: `compare_side_by_side` (A and B on one scale),
/// `compare_difference` (B - A over the years) and `compare_gap_by_role`.
pub fn compare_charts(v: &CompareView) -> Vec<(&'static str, Chart)> {
    let c = v.comparison;
    let (_, last) = years(v.rows_a);
    let place = v.labels.region(v.place);
    let subtitle = format!(
        "{} paired draws (common random numbers), seed {}",
        c.draws, v.facts.seed
    );
    let diff = |metric: Metric| -> Vec<(i32, Stats)> {
        c.rows
            .iter()
            .filter(|r| r.role == ALL && r.region == v.place && r.metric == metric)
            .map(|r| (r.year, r.diff))
            .collect()
    };
    vec![
        (
            "compare_side_by_side",
            SmallMultiples {
                title: format!("{place}: staff in post vs establishment, A and B"),
                subtitle: subtitle.clone(),
                y_label: "WTE".into(),
                panels: vec![
                    Panel {
                        title: format!("A: {}", c.a),
                        series: supply_demand(v.rows_a, v.place),
                    },
                    Panel {
                        title: format!("B: {}", c.b),
                        series: supply_demand(v.rows_b, v.place),
                    },
                ],
                zero_line: false,
                shared_scale: true,
            }
            .into(),
        ),
        (
            "compare_difference",
            FanChart {
                title: format!("{place}: {} minus {}", c.b, c.a),
                subtitle: subtitle.clone(),
                y_label: "Difference (WTE), B − A".into(),
                series: vec![
                    Series::new("Gap, B − A", diff(Metric::GapWte)),
                    Series::new("Establishment, B − A", diff(Metric::DemandWte)),
                    Series::new("Staff in post, B − A", diff(Metric::Wte)),
                ],
                zero_line: true,
            }
            .into(),
        ),
        (
            "compare_gap_by_role",
            RangeBars {
                title: format!("{place}: gap in {last}, {} minus {}, by role", c.b, c.a),
                subtitle,
                x_label: "Difference in gap (WTE), B − A".into(),
                bars: v
                    .labels
                    .roles()
                    .iter()
                    .filter_map(|(id, name)| {
                        c.find(last, id, v.place, Metric::GapWte)
                            .map(|r| (name.clone(), r.diff))
                    })
                    .collect(),
            }
            .into(),
        ),
    ]
}

/// `compare.html`: the horizon-year differences with P(B > A), A and B side by side, and the
/// paired difference.
/// `svgs` are the charts rendered by [`Chart::svg`], by file stem.
pub fn compare_html(v: &CompareView, svgs: &[(&'static str, String)]) -> String {
    let c = v.comparison;
    let (_, last) = years(v.rows_a);
    // the difference's statistics in columns of their own, short headers: the table fits
    // a 1280 px screen and an A4 page without scrolling
    let mut table = Table::new([
        format!("{} ({last})", v.labels.region(v.place)),
        format!("A: {}", c.a),
        format!("B: {}", c.b),
        "B − A".to_owned(),
        "P10".to_owned(),
        "P90".to_owned(),
        "P(B\u{a0}>\u{a0}A)".to_owned(),
    ]);
    for (label, metric, f, signed) in [
        (
            "Staff in post (WTE)",
            Metric::Wte,
            NumberFormat::Count,
            NumberFormat::SignedCount,
        ),
        (
            "Establishment (WTE)",
            Metric::DemandWte,
            NumberFormat::Count,
            NumberFormat::SignedCount,
        ),
        (
            "Gap (WTE)",
            Metric::GapWte,
            NumberFormat::Count,
            NumberFormat::SignedCount,
        ),
        (
            "Joiners in the year",
            Metric::Joiners,
            NumberFormat::Count,
            NumberFormat::SignedCount,
        ),
        (
            "Leavers in the year",
            Metric::Leavers,
            NumberFormat::Count,
            NumberFormat::SignedCount,
        ),
        (
            "Pay cost a year",
            Metric::PayCost,
            NumberFormat::GbpMillions,
            NumberFormat::SignedGbpMillions,
        ),
    ] {
        let Some(r) = c.find(last, ALL, v.place, metric) else {
            continue;
        };
        table.push_row([
            Cell::text(label),
            Cell::num(r.mean_a, f),
            Cell::num(r.mean_b, f),
            Cell::num(r.diff.mean, signed),
            Cell::num(r.diff.q[1], signed),
            Cell::num(r.diff.q[5], signed),
            Cell::num(r.p_b_greater, NumberFormat::Percent(0)),
        ]);
    }
    let chart = |stem: &str| svgs.iter().find(|(s, _)| *s == stem).map(|(_, c)| c);
    let mut page = v
        .facts
        .page(format!("{} vs {}", c.a, c.b))
        .headline(table.caption(format!(
            "{last}: means of A and B; B − A is the mean of the paired difference across \
             draws, P10 and P90 its own quantiles"
        )))
        .explore(compare_data(c, v.rows_a, v.rows_b, &v.labels));
    if let Some(ch) = chart("compare_side_by_side") {
        page = page.section(
            Section::new(
                "Side by side",
                "Each future's staff in post and establishment, on one scale.",
            )
            .block(Block::image(
                ch.clone(),
                "Staff in post and establishment of both futures on one scale",
            )),
        );
    }
    if let Some(ch) = chart("compare_difference") {
        page = page.section(
            Section::new(
                "The difference, draw by draw",
                "B minus A in the same draw: both futures share every random number they can, \
                 so the band shows only the uncertainty their differences create. Where the \
                 band clears zero, the futures differ whatever the uncertainty.",
            )
            .block(Block::image(
                ch.clone(),
                "B minus A, draw by draw, over the years, with its P10 to P90 band",
            )),
        );
    }
    if let Some(ch) = chart("compare_gap_by_role") {
        page = page.section(
            Section::new(
                format!("Which roles the difference falls on, {last}"),
                "The difference in each role's gap: mean across draws, whiskers P10 to P90.",
            )
            .block(Block::image(
                ch.clone(),
                format!("The difference in each role's gap in {last}"),
            )),
        );
    }
    page.render()
}
