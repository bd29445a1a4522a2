//! The tidy long tables: `summary.csv` (one row per scenario, year, role, region and metric),
//! `compare.csv` (the paired difference of two futures) and `sensitivity.csv`. Every text
//! cell goes through [`text`], so a name a user gave is never run as a spreadsheet formula.

use wfcast_core::analysis::Comparison;
use wfcast_core::analysis::Driver;
use wfcast_core::analysis::{QUANTILE_COLUMNS, SummaryRow};
use wfcast_core::geography::{Geography, Place};
use wfcast_core::spreadsheet::safe_text;
use wfcast_core::taxonomy::ALL;

use crate::error::{Error, Result};

/// The header of `summary.csv`: a stable contract for spreadsheets and BI tools. `level`,
/// `unit` and the label columns come last so that readers of the earlier columns by
/// position keep working.
pub fn summary_header() -> Vec<&'static str> {
    let mut h = vec!["scenario", "year", "role", "region", "metric", "mean", "sd"];
    h.extend(QUANTILE_COLUMNS);
    h.extend(["level", "unit"]);
    h.extend(LABEL_COLUMNS);
    h
}

/// The label columns of the tidy tables: the role's and the place's names and the place's
/// ONS or NHS code (England's for `ALL`), so a pivot or a map needs no lookup table.
pub const LABEL_COLUMNS: [&str; 3] = ["role_name", "region_name", "region_code"];

/// The names, codes and levels behind the ids of the tidy tables.
///
/// ```
/// use wfcast_core::Baseline;
/// use wfcast_report::tidy::Labels;
/// let roles = [("data_scientist".to_owned(), "Data scientist".to_owned())];
/// let baseline = Baseline::embedded().unwrap();
/// let labels = Labels::new(&roles, &baseline.geography);
/// assert_eq!(labels.role("data_scientist"), "Data scientist");
/// assert_eq!(labels.role("ALL"), "All roles");
/// assert_eq!((labels.region("london"), labels.region_code("london")), ("London", "E40000003"));
/// assert_eq!((labels.region("ALL"), labels.region_code("ALL")), ("England", "E92000001"));
/// assert_eq!(labels.level("ALL", "ALL"), "national");
/// assert_eq!(labels.level("ALL", "london"), "region");
/// assert_eq!(labels.level("data_scientist", "ALL"), "role");
/// assert_eq!(labels.level("data_scientist", "london"), "role_region");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    roles: &'a [(String, String)],
    geography: &'a Geography,
}

impl<'a> Labels<'a> {
    /// Labels for these role ids and display names and the places of `geography`.
    pub fn new(roles: &'a [(String, String)], geography: &'a Geography) -> Self {
        Self { roles, geography }
    }

    /// The role ids and display names, in order.
    pub fn roles(&self) -> &'a [(String, String)] {
        self.roles
    }

    /// The geography the places come from.
    pub fn geography(&self) -> &'a Geography {
        self.geography
    }

    /// A role's display name: `All roles` for `ALL`, the id itself for a role not known.
    pub fn role<'s>(&'s self, id: &'s str) -> &'s str {
        if id == ALL {
            return "All roles";
        }
        self.roles
            .iter()
            .find(|(r, _)| r == id)
            .map_or(id, |(_, name)| name.as_str())
    }

    fn place(&self, id: &str) -> Option<&'a Place> {
        let node = self.geography.node_of_label(id)?;
        Some(&self.geography.nodes()[node])
    }

    /// A place's name: the top's (e.g. `England`) for `ALL`, the id itself for a place not
    /// known.
    pub fn region<'s>(&self, id: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.place(id).map_or(id, |p| p.name.as_str())
    }

    /// A place's ONS or NHS code: the top's for `ALL`, empty for a place not known.
    pub fn region_code(&self, id: &str) -> &'a str {
        self.place(id).map_or("", |p| p.code.as_str())
    }

    /// Which roll-up a row is: the top place's level, `national` in the shipped data (all
    /// roles, every place; a local plan's top may be e.g. `ics`), the place's level (all
    /// roles of one place, e.g. `region` or `icb`), `role` (one role, every place) or
    /// `role_` and the place's level (the detail at that level, e.g. `role_region`).
    /// Summing only the rows of one level never double counts; the `role_` rows of the
    /// finest level are the model's own cells.
    pub fn level(&self, role: &str, region: &str) -> String {
        let place = match self.geography.node_of_label(region) {
            Some(0) | None => None,
            Some(node) => Some(self.geography.nodes()[node].level.as_str()),
        };
        match (role == ALL, place) {
            (true, None) => self.geography.nodes()[0].level.clone(),
            (true, Some(level)) => level.to_owned(),
            (false, None) => "role".to_owned(),
            (false, Some(level)) => format!("role_{level}"),
        }
    }
}

/// A number as written in the CSV: rounded to 4 decimal places, shortest form, so files
/// are small and identical across platforms for the same results.
///
/// ```
/// assert_eq!(wfcast_report::tidy::number(1234.567_89), "1234.5679");
/// assert_eq!(wfcast_report::tidy::number(2.0), "2");
/// ```
pub fn number(x: f64) -> String {
    rounded(x).map_or(String::new(), |r| r.to_string())
}

/// A number as stored in every output (CSV, Parquet, workbook): rounded to 4 decimal places,
/// `None` when not finite, never `-0`. One rounding everywhere, so the files agree exactly.
pub fn rounded(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    let r = (x * 1e4).round() / 1e4;
    Some(if r == 0.0 { 0.0 } else { r })
}

/// A text cell: user-given names (scenarios, roles and regions from data, routes in metric
/// names, parameters) escaped so spreadsheets do not run them as formulas.
fn text(s: &str) -> String {
    safe_text(s).into_owned()
}

/// Writes `header` and `records` as CSV bytes; `name` names the file in errors.
fn csv_bytes<I>(name: &str, header: &[&str], records: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let path = std::path::PathBuf::from(name);
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |source| Error::Csv {
        path: path.clone(),
        source,
    };
    w.write_record(header).map_err(csv_err)?;
    for rec in records {
        w.write_record(&rec).map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| Error::write(&path, std::io::Error::other(e.to_string())))
}

/// `summary.csv` for `rows`, as bytes, its label columns from `labels`.
pub fn summary_csv(rows: &[SummaryRow], labels: &Labels) -> Result<Vec<u8>> {
    csv_bytes(
        "summary.csv",
        &summary_header(),
        rows.iter().map(|r| {
            let mut rec = vec![
                text(&r.scenario),
                r.year.to_string(),
                text(&r.role),
                text(&r.region),
                text(&r.metric.to_string()),
                number(r.stats.mean),
                number(r.stats.sd),
            ];
            rec.extend(r.stats.q.iter().map(|&q| number(q)));
            rec.push(labels.level(&r.role, &r.region));
            rec.push(r.metric.unit().name().to_owned());
            rec.push(text(labels.role(&r.role)));
            rec.push(text(labels.region(&r.region)));
            rec.push(labels.region_code(&r.region).to_owned());
            rec
        }),
    )
}

/// The header of `compare.csv`: both futures' means, then the paired difference B - A.
pub fn compare_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "scenario_a",
        "scenario_b",
        "year",
        "role",
        "region",
        "metric",
        "mean_a",
        "mean_b",
        "diff_mean",
        "diff_sd",
    ]
    .map(str::to_owned)
    .to_vec();
    h.extend(QUANTILE_COLUMNS.iter().map(|q| format!("diff_{q}")));
    h.push("p_b_greater".into());
    h
}

/// `compare.csv` for a comparison, as bytes.
pub fn compare_csv(c: &Comparison) -> Result<Vec<u8>> {
    let header = compare_header();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(
        "compare.csv",
        &header,
        c.rows.iter().map(|r| {
            let mut rec = vec![
                text(&c.a),
                text(&c.b),
                r.year.to_string(),
                text(&r.role),
                text(&r.region),
                text(&r.metric.to_string()),
                number(r.mean_a),
                number(r.mean_b),
                number(r.diff.mean),
                number(r.diff.sd),
            ];
            rec.extend(r.diff.q.iter().map(|&q| number(q)));
            rec.push(number(r.p_b_greater));
            rec
        }),
    )
}

/// The header of `sensitivity.csv`: one row per headline output and uncertain input.
pub const SENSITIVITY_HEADER: [&str; 16] = [
    "scenario",
    "place",
    "output",
    "year",
    "rank",
    "parameter",
    "label",
    "swing",
    "swing_se",
    "variance_share",
    "variance_share_lo",
    "variance_share_hi",
    "within_noise",
    "prcc",
    "spearman",
    "unit",
];

/// `sensitivity.csv`: what each uncertain input does to each headline output of the horizon
/// `year` in `place` (`ALL` for England), as bytes: its swing in the output's unit, its
/// share of the variance with a 95% interval, whether it is within the noise, and its rank
/// correlations. `rank` counts from 1 within each output, by the size of the swing.
pub fn sensitivity_csv(
    scenario: &str,
    year: i32,
    place: &str,
    drivers: &[Driver],
) -> Result<Vec<u8>> {
    let mut rank = 0;
    csv_bytes(
        "sensitivity.csv",
        &SENSITIVITY_HEADER,
        drivers.iter().enumerate().map(|(i, d)| {
            let first_of_output = i == 0 || drivers[i - 1].output != d.output;
            rank = if first_of_output { 1 } else { rank + 1 };
            vec![
                text(scenario),
                text(place),
                d.output.name().to_owned(),
                year.to_string(),
                rank.to_string(),
                text(&d.parameter),
                text(&d.label),
                number(d.swing),
                number(d.swing_se),
                number(d.variance_share),
                number(d.variance_share_lo),
                number(d.variance_share_hi),
                d.within_noise.to_string(),
                number(d.prcc),
                number(d.spearman),
                d.output.unit().name().to_owned(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wfcast_core::Metric;

    #[test]
    fn numbers_are_rounded_and_clean() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(52_013.123_456), "52013.1235");
        assert_eq!(number(-0.000_01), "0");
        assert_eq!(number(f64::NAN), "");
    }

    #[test]
    fn names_are_escaped_and_numbers_are_not() {
        let driver = |output, parameter: &str| Driver {
            output,
            parameter: parameter.into(),
            label: "=label".into(),
            swing: -1234.5,
            swing_se: 10.0,
            variance_share: 0.25,
            variance_share_lo: 0.2,
            variance_share_hi: 0.3,
            within_noise: false,
            prcc: -0.5,
            spearman: -0.25,
        };
        let bytes = sensitivity_csv(
            "-x",
            2030,
            "ALL",
            &[
                driver(Metric::GapWte, "=1+1"),
                driver(Metric::GapWte, "b"),
                driver(Metric::PayCost, "c"),
            ],
        )
        .unwrap();
        let csv = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], SENSITIVITY_HEADER.join(","));
        assert_eq!(
            lines[1],
            "'-x,ALL,gap_wte,2030,1,'=1+1,'=label,-1234.5,10,0.25,0.2,0.3,false,-0.5,-0.25,WTE"
        );
        // ranks count within each output, whose unit the last column gives
        assert!(lines[2].starts_with("'-x,ALL,gap_wte,2030,2,b,"), "{csv}");
        assert!(lines[3].starts_with("'-x,ALL,pay_cost,2030,1,c,"), "{csv}");
        assert!(lines[3].ends_with(",GBP"), "{csv}");
    }
}
