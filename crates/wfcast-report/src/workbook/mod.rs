//! The Excel workbooks: `workbook.xlsx` for one scenario and `compare.xlsx` for two futures.
//! Every sheet has a frozen header row, an autofilter, number formats (thousands separators,
//! percentages, GBP) and sized columns; the charts are native Excel charts, so an analyst can
//! restyle them, with the P10-P90 band drawn as a shaded area.
//!
//! Speed: the long sheets are written in rust_xlsxwriter's constant-memory mode (each row
//! goes to a temporary file as soon as the next begins, strings inline, no cell table kept),
//! and the zip is compressed at level 1. Together they write the two default workbooks in
//! about half the time and a tenth of the memory, for files about 45% larger than at the
//! default level 6 (BENCHMARKS.md). A constant-memory sheet must be written in row order:
//! a cell written above the current row would be dropped.

use std::collections::HashMap;

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartLineDashType, ChartSolidFill, ChartType, Format,
    FormatAlign, Workbook, Worksheet, XlsxError,
};
use wfcast_core::analysis::Comparison;
use wfcast_core::analysis::{Driver, cost_drift};
use wfcast_core::analysis::{QUANTILE_COLUMNS, Stats, SummaryRow};
use wfcast_core::model::{Measure, Metric, RouteMetric, Unit};
use wfcast_core::taxonomy::ALL;

use crate::error::{Error, Result};
use crate::format::{NumberFormat, format};
use crate::tidy::rounded;

mod sensitivity;

/// What goes into a scenario's workbook.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioBook<'a> {
    /// Rows of the About sheet: (item, value), e.g. ("Seed", "20300101").
    pub about: &'a [(String, String)],
    /// The summary rows (as in `summary.csv`).
    pub rows: &'a [SummaryRow],
    /// The region the national views show: `ALL`, or the region of `--region`.
    pub place: &'a str,
    /// What each uncertain input does to each headline output in the horizon year, by
    /// output and largest swing first (as in `sensitivity.csv`).
    pub drivers: &'a [Driver],
    /// The resolved scenario (TOML), shown line by line on the Inputs sheet.
    pub resolved: &'a str,
    /// The names and codes of the label columns.
    pub labels: crate::tidy::Labels<'a>,
}

/// The zip compression level: the fastest (see the module's notes on speed).
const ZIP_LEVEL: u8 = 1;

/// Cell formats shared by every sheet.
struct Formats {
    header: Format,
    count: Format,
    percent: Format,
    money: Format,
    coefficient: Format,
    wrap: Format,
    whole: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color("#DCE6F1")
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            count: Format::new().set_num_format("#,##0.0"),
            percent: Format::new().set_num_format("0.0%"),
            money: Format::new().set_num_format("£#,##0"),
            coefficient: Format::new().set_num_format("0.000"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            whole: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Left),
        }
    }

    /// The format a measure's numbers are shown in, by its unit.
    fn of(&self, metric: &Measure) -> &Format {
        match metric.unit() {
            Unit::Rate => &self.percent,
            Unit::Gbp => &self.money,
            Unit::People | Unit::Wte => &self.count,
        }
    }
}

fn xlsx_err(name: &str) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Xlsx {
        path: name.into(),
        message: e.to_string(),
    }
}

type XResult<T = ()> = std::result::Result<T, XlsxError>;

/// Writes a header row, freezes it and sizes the columns; the sheet prints landscape on A4,
/// one page wide, with the header repeated on every page.
fn header(ws: &mut Worksheet, f: &Formats, names: &[&str], widths: &[f64]) -> XResult {
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(11.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    /// Excel's paper size code for A4.
    const A4: u8 = 9;
    ws.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

fn number(ws: &mut Worksheet, row: u32, col: u16, x: f64, format: &Format) -> XResult {
    if let Some(v) = rounded(x) {
        ws.write_number_with_format(row, col, v, format)?;
    }
    Ok(())
}

fn stats(ws: &mut Worksheet, row: u32, col: u16, s: &Stats, format: &Format) -> XResult {
    number(ws, row, col, s.mean, format)?;
    number(ws, row, col + 1, s.sd, format)?;
    for (i, &q) in s.q.iter().enumerate() {
        number(ws, row, col + 2 + i as u16, q, format)?;
    }
    Ok(())
}

/// How wide (in characters) a statistics column must be to show `x` as its format does:
/// the formatted text and a margin, never less than `min`. Spreadsheets show `###` in a
/// column too narrow for a number, so the widest value sets the width.
fn width_for(x: f64, metric: &Measure, min: f64) -> f64 {
    let Some(v) = rounded(x) else { return min };
    let shown = match metric.unit() {
        Unit::Gbp => format(v, NumberFormat::Gbp),
        Unit::Rate => format(v, NumberFormat::Percent(1)),
        Unit::People | Unit::Wte => format(v, NumberFormat::Decimal(1)),
    };
    (shown.chars().count() as f64 + 2.0).max(min)
}

/// A long table of summary rows (like `summary.csv`) with an autofilter, its statistics
/// and label columns as wide as their widest value.
fn long_table(
    ws: &mut Worksheet,
    f: &Formats,
    rows: &[&SummaryRow],
    labels: &crate::tidy::Labels,
) -> XResult {
    let names = crate::tidy::summary_header();
    header(ws, f, &names, &[16.0, 7.0, 24.0, 22.0, 30.0])?;
    let mut widths = [11.0; 2 + QUANTILE_COLUMNS.len()];
    // role and region names, as wide as the widest with a margin (the header's at least)
    let mut names_width = [11.0_f64; 2];
    let after = 7 + QUANTILE_COLUMNS.len() as u16;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.scenario)?;
        ws.write_number(row, 1, r.year)?;
        ws.write_string(row, 2, &r.role)?;
        ws.write_string(row, 3, &r.region)?;
        ws.write_string(row, 4, r.metric.to_string())?;
        stats(ws, row, 5, &r.stats, f.of(&r.metric))?;
        let values = [r.stats.mean, r.stats.sd].into_iter().chain(r.stats.q);
        for (w, x) in widths.iter_mut().zip(values) {
            *w = width_for(x, &r.metric, *w);
        }
        ws.write_string(row, after, labels.level(&r.role, &r.region))?;
        ws.write_string(row, after + 1, r.metric.unit().name())?;
        for (k, name) in [labels.role(&r.role), labels.region(&r.region)]
            .into_iter()
            .enumerate()
        {
            ws.write_string(row, after + 2 + k as u16, name)?;
            names_width[k] = names_width[k].max(name.chars().count() as f64 + 2.0);
        }
        ws.write_string(row, after + 4, labels.region_code(&r.region))?;
    }
    for (c, w) in widths.into_iter().enumerate() {
        ws.set_column_width(5 + c as u16, w)?;
    }
    for (c, w) in [12.0, 8.0, names_width[0], names_width[1], 12.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(after + c as u16, w)?;
    }
    ws.autofilter(0, 0, rows.len().max(1) as u32, names.len() as u16 - 1)?;
    Ok(())
}

/// Index of P10 and P90 in [`Stats::q`].
const P10: usize = 1;
const P90: usize = 5;

/// Adds one line series per `(column, name, colour, width, dashed)` to `chart`, reading a
/// block on `sheet` from `first` to `last` row whose years are in column `col` and whose
/// values are in `col + column`.
fn add_lines(
    chart: &mut Chart,
    (sheet, first, last, col): (&str, u32, u32, u16),
    series: &[(u16, &str, &str, f64, bool)],
) {
    for &(c, name, color, width, dash) in series {
        let mut line = ChartLine::new();
        line.set_color(color).set_width(width);
        if dash {
            line.set_dash_type(ChartLineDashType::Dash);
        }
        chart
            .add_series()
            .set_name(name)
            .set_categories((sheet, first, col, last, col))
            .set_values((sheet, first, col + c, last, col + c))
            .set_format(ChartFormat::new().set_line(&line));
    }
}

/// A fan chart of supply against demand from a chart-data block on `sheet`: columns
/// year, supply P10, supply P90-P10, supply mean, demand mean, demand P10, demand P90.
fn fan_chart(sheet: &str, first: u32, last: u32, col: u16, title: &str) -> Chart {
    let range = |c: u16| (sheet, first, col + c, last, col + c);
    let mut band = Chart::new(ChartType::AreaStacked);
    band.add_series()
        .set_name("P10 (base of the band)")
        .set_categories(range(0))
        .set_values(range(1))
        .set_format(ChartFormat::new().set_no_fill().set_no_line());
    band.add_series()
        .set_name("Staff in post, P10-P90")
        .set_categories(range(0))
        .set_values(range(2))
        .set_format(
            ChartFormat::new()
                .set_solid_fill(ChartSolidFill::new().set_color("#9ECAE1"))
                .set_no_line(),
        );
    let mut lines = Chart::new(ChartType::Line);
    add_lines(
        &mut lines,
        (sheet, first, last, col),
        &[
            (3, "Staff in post WTE (mean)", "#08519C", 2.25, false),
            (4, "Demand WTE (mean)", "#D94801", 2.25, false),
            (5, "Demand P10", "#D94801", 1.0, true),
            (6, "Demand P90", "#D94801", 1.0, true),
        ],
    );
    band.combine(&lines);
    band.title().set_name(title);
    band.x_axis().set_name("Year (end of)");
    band.y_axis().set_name("WTE").set_num_format("#,##0");
    band.legend().delete_entries(&[0]);
    // the data block shares rows with the filterable table: filtering must not blank the chart
    band.show_hidden_data();
    band.set_width(760).set_height(420);
    band
}

/// The National sheet (named for the region in a run of one region): its rows for all
/// roles, a chart-data block and the fan chart.
fn national_sheet(ws: &mut Worksheet, f: &Formats, book: &ScenarioBook) -> XResult {
    let name = if book.place == ALL {
        "National"
    } else {
        book.labels.region(book.place)
    };
    ws.set_name(name)?;
    let rows: Vec<&SummaryRow> = book
        .rows
        .iter()
        .filter(|r| r.role == ALL && r.region == book.place)
        .collect();
    long_table(ws, f, &rows, &book.labels)?;
    // the chart's data block, one blank column after the long table's last
    let col = crate::tidy::summary_header().len() as u16 + 1;
    let titles = [
        "year",
        "supply P10",
        "supply P90-P10",
        "supply mean",
        "demand mean",
        "demand P10",
        "demand P90",
    ];
    for (i, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, col + i as u16, *t, &f.header)?;
        ws.set_column_width(col + i as u16, 11.0)?;
    }
    let find =
        |metric: Metric, year: i32| rows.iter().find(|r| r.metric == metric && r.year == year);
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.dedup();
    for (i, &year) in years.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, col, year)?;
        if let (Some(w), Some(d)) = (find(Metric::Wte, year), find(Metric::DemandWte, year)) {
            let (w, d) = (&w.stats, &d.stats);
            let (wq, dq) = (&w.q, &d.q);
            for (c, v) in [wq[P10], wq[P90] - wq[P10], w.mean, d.mean, dq[P10], dq[P90]]
                .into_iter()
                .enumerate()
            {
                number(ws, row, col + 1 + c as u16, v, &f.count)?;
            }
        }
    }
    if !years.is_empty() {
        let place = book.labels.region(book.place);
        let chart = fan_chart(
            name,
            1,
            years.len() as u32,
            col,
            &format!("{place}: staff in post vs demand (WTE), P10-P90"),
        );
        ws.insert_chart(years.len() as u32 + 3, col, &chart)?;
    }
    Ok(())
}

/// The Gap sheet: supply, demand and the gap for every year, role and region.
fn gap_sheet(ws: &mut Worksheet, f: &Formats, rows: &[SummaryRow]) -> XResult {
    ws.set_name("Gap")?;
    let names = [
        "year",
        "role",
        "region",
        "wte (mean)",
        "demand_wte (mean)",
        "gap_wte (mean)",
        "gap_wte P10",
        "gap_wte P90",
        "vacancy_rate (mean)",
    ];
    header(
        ws,
        f,
        &names,
        &[7.0, 24.0, 22.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0],
    )?;
    let index: HashMap<(i32, &str, &str, &Measure), &SummaryRow> = rows
        .iter()
        .map(|r| ((r.year, r.role.as_str(), r.region.as_str(), &r.metric), r))
        .collect();
    let mut row = 0u32;
    for gap in rows.iter().filter(|r| r.metric == Metric::GapWte) {
        let same = |metric: Metric| {
            index
                .get(&(
                    gap.year,
                    gap.role.as_str(),
                    gap.region.as_str(),
                    &Measure::from(metric),
                ))
                .copied()
        };
        row += 1;
        ws.write_number(row, 0, gap.year)?;
        ws.write_string(row, 1, &gap.role)?;
        ws.write_string(row, 2, &gap.region)?;
        if let Some(w) = same(Metric::Wte) {
            number(ws, row, 3, w.stats.mean, &f.count)?;
        }
        if let Some(d) = same(Metric::DemandWte) {
            number(ws, row, 4, d.stats.mean, &f.count)?;
        }
        number(ws, row, 5, gap.stats.mean, &f.count)?;
        number(ws, row, 6, gap.stats.q[P10], &f.count)?;
        number(ws, row, 7, gap.stats.q[P90], &f.count)?;
        if let Some(v) = same(Metric::VacancyRate) {
            number(ws, row, 8, v.stats.mean, &f.percent)?;
        }
    }
    ws.autofilter(0, 0, row.max(1), names.len() as u16 - 1)?;
    Ok(())
}

/// Cost per WTE year by year for the book's place, and the three parts of its change
/// since the base year, with what each part means written underneath.
fn cost_drivers_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    rows: &[SummaryRow],
    place: &str,
) -> XResult {
    ws.set_name("Cost drivers")?;
    let names = [
        "year",
        "cost per WTE",
        "change since base year",
        "of which: band, region and hours mix",
        "of which: pay points",
        "of which: pay rules",
        "change (%)",
    ];
    header(ws, f, &names, &[7.0, 14.0, 14.0, 20.0, 14.0, 14.0, 11.0])?;
    // the long headers wrap onto three lines
    ws.set_row_height(0, 45)?;
    let drift = cost_drift(rows, ALL, place);
    let mut row = 0;
    for d in &drift {
        row += 1;
        ws.write_number(row, 0, d.year)?;
        for (col, x) in [d.cost_per_wte, d.change, d.mix, d.pay_points, d.pay_rules]
            .into_iter()
            .enumerate()
        {
            number(ws, row, col as u16 + 1, x, &f.money)?;
        }
        let base = d.cost_per_wte - d.change;
        if base > 0.0 {
            number(ws, row, 6, d.change / base, &f.percent)?;
        }
    }
    let notes = [
        "Employer pay cost per WTE (mean pay cost over mean WTE), in 2024/25 prices: no pay award is projected.",
        "Band, region and hours mix: the staff of the year costed with each band at its base-year average pay and the base year's rules; it moves only as staff shift between bands (promotions, joiners' bands), regions and working hours.",
        "Pay points: staff's progress through their band's pay points, which follow their age within the band; the workforce ageing raises it, young joiners lower it.",
        "Pay rules: premiums and National Insurance against the base year's (15% above £5,000 from 2025/26 against 13.8% above £9,100).",
        "The three parts add up to the change; docs/model.md, \"Cost per WTE\", gives the formulas.",
    ];
    for (i, note) in notes.iter().enumerate() {
        ws.merge_range(row + 2 + i as u32, 0, row + 2 + i as u32, 6, note, &f.wrap)?;
        ws.set_row_height(row + 2 + i as u32, 45)?;
    }
    Ok(())
}

/// The About sheet: one row per item, whole numbers (draws, seed) stored as numbers, and each
/// row as tall as its wrapped text so that no row overprints the next.
fn about_sheet(ws: &mut Worksheet, f: &Formats, about: &[(String, String)]) -> XResult {
    ws.set_name("About")?;
    /// Characters a line of the value column holds (its width, less a margin).
    const LINE: usize = 95;
    header(ws, f, &["item", "value"], &[52.0, LINE as f64 + 5.0])?;
    for (i, (k, v)) in about.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, k, &f.wrap)?;
        match v.parse::<u64>() {
            Ok(n) if n < 1 << 53 => {
                ws.write_number_with_format(row, 1, n as f64, &f.whole)?;
            }
            _ => {
                ws.write_string_with_format(row, 1, v, &f.wrap)?;
                let lines = v.chars().count().div_ceil(LINE).max(1);
                ws.set_row_height(row, 15.0 * lines as f64)?;
            }
        }
    }
    Ok(())
}

fn text_sheet(ws: &mut Worksheet, f: &Formats, name: &str, text: &str) -> XResult {
    ws.set_name(name)?;
    header(ws, f, &["line", "text"], &[6.0, 110.0])?;
    for (i, line) in text.lines().enumerate() {
        ws.write_number(i as u32 + 1, 0, i as u32 + 1)?;
        ws.write_string(i as u32 + 1, 1, line)?;
    }
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    name: &str,
    rows: &[&SummaryRow],
    labels: &crate::tidy::Labels,
) -> XResult {
    ws.set_name(name)?;
    long_table(ws, f, rows, labels)
}

fn build_scenario(wb: &mut Workbook, book: &ScenarioBook) -> XResult {
    let f = Formats::new();
    about_sheet(wb.add_worksheet(), &f, book.about)?;
    national_sheet(wb.add_worksheet(), &f, book)?;
    let pick = |keep: &dyn Fn(&SummaryRow) -> bool| -> Vec<&SummaryRow> {
        book.rows.iter().filter(|r| keep(r)).collect()
    };
    let by_role = pick(&|r| r.role != ALL && r.region == book.place);
    table_sheet(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        "By role",
        &by_role,
        &book.labels,
    )?;
    if book.place == ALL {
        let by_region = pick(&|r| r.role == ALL && r.region != ALL);
        table_sheet(
            wb.add_worksheet_with_constant_memory()?,
            &f,
            "By region",
            &by_region,
            &book.labels,
        )?;
    }
    gap_sheet(wb.add_worksheet_with_constant_memory()?, &f, book.rows)?;
    table_sheet(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        "Cost",
        &pick(&|r| {
            matches!(
                r.metric.metric(),
                Some(Metric::PayCost | Metric::PayCostBaseRules | Metric::PayCostBasePoints)
            )
        }),
        &book.labels,
    )?;
    cost_drivers_sheet(wb.add_worksheet(), &f, book.rows, book.place)?;
    let supply = pick(&|r| {
        r.role == ALL
            && r.region == book.place
            && (matches!(
                r.metric,
                Measure::Route(RouteMetric::Joiners | RouteMetric::Pipeline, _)
            ) || matches!(
                r.metric.metric(),
                Some(
                    Metric::Joiners
                        | Metric::JoinersExternal
                        | Metric::JoinersInternational
                        | Metric::JoinersReturners
                        | Metric::Leavers
                        | Metric::Retirements
                        | Metric::RecruitmentNeed
                        | Metric::OpenPosts
                )
            ))
    });
    table_sheet(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        "Supply routes",
        &supply,
        &book.labels,
    )?;
    let skills = pick(&|r| matches!(r.metric, Measure::Skill(..)));
    if !skills.is_empty() {
        table_sheet(
            wb.add_worksheet_with_constant_memory()?,
            &f,
            "Skill levels",
            &skills,
            &book.labels,
        )?;
    }
    sensitivity::sheet(wb.add_worksheet(), &f, book.drivers)?;
    text_sheet(wb.add_worksheet(), &f, "Inputs", book.resolved)?;
    table_sheet(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        "All results",
        &pick(&|_| true),
        &book.labels,
    )?;
    Ok(())
}

/// `workbook.xlsx` for one scenario, as bytes. Sheets: About, National (with the fan chart),
/// By role, By region, Gap, Cost, Cost drivers, Supply routes, Skill levels (when the
/// scenario asks for them), Sensitivity, Inputs, All results (exactly the rows of
/// `summary.csv`).
pub fn scenario_workbook(book: &ScenarioBook) -> Result<Vec<u8>> {
    let err = xlsx_err("workbook.xlsx");
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    build_scenario(&mut wb, book).map_err(&err)?;
    wb.save_to_buffer().map_err(&err)
}

fn build_compare(
    wb: &mut Workbook,
    about: &[(String, String)],
    c: &Comparison,
    place: &str,
    labels: &crate::tidy::Labels,
) -> XResult {
    let f = Formats::new();
    about_sheet(wb.add_worksheet(), &f, about)?;
    let name = "Compare";
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    let head = crate::tidy::compare_header();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    header(ws, &f, &head, &[16.0, 16.0, 7.0, 24.0, 22.0, 30.0])?;
    for (i, r) in c.rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &c.a)?;
        ws.write_string(row, 1, &c.b)?;
        ws.write_number(row, 2, r.year)?;
        ws.write_string(row, 3, &r.role)?;
        ws.write_string(row, 4, &r.region)?;
        ws.write_string(row, 5, r.metric.to_string())?;
        let fmt = f.of(&r.metric);
        number(ws, row, 6, r.mean_a, fmt)?;
        number(ws, row, 7, r.mean_b, fmt)?;
        stats(ws, row, 8, &r.diff, fmt)?;
        number(ws, row, 17, r.p_b_greater, &f.percent)?;
    }
    ws.autofilter(0, 0, c.rows.len().max(1) as u32, head.len() as u16 - 1)?;

    let chart_sheet = "Difference chart";
    let ws = wb.add_worksheet();
    ws.set_name(chart_sheet)?;
    let titles = [
        "year",
        "gap B-A P10",
        "gap B-A mean",
        "gap B-A P90",
        "demand B-A mean",
        "WTE B-A mean",
    ];
    header(ws, &f, &titles, &[7.0, 13.0, 13.0, 13.0, 13.0, 13.0])?;
    let national = |metric: Metric| {
        c.rows
            .iter()
            .filter(|r| r.role == ALL && r.region == place && r.metric == metric)
            .collect::<Vec<_>>()
    };
    let (gap, demand, wte) = (
        national(Metric::GapWte),
        national(Metric::DemandWte),
        national(Metric::Wte),
    );
    for (i, g) in gap.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, g.year)?;
        number(ws, row, 1, g.diff.q[P10], &f.count)?;
        number(ws, row, 2, g.diff.mean, &f.count)?;
        number(ws, row, 3, g.diff.q[P90], &f.count)?;
        if let Some(d) = demand.iter().find(|d| d.year == g.year) {
            number(ws, row, 4, d.diff.mean, &f.count)?;
        }
        if let Some(w) = wte.iter().find(|w| w.year == g.year) {
            number(ws, row, 5, w.diff.mean, &f.count)?;
        }
    }
    if !gap.is_empty() {
        let last = gap.len() as u32;
        let mut chart = Chart::new(ChartType::Line);
        add_lines(
            &mut chart,
            (chart_sheet, 1, last, 0),
            &[
                (1, "Gap difference P10", "#6A51A3", 1.0, true),
                (2, "Gap difference (mean)", "#3F007D", 2.5, false),
                (3, "Gap difference P90", "#6A51A3", 1.0, true),
                (4, "Demand difference (mean)", "#D94801", 1.5, false),
                (5, "Staff in post difference (mean)", "#08519C", 1.5, false),
            ],
        );
        chart.title().set_name(&format!(
            "{}: {} minus {}, WTE, paired draws",
            labels.region(place),
            c.b,
            c.a
        ));
        chart.x_axis().set_name("Year (end of)");
        chart
            .y_axis()
            .set_name("WTE (B - A)")
            .set_num_format("#,##0");
        chart.set_width(760).set_height(420);
        ws.insert_chart(1, 7, &chart)?;
    }
    Ok(())
}

/// `compare.xlsx`: About, Compare (every row of `compare.csv`) and a chart of the paired
/// differences over the years for `place` (`ALL`, or the place of `--region`), named by
/// `labels`.
pub fn compare_workbook(
    about: &[(String, String)],
    c: &Comparison,
    place: &str,
    labels: &crate::tidy::Labels,
) -> Result<Vec<u8>> {
    let err = xlsx_err("compare.xlsx");
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    build_compare(&mut wb, about, c, place, labels).map_err(&err)?;
    wb.save_to_buffer().map_err(&err)
}
