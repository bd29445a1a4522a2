//! The analyst's files read back with independent readers: Parquet with polars, the
//! workbooks with calamine (and their charts from the xlsx package itself), each checked
//! against `summary.csv` / `compare.csv` built from the same run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use polars::prelude::{ParquetReader, SerReader};
use wfcast_core::Metric;
use wfcast_core::analysis::compare;
use wfcast_core::analysis::drivers;
use wfcast_core::analysis::{RegionFilter, SummaryRow, summarise};
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Method, Projection, run};
use wfcast_report::format::{NumberFormat, format};
use wfcast_report::parquet::{draws_parquet, summary_parquet};
use wfcast_report::tidy::{compare_csv, sensitivity_csv, summary_csv};
use wfcast_report::workbook::{ScenarioBook, compare_workbook, scenario_workbook};

fn project(name: &str, draws: u64) -> Projection {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped(&format!("{name}.toml"), &b).unwrap();
    s.draws = draws;
    run(&s, &b, Method::MonteCarlo, &|| ())
}

fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// A CSV field and the value another reader gives for it agree exactly (empty = missing).
fn same_number(csv: &str, value: Option<f64>) -> bool {
    match value {
        None => csv.is_empty(),
        Some(v) => csv.parse::<f64>().is_ok_and(|c| c == v),
    }
}

fn xlsx_files(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            let _ = f.read_to_string(&mut text);
            (f.name().unwrap().into_owned(), text)
        })
        .collect()
}

/// The label columns' names, for the roles of the shipped data (leaked: one small list a
/// test binary).
fn labels() -> wfcast_report::tidy::Labels<'static> {
    let baseline = Box::leak(Box::new(Baseline::embedded().unwrap()));
    let roles = baseline
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect::<Vec<_>>();
    wfcast_report::tidy::Labels::new(Box::leak(roles.into_boxed_slice()), &baseline.geography)
}

fn rows_for_tests() -> (Projection, Vec<SummaryRow>) {
    let p = project("data-driven", 25);
    let rows = summarise(&p, RegionFilter::All);
    (p, rows)
}

#[test]
fn summary_parquet_holds_the_csv_rows_with_types() {
    let (_, rows) = rows_for_tests();
    let csv = csv_records(&summary_csv(&rows, &labels()).unwrap());
    let df = ParquetReader::new(Cursor::new(summary_parquet(&rows, &labels()).unwrap()))
        .finish()
        .unwrap();
    let names: Vec<&str> = df
        .get_column_names()
        .into_iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "scenario",
            "year",
            "role",
            "region",
            "metric",
            "mean",
            "sd",
            "p05",
            "p10",
            "p25",
            "p50",
            "p75",
            "p90",
            "p95",
            "level",
            "unit",
            "role_name",
            "region_name",
            "region_code"
        ]
    );
    assert_eq!(df.height(), csv.len());
    let year = df.column("year").unwrap().i32().unwrap().clone();
    let text: Vec<_> = [
        "scenario",
        "role",
        "region",
        "metric",
        "level",
        "unit",
        "role_name",
        "region_name",
        "region_code",
    ]
    .iter()
    .map(|c| df.column(c).unwrap().str().unwrap().clone())
    .collect();
    let stats: Vec<_> = names[5..14]
        .iter()
        .map(|c| df.column(c).unwrap().f64().unwrap().clone())
        .collect();
    for (i, rec) in csv.iter().enumerate() {
        assert_eq!(year.get(i).unwrap().to_string(), rec[1]);
        for (col, field) in text.iter().zip([
            &rec[0], &rec[2], &rec[3], &rec[4], &rec[14], &rec[15], &rec[16], &rec[17], &rec[18],
        ]) {
            assert_eq!(col.get(i).unwrap(), field);
        }
        for (col, field) in stats.iter().zip(&rec[5..14]) {
            assert!(same_number(field, col.get(i)), "row {i}: {rec:?}");
        }
    }
}

#[test]
fn draws_parquet_has_every_draw_cell_and_national_total() {
    let (p, rows) = rows_for_tests();
    let df = ParquetReader::new(Cursor::new(draws_parquet(&p, RegionFilter::All).unwrap()))
        .finish()
        .unwrap();
    let per_year = p.roles.len() * 7 + 1;
    assert_eq!(df.height(), p.draws as usize * p.years.len() * per_year);
    // the national 2030 WTE of every draw, read back, averages to summary.csv's mean
    let (year, role, wte) = (
        df.column("year").unwrap().i32().unwrap().clone(),
        df.column("role").unwrap().str().unwrap().clone(),
        df.column("wte").unwrap().f64().unwrap().clone(),
    );
    let national: Vec<f64> = (0..df.height())
        .filter(|&i| year.get(i) == Some(2030) && role.get(i) == Some("ALL"))
        .map(|i| wte.get(i).unwrap())
        .collect();
    assert_eq!(national.len(), p.draws as usize);
    let mean = national.iter().sum::<f64>() / national.len() as f64;
    let summary = rows
        .iter()
        .find(|r| r.year == 2030 && r.role == "ALL" && r.region == "ALL" && r.metric == Metric::Wte)
        .unwrap();
    // both are rounded to 4 dp before this comparison
    assert!(
        (mean - summary.stats.mean).abs() < 1e-3,
        "{mean} vs {summary:?}"
    );
}

#[test]
fn the_workbook_opens_with_its_sheets_values_and_charts() {
    let (p, rows) = rows_for_tests();
    let drivers = drivers(&p, RegionFilter::All, &Baseline::embedded().unwrap());
    let about = vec![("Scenario".to_owned(), "data-driven".to_owned())];
    let bytes = scenario_workbook(&ScenarioBook {
        about: &about,
        rows: &rows,
        place: "ALL",
        drivers: &drivers,
        resolved: "[scenario]\nname = \"data-driven\"\n",
        labels: labels(),
    })
    .unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "About",
            "National",
            "By role",
            "By region",
            "Gap",
            "Cost",
            "Cost drivers",
            "Supply routes",
            "Sensitivity",
            "Inputs",
            "All results"
        ]
    );
    let all = wb.worksheet_range("All results").unwrap();
    let csv = csv_records(&summary_csv(&rows, &labels()).unwrap());
    let mut sheet_rows = all.rows();
    let head: Vec<String> = sheet_rows
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        head.join(","),
        wfcast_report::tidy::summary_header().join(",")
    );
    let mut n = 0;
    for (rec, cells) in csv.iter().zip(sheet_rows) {
        n += 1;
        for (j, (field, cell)) in rec.iter().zip(cells).enumerate() {
            match cell {
                Data::String(s) => assert_eq!(s, field),
                Data::Float(v) => assert!(same_number(field, Some(*v)), "{rec:?} col {j}"),
                Data::Int(v) => assert_eq!(v.to_string(), *field),
                Data::Empty => assert!(field.is_empty(), "{rec:?} col {j}"),
                other => panic!("unexpected cell {other:?}"),
            }
        }
    }
    assert_eq!(n, csv.len());
    // the cost drivers sheet: a row per year whose three parts add up to the change
    let drift = wfcast_core::analysis::cost_drift(&rows, "ALL", "ALL");
    let cost = wb.worksheet_range("Cost drivers").unwrap();
    let num = |r: usize, c: usize| {
        cost.get((r, c))
            .and_then(calamine::DataType::as_f64)
            .unwrap()
    };
    for (i, d) in drift.iter().enumerate() {
        assert_eq!(cost.get((i + 1, 0)), Some(&Data::Float(f64::from(d.year))));
        assert!((num(i + 1, 1) - d.cost_per_wte).abs() < 1e-3);
        let parts = num(i + 1, 3) + num(i + 1, 4) + num(i + 1, 5);
        assert!((parts - num(i + 1, 2)).abs() < 1e-2, "row {}", i + 1);
    }
    assert!(drift.len() > 1 && drift[drift.len() - 1].change != 0.0);
    // the sensitivity sheet holds sensitivity.csv's rows: output, rank, id, label, unit,
    // swing and its se, the share and its interval, the noise flag, prcc and spearman
    let sens = wb.worksheet_range("Sensitivity").unwrap();
    let csv = csv_records(&sensitivity_csv("data-driven", 2030, "ALL", &drivers).unwrap());
    assert_eq!(sens.height(), csv.len() + 1);
    assert_eq!(csv.len(), 4 * p.parameter_names.len());
    for (i, rec) in csv.iter().enumerate() {
        let cell = |c: usize| sens.get((i + 1, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0), Data::String(rec[2].clone()), "row {i}");
        let num = |c: usize| calamine::DataType::as_f64(&cell(c));
        assert!(same_number(&rec[4], num(1)), "row {i}");
        for (col, field) in [(2, 5), (3, 6), (4, 15)] {
            assert_eq!(cell(col), Data::String(rec[field].clone()), "row {i}");
        }
        for (col, field) in [(5, 7), (6, 8), (7, 9), (8, 10), (9, 11), (11, 13), (12, 14)] {
            assert!(
                same_number(&rec[field], num(col)),
                "row {i} col {col}: {rec:?}"
            );
        }
        let noise = cell(10) == Data::String("within noise".into());
        assert_eq!(noise.to_string(), rec[12], "row {i}");
    }
    let files = xlsx_files(&bytes);
    // no `###`: the Cost sheet's mean column is wider than its widest pound figure
    let widest = rows
        .iter()
        .filter(|r| r.metric == Metric::PayCost)
        .map(|r| {
            format(r.stats.mean.round(), NumberFormat::Gbp)
                .chars()
                .count()
        })
        .max()
        .unwrap();
    assert!(widest >= 14, "England's pay cost is in the billions");
    let cost_sheet = &files
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet6.xml")
        .unwrap()
        .1;
    let col = cost_sheet
        .split("<col ")
        .find(|c| c.starts_with("min=\"6\""))
        .expect("the mean column has a width");
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(width > widest as f64, "{width} for {widest} characters");
    let charts: Vec<&String> = files
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .map(|(_, t)| t)
        .collect();
    assert_eq!(charts.len(), 2, "fan chart and sensitivity chart");
    assert!(
        charts
            .iter()
            .any(|c| c.contains("<c:areaChart>") && c.contains("<c:lineChart>")),
        "the fan chart combines a shaded P10-P90 area with lines"
    );
    let national = files
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet2.xml")
        .unwrap();
    assert!(national.1.contains("<pane ") && national.1.contains("state=\"frozen\""));
}

#[test]
fn the_compare_workbook_matches_compare_csv() {
    let a = project("data-driven", 8);
    let b = project("investment-stalls", 8);
    let c = compare(&a, &b, RegionFilter::All).unwrap();
    let bytes = compare_workbook(&[], &c, "ALL", &labels()).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), ["About", "Compare", "Difference chart"]);
    let sheet = wb.worksheet_range("Compare").unwrap();
    let csv = csv_records(&compare_csv(&c).unwrap());
    assert_eq!(sheet.height(), csv.len() + 1);
    for (rec, cells) in csv.iter().zip(sheet.rows().skip(1)).step_by(97) {
        for (field, cell) in rec.iter().zip(cells) {
            match cell {
                Data::Float(v) => assert!(same_number(field, Some(*v)), "{rec:?}"),
                other => assert_eq!(other.to_string(), *field),
            }
        }
    }
    assert!(
        xlsx_files(&bytes)
            .iter()
            .any(|(n, t)| n.starts_with("xl/charts/") && t.contains("<c:lineChart>"))
    );
}
