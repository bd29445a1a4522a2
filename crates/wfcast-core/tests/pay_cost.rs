//! The pay cost per WTE and what moves it: the base year has no change of rules, the
//! National Insurance change is the only rule change where there are no premiums (checked
//! against its closed form), pay points matter only when pay depends on age, and the three
//! parts of the drift add up to the change.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use wfcast_core::analysis::{cost_drift, summarise};
use wfcast_core::run::run_monte_carlo;
use wfcast_core::scenario::load_shipped;
use wfcast_core::taxonomy::{ALL, N_AGES};
use wfcast_core::{Baseline, Method, Metric, Projection, RegionFilter, run};

fn slot(p: &Projection, m: Metric) -> usize {
    p.slot(&m.into()).unwrap()
}

/// In the base year the counterfactual at the base year's rules is the pay cost itself, to
/// the bit, in every draw and role x region; the parts of the drift add up to the change.
#[test]
fn the_base_year_has_no_change_of_rules_and_the_parts_add_up() {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("grow-our-own.toml", &b).unwrap();
    s.draws = 4;
    let p = run_monte_carlo(&s, &b, &|| {});
    let [cost, rules] = [Metric::PayCost, Metric::PayCostBaseRules].map(|m| slot(&p, m));
    for d in 0..p.draws as usize {
        for rr in p.role_regions() {
            assert_eq!(p.value(d, 0, rr, cost), p.value(d, 0, rr, rules));
        }
    }
    let rows = summarise(&p, RegionFilter::All);
    let drift = cost_drift(&rows, ALL, ALL);
    assert_eq!(drift.len(), p.years.len());
    assert_eq!(drift[0].change, 0.0);
    for d in &drift {
        let sum = d.mix + d.pay_points + d.pay_rules;
        assert!((sum - d.change).abs() < 1e-6 * d.cost_per_wte, "{d:?}");
    }
    // the 10% premium from 2026 is a change of rules on top of National Insurance's
    let at = |year: i32| drift.iter().find(|d| d.year == year).unwrap().pay_rules;
    assert!(at(2026) > at(2025) && at(2025) > 0.0, "{drift:?}");
}

/// Without premiums, the rule change is National Insurance alone: 15% above £5,000 against
/// 13.8% above £9,100 costs `0.012 x earnings + £505.80` more per person earning above
/// £9,100. Summed over a role x region, with the earnings recovered from the base-rules cost
/// (`1.3778 x earnings - £1,255.80` per person): exact in every year and role x region.
#[test]
fn without_premiums_the_rule_change_is_national_insurance_in_closed_form() {
    let b = Baseline::embedded().unwrap();
    let lowest = b.pay_points[0][0] * b.fte.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(lowest > 9_100.0, "everyone earns above both thresholds");
    let s = load_shipped("data-driven.toml", &b).unwrap();
    let p = run(&s, &b, Method::Expected, &|| {});
    let [cost, rules, heads] =
        [Metric::PayCost, Metric::PayCostBaseRules, Metric::Headcount].map(|m| slot(&p, m));
    for y in 1..p.years.len() {
        for rr in p.role_regions() {
            let n = p.value(0, y, rr, heads);
            let base = p.value(0, y, rr, rules);
            let earnings = (base + 0.138 * 9_100.0 * n) / (1.2378 + 0.138);
            let expected = 0.012 * earnings + (0.138 * 9_100.0 - 0.15 * 5_000.0) * n;
            let got = p.value(0, y, rr, cost) - base;
            assert!(
                (got - expected).abs() < 1e-6 * base.max(1.0),
                "year {} {rr:?}: {got} against {expected}",
                p.years[y]
            );
        }
    }
}

/// When pay does not depend on age (every age at the same position in its band), staff's
/// progress through their bands moves nothing: the pay-point part of the drift is zero, and
/// the drift is the mix of bands, regions and hours and the rules.
#[test]
fn pay_points_matter_only_when_pay_depends_on_age() {
    let mut b = Baseline::embedded().unwrap();
    let s = load_shipped("data-driven.toml", &b).unwrap();
    let drift = |b: &Baseline| {
        let p = run(&s, b, Method::Expected, &|| {});
        cost_drift(&summarise(&p, RegionFilter::All), ALL, ALL)
    };
    let shipped = drift(&b);
    b.pay_position = [0.5; N_AGES];
    let flat = drift(&b);
    for d in &flat {
        assert!(d.pay_points.abs() < 1e-6, "{d:?}");
    }
    // with the shipped positions the workforce's ageing and its young hires do move it
    let last = shipped.last().unwrap();
    assert!(last.pay_points.abs() > 10.0, "{last:?}");
}
