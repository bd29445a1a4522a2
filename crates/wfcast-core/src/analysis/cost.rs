//! Why the pay cost per WTE moves: the change since the base year split into the mix of
//! bands, regions and hours, staff's progress through their bands' pay points, and the pay
//! rules (premiums and National Insurance). See docs/model.md, "Cost per WTE".

use super::summary::SummaryRow;
use crate::model::{Measure, Metric};

/// The pay cost per WTE of one slice of the workforce in one year, and what moved it since
/// the base year. Each part is in GBP a year per WTE; the three parts add up to `change`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostDrift {
    /// Calendar year.
    pub year: i32,
    /// Mean pay cost over mean WTE.
    pub cost_per_wte: f64,
    /// `cost_per_wte` less the base year's.
    pub change: f64,
    /// The part from the mix of bands, regions and working hours: the change in
    /// `pay_cost_base_points` per WTE.
    pub mix: f64,
    /// The part from staff's position within their bands (their age mix within each band):
    /// the change in `(pay_cost_base_rules - pay_cost_base_points)` per WTE.
    pub pay_points: f64,
    /// The part from the pay rules: premiums and National Insurance against the base year's,
    /// `(pay_cost - pay_cost_base_rules)` per WTE (zero in the base year by definition).
    pub pay_rules: f64,
}

/// The cost drift of `role` in `region` (either may be `ALL`) year by year from the means of
/// `rows`; empty when the rows lack the pay cost metrics or the base year.
///
/// ```
/// use wfcast_core::analysis::cost_drift;
/// use wfcast_core::taxonomy::ALL;
/// use wfcast_core::{Baseline, Keep, Method, RegionFilter, load_shipped, summarise_run};
/// let baseline = Baseline::embedded()?;
/// let scenario = load_shipped("data-driven.toml", &baseline)?;
/// let results = summarise_run(&scenario, &baseline, Method::Expected, Keep::Every,
///                             RegionFilter::All, &|| {});
/// let drift = cost_drift(&results.rows, ALL, ALL);
/// let last = drift.last().expect("a horizon year");
/// assert_eq!(last.year, scenario.horizon);
/// assert!((last.mix + last.pay_points + last.pay_rules - last.change).abs() < 1e-6);
/// # Ok::<(), wfcast_core::Error>(())
/// ```
pub fn cost_drift(rows: &[SummaryRow], role: &str, region: &str) -> Vec<CostDrift> {
    let mean = |year: i32, metric: Metric| {
        rows.iter()
            .find(|r| {
                r.year == year
                    && r.role == role
                    && r.region == region
                    && r.metric == Measure::Metric(metric)
            })
            .map(|r| r.stats.mean)
    };
    let mut years: Vec<i32> = rows
        .iter()
        .filter(|r| r.metric == Measure::Metric(Metric::PayCost))
        .map(|r| r.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let per_wte = |year: i32| -> Option<[f64; 3]> {
        let wte = mean(year, Metric::Wte)?;
        let per = |m: Metric| mean(year, m).map(|c| if wte > 0.0 { c / wte } else { 0.0 });
        Some([
            per(Metric::PayCost)?,
            per(Metric::PayCostBaseRules)?,
            per(Metric::PayCostBasePoints)?,
        ])
    };
    let Some(&base_year) = years.first() else {
        return Vec::new();
    };
    let Some([c0, r0, q0]) = per_wte(base_year) else {
        return Vec::new();
    };
    years
        .into_iter()
        .filter_map(|year| {
            let [c, r, q] = per_wte(year)?;
            Some(CostDrift {
                year,
                cost_per_wte: c,
                change: c - c0,
                mix: q - q0,
                pay_points: (r - q) - (r0 - q0),
                pay_rules: (c - r) - (c0 - r0),
            })
        })
        .collect()
}
