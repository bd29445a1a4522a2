//! Comparing futures and ranking the drivers of uncertainty, on the shipped scenarios.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use wfcast_core::Metric;
use wfcast_core::analysis::RegionFilter;
use wfcast_core::analysis::compare;
use wfcast_core::analysis::{Driver, drivers};
use wfcast_core::scenario::load_shipped;
use wfcast_core::taxonomy::ALL;
use wfcast_core::{Baseline, Method, Projection, run};

fn project(name: &str, draws: u64, seed: u64, baseline: &Baseline) -> Projection {
    let mut s = load_shipped(&format!("{name}.toml"), baseline).unwrap();
    s.draws = draws;
    s.seed = seed;
    run(&s, baseline, Method::MonteCarlo, &|| ())
}

/// A future compared with itself differs by exactly zero in every draw, and B is never
/// greater than A.
#[test]
fn a_future_compared_with_itself_differs_by_exactly_zero() {
    let b = Baseline::embedded().unwrap();
    let p = project("data-driven", 12, 7, &b);
    let c = compare(&p, &p, RegionFilter::All).unwrap();
    assert!(c.rows.len() > 1000);
    for r in &c.rows {
        assert_eq!(r.diff.mean, 0.0, "{r:?}");
        assert_eq!(r.diff.sd, 0.0, "{r:?}");
        assert!(r.diff.q.iter().all(|&q| q == 0.0), "{r:?}");
        assert_eq!(r.p_b_greater, 0.0);
        assert_eq!(r.mean_a, r.mean_b);
    }
}

/// The paired differences are consistent with the two futures' own summaries: the mean
/// difference is the difference of the means (linearity), for every row.
#[test]
fn the_mean_difference_is_the_difference_of_the_means() {
    let b = Baseline::embedded().unwrap();
    let pa = project("data-driven", 10, 3, &b);
    let pb = project("investment-stalls", 10, 3, &b);
    let c = compare(&pa, &pb, RegionFilter::All).unwrap();
    for r in &c.rows {
        let scale = r.mean_a.abs().max(r.mean_b.abs()).max(1.0);
        assert!(
            (r.diff.mean - (r.mean_b - r.mean_a)).abs() < 1e-9 * scale,
            "{r:?}"
        );
    }
    // investment stalls: lower demand in 2030 than the data-driven future in every draw
    let demand = c.find(2030, ALL, ALL, Metric::DemandWte).unwrap();
    assert!(
        demand.diff.q[6] < 0.0 && demand.p_b_greater == 0.0,
        "{demand:?}"
    );
}

/// Common random numbers: with A and B sharing each draw's streams, the difference in 2030
/// staff in post is far less uncertain than when B's draws come from an unrelated seed
/// (independent runs add the variances; paired runs cancel the shared part). The pair is a
/// policy package on the same future (grow-our-own extends data-driven), where almost all
/// the uncertainty is shared; two futures that differ in their own uncertain demand keep
/// that part of the spread, which pairing cannot cancel.
#[test]
fn common_random_numbers_narrow_the_difference() {
    let b = Baseline::embedded().unwrap();
    let draws = 40;
    let pa = project("data-driven", draws, 11, &b);
    let paired = project("grow-our-own", draws, 11, &b);
    let independent = project("grow-our-own", draws, 99_999, &b);
    let width = |p: &Projection| {
        let c = compare(&pa, p, RegionFilter::All).unwrap();
        let r = c.find(2030, ALL, ALL, Metric::Wte).unwrap().clone();
        r.diff.q[5] - r.diff.q[1]
    };
    let (w_crn, w_ind) = (width(&paired), width(&independent));
    assert!(
        w_crn < 0.5 * w_ind,
        "P10-P90 width of the 2030 WTE difference: paired {w_crn:.0}, independent {w_ind:.0}"
    );
}

#[test]
fn projections_of_different_lengths_cannot_be_paired() {
    let b = Baseline::embedded().unwrap();
    let pa = project("data-driven", 4, 1, &b);
    let pb = project("data-driven", 5, 1, &b);
    let e = compare(&pa, &pb, RegionFilter::All).unwrap_err();
    assert!(e.to_string().contains("same draws"), "{e}");
}

/// The drivers of the horizon-year gap, largest swing first.
fn gap(p: &Projection, b: &Baseline) -> Vec<Driver> {
    drivers(p, RegionFilter::All, b)
        .into_iter()
        .filter(|d| d.output == Metric::GapWte)
        .collect()
}

/// The drivers of the data-driven 2030 gap point the way the model says they must: filling
/// more vacancies (domestic, international, returners) shrinks the gap; faster establishment
/// growth and more leavers widen it. The fill rate and demand growth lead.
#[test]
fn drivers_of_the_gap_have_the_signs_the_model_implies() {
    let b = Baseline::embedded().unwrap();
    let p = project("data-driven", 120, 5, &b);
    let drivers = gap(&p, &b);
    assert_eq!(drivers.len(), p.parameter_names.len(), "{drivers:?}");
    let prcc = |name: &str| drivers.iter().find(|d| d.parameter == name).unwrap().prcc;
    assert!(prcc("recruitment.fill_rate.all") < -0.5, "{drivers:?}");
    assert!(
        prcc("recruitment.international_fill.all") < 0.0,
        "{drivers:?}"
    );
    assert!(prcc("recruitment.return_rate.all") < 0.0, "{drivers:?}");
    assert!(prcc("demand.growth.all") > 0.5, "{drivers:?}");
    assert!(prcc("leaving.multiplier.all") > 0.0, "{drivers:?}");
    let top: Vec<&str> = drivers[..2].iter().map(|d| d.parameter.as_str()).collect();
    assert!(
        top.contains(&"recruitment.fill_rate.all") && top.contains(&"demand.growth.all"),
        "{drivers:?}"
    );
}

/// With every flow fixed but establishment growth and one pipeline's intake (a few dozen
/// people against a gap of thousands), growth alone moves the gap: its PRCC is near 1 and the
/// intake's is small.
#[test]
fn a_single_dominant_driver_is_found() {
    let b = Baseline::embedded().unwrap();
    let text = "[scenario]\ndraws = 80\n[demand]\ngrowth = { normal = [0.04, 0.02] }\n\
        [pipelines.small]\nintake = { uniform = [0, 10] }\ncourse_years = 1\ncompletion = 1.0\n\
        retention = 1.0\nroles = { data_analyst = 1 }\nentry_band = \"5\"\nentry_age = \"25-29\"\n";
    let s = wfcast_core::Scenario::from_str(std::path::Path::new("t.toml"), text, &b).unwrap();
    let p = run(&s, &b, Method::MonteCarlo, &|| ());
    let drivers = gap(&p, &b);
    assert_eq!(drivers.len(), 2, "{drivers:?}");
    assert_eq!(drivers[0].parameter, "demand.growth.all");
    assert!(drivers[0].prcc > 0.9, "{drivers:?}");
    assert!(
        drivers[1].prcc.abs() < drivers[0].prcc.abs() / 2.0,
        "{drivers:?}"
    );
    // in WTE: growth moves the gap by thousands; the intake of at most 10 a year moves it by
    // tens, which 80 draws cannot tell from noise
    assert!(drivers[0].swing > 1000.0 && !drivers[0].within_noise);
    assert!(drivers[1].within_noise, "{drivers:?}");
}
