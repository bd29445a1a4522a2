//! The data behind the interactive part of `report.html` and `compare.html`: every place
//! (England and each place under it, level by level) and role of the run, the headline metrics by year, embedded in
//! the page as JSON so that its script (`assets/explore.js`) can redraw the fan chart, the
//! headline table and the gap bars for the place and role a reader picks, with no network.
//!
//! Values are the numbers of `summary.csv` and `compare.csv` (one rounding, see
//! [`crate::tidy::rounded`]), so what the page shows is what the files say.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wfcast_core::analysis::{Comparison, Stats, SummaryRow};
use wfcast_core::model::{Measure, Metric};
use wfcast_core::taxonomy::ALL;

use crate::tidy::{Labels, rounded};

/// The metrics the interactive view shows, in its table's order.
const METRICS: [Metric; 6] = [
    Metric::Headcount,
    Metric::Wte,
    Metric::DemandWte,
    Metric::GapWte,
    Metric::VacancyRate,
    Metric::PayCost,
];

/// A number as the files hold it, or `null` when it is not finite.
fn value(x: f64) -> Value {
    rounded(x).map_or(Value::Null, Value::from)
}

/// `[mean, P10, P25, P50, P75, P90]`: what the fan chart and the table draw on.
fn fan(s: &Stats) -> Value {
    Value::Array(
        [s.mean, s.q[1], s.q[2], s.q[3], s.q[4], s.q[5]]
            .into_iter()
            .map(value)
            .collect(),
    )
}

/// The years of `rows`, first to last.
fn years(rows: &[SummaryRow]) -> Vec<i32> {
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The fixed metric a measure is, if it is one the view shows.
fn shown(m: &Measure) -> Option<Metric> {
    match m {
        Measure::Metric(m) if METRICS.contains(m) => Some(*m),
        _ => None,
    }
}

/// `place|role` -> metric -> one entry per year (`null` for a year without the metric),
/// each entry made by `entry`.
fn by_key<'a, T: 'a>(
    years: &[i32],
    items: impl Iterator<Item = (&'a str, &'a str, &'a Measure, i32, T)>,
    entry: impl Fn(T) -> Value,
) -> Value {
    let mut out: BTreeMap<String, BTreeMap<&'static str, Vec<Value>>> = BTreeMap::new();
    for (region, role, measure, year, item) in items {
        let (Some(metric), Ok(y)) = (shown(measure), years.binary_search(&year)) else {
            continue;
        };
        let series = out
            .entry(format!("{region}|{role}"))
            .or_default()
            .entry(metric.name())
            .or_insert_with(|| vec![Value::Null; years.len()]);
        series[y] = entry(item);
    }
    json!(out)
}

fn series(rows: &[SummaryRow], years: &[i32]) -> Value {
    by_key(
        years,
        rows.iter().map(|r| {
            (
                r.region.as_str(),
                r.role.as_str(),
                &r.metric,
                r.year,
                &r.stats,
            )
        }),
        fan,
    )
}

/// The places of `rows`: England first when the run has it, then the places under it level
/// by level, in the geography's order (the order of every other output).
fn places(rows: &[SummaryRow], labels: &Labels) -> Vec<(String, String)> {
    let mut ids: Vec<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let geography = labels.geography();
    (0..geography.nodes().len())
        .map(|node| geography.label(node))
        .filter(|id| ids.binary_search(id).is_ok())
        .map(|id| (id.to_owned(), labels.region(id).to_owned()))
        .collect()
}

fn header(page: &str, rows: &[SummaryRow], labels: &Labels) -> serde_json::Map<String, Value> {
    let mut all_roles = vec![(ALL.to_owned(), "All roles".to_owned())];
    all_roles.extend(labels.roles().iter().cloned());
    let mut m = serde_json::Map::new();
    m.insert("page".into(), json!(page));
    m.insert("years".into(), json!(years(rows)));
    m.insert("places".into(), json!(places(rows, labels)));
    m.insert("roles".into(), json!(all_roles));
    m
}

/// JSON that may sit inside a `<script>` element: `</` cannot end it early.
fn embeddable(v: &Value) -> String {
    v.to_string().replace("</", "<\\/")
}

/// The embedded data of `report.html` for one scenario's summary `rows`, with role and
/// place names from `labels`.
pub fn report_data(rows: &[SummaryRow], labels: &Labels) -> String {
    let years = years(rows);
    let mut m = header("report", rows, labels);
    let name = rows.first().map_or("", |r| r.scenario.as_str());
    m.insert("scenarios".into(), json!([name]));
    m.insert("series".into(), json!([series(rows, &years)]));
    embeddable(&Value::Object(m))
}

/// The embedded data of `compare.html`: both futures' summaries and the paired difference
/// B - A of every metric shown (`[mean, P10, P90, P(B > A)]` a year).
pub fn compare_data(
    c: &Comparison,
    rows_a: &[SummaryRow],
    rows_b: &[SummaryRow],
    labels: &Labels,
) -> String {
    let years = years(rows_a);
    let mut m = header("compare", rows_a, labels);
    m.insert("scenarios".into(), json!([c.a, c.b]));
    m.insert(
        "series".into(),
        json!([series(rows_a, &years), series(rows_b, &years)]),
    );
    let diff = by_key(
        &years,
        c.rows.iter().map(|r| {
            (
                r.region.as_str(),
                r.role.as_str(),
                &r.metric,
                r.year,
                (&r.diff, r.p_b_greater),
            )
        }),
        |(d, p): (&Stats, f64)| json!([value(d.mean), value(d.q[1]), value(d.q[5]), value(p)]),
    );
    m.insert("diff".into(), diff);
    embeddable(&Value::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: i32, role: &str, region: &str, metric: Metric, mean: f64) -> SummaryRow {
        SummaryRow {
            scenario: "s</script>".into(),
            year,
            role: role.into(),
            region: region.into(),
            metric: Measure::Metric(metric),
            stats: Stats {
                mean,
                sd: 1.0,
                q: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
            },
        }
    }

    #[test]
    fn every_place_and_role_gets_its_series_by_year() {
        let rows = vec![
            row(2024, ALL, ALL, Metric::Wte, 100.0),
            row(2025, ALL, ALL, Metric::Wte, 110.123_456),
            row(2025, "a", "london", Metric::GapWte, -3.0),
            row(2025, ALL, ALL, Metric::Joiners, 9.0),
        ];
        let roles = vec![("a".to_owned(), "Role A".to_owned())];
        let baseline = wfcast_core::Baseline::embedded().unwrap();
        let text = report_data(&rows, &Labels::new(&roles, &baseline.geography));
        assert!(!text.contains("</"), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["years"], json!([2024, 2025]));
        assert_eq!(
            v["places"],
            json!([["ALL", "England"], ["london", "London"]])
        );
        assert_eq!(v["roles"], json!([["ALL", "All roles"], ["a", "Role A"]]));
        assert_eq!(
            v["series"][0]["ALL|ALL"]["wte"],
            json!([
                [100.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                [110.1235, 2.0, 3.0, 4.0, 5.0, 6.0]
            ])
        );
        // a year without the metric is null; metrics the view does not show are left out
        assert_eq!(v["series"][0]["london|a"]["gap_wte"][0], Value::Null);
        assert!(v["series"][0]["ALL|ALL"].get("joiners").is_none());
    }
}
