//! The tidy long table `summary.csv`: one row per (scenario, year, role, region, metric).

use wfcast_core::summary::{QUANTILE_COLUMNS, SummaryRow};

use crate::error::{Error, Result};

/// The header of `summary.csv`: a stable contract for spreadsheets and BI tools.
pub fn summary_header() -> Vec<&'static str> {
    let mut h = vec!["scenario", "year", "role", "region", "metric", "mean", "sd"];
    h.extend(QUANTILE_COLUMNS);
    h
}

/// A number as written in the CSV: rounded to 4 decimal places, shortest form, so files
/// are small and identical across platforms for the same results.
///
/// ```
/// assert_eq!(wfcast_report::tidy::number(1234.567_89), "1234.5679");
/// assert_eq!(wfcast_report::tidy::number(2.0), "2");
/// ```
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let r = (x * 1e4).round() / 1e4;
    // avoid "-0"
    if r == 0.0 {
        "0".to_owned()
    } else {
        r.to_string()
    }
}

/// `summary.csv` for `rows`, as bytes.
pub fn summary_csv(rows: &[SummaryRow]) -> Result<Vec<u8>> {
    let path = std::path::PathBuf::from("summary.csv");
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |source| Error::Csv {
        path: path.clone(),
        source,
    };
    w.write_record(summary_header()).map_err(csv_err)?;
    for r in rows {
        let mut rec = vec![
            r.scenario.clone(),
            r.year.to_string(),
            r.role.clone(),
            r.region.clone(),
            r.metric.to_owned(),
            number(r.stats.mean),
            number(r.stats.sd),
        ];
        rec.extend(r.stats.q.iter().map(|&q| number(q)));
        w.write_record(&rec).map_err(csv_err)?;
    }
    w.into_inner()
        .map_err(|e| Error::write(&path, std::io::Error::other(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_and_clean() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(52_013.123_456), "52013.1235");
        assert_eq!(number(-0.000_01), "0");
        assert_eq!(number(f64::NAN), "");
    }
}
