//! Baseline uncertainty (`[baseline] stock` and `vacancies`): the base year as the draw counts
//! it, against closed forms (the data times the multipliers), the expected-value engine and
//! the quantiles of the multiplier's own distribution.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::{mean_se, national, scenario};

use wfcast_core::{Method, run};

/// No uncertainty at all but what the test adds, so the base year is the data exactly.
const FIXED: &str = "[scenario]\ndraws = 40\n[recruitment]\nfill_rate = 0.7\n";

fn with_baseline(lines: &str, draws: u32) -> String {
    format!("[scenario]\ndraws = {draws}\n[recruitment]\nfill_rate = 0.7\n[baseline]\n{lines}\n")
}

/// The standard normal's 90% quantile.
const Z90: f64 = 1.281_551_565_544_600_4;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// With fixed multipliers the expected-value engine's base year is the data times them:
/// staff x stock, vacancies x stock x vacancies, and the establishment their sum.
#[test]
fn fixed_multipliers_scale_the_base_year_by_their_closed_form() {
    let (plain, b) = scenario(FIXED);
    let (scaled, _) = scenario(&with_baseline("stock = 1.1\nvacancies = 1.5", 40));
    let data = run(&plain, &b, Method::Expected, &|| {});
    let drawn = run(&scaled, &b, Method::Expected, &|| {});
    let at = |p, m| national(p, m, 0)[0];
    for m in ["headcount", "wte", "pay_cost"] {
        assert!(close(at(&drawn, m), 1.1 * at(&data, m)), "{m}");
    }
    let vacancies = 1.1 * 1.5 * at(&data, "vacancies");
    assert!(close(at(&drawn, "vacancies"), vacancies));
    assert!(close(
        at(&drawn, "demand_wte"),
        1.1 * at(&data, "wte") + vacancies
    ));
    // the whole market is counted larger: the first year fills at the same share of more posts
    assert!(at(&drawn, "headcount") > at(&data, "headcount"));
    let hires = |p| national(p, "joiners_external", 1)[0];
    assert!(hires(&drawn) > 1.1 * hires(&data));
}

/// The Monte Carlo engine rounds each cell's scaled count at random: every draw's base year
/// is a whole number of people near the scaled count, their mean is the scaled count within
/// its standard error, and later years follow the expected-value engine.
#[test]
fn monte_carlo_rounding_keeps_the_scaled_count_on_average() {
    let (s, b) = scenario(&with_baseline("stock = 0.93", 200));
    let (plain, _) = scenario(FIXED);
    let data = national(&run(&plain, &b, Method::Expected, &|| {}), "headcount", 0)[0];
    let mc = run(&s, &b, Method::MonteCarlo, &|| {});
    let ev = run(&s, &b, Method::Expected, &|| {});
    let heads = national(&mc, "headcount", 0);
    // the rounding's variance is at most 1/4 per cell; the occupied cells are fewer than the
    // data's staff, so no draw is further than 5 sd of that bound from the scaled count
    let bound = 5.0 * (data / 4.0).sqrt();
    for (d, &h) in heads.iter().enumerate() {
        assert_eq!(h, h.round(), "draw {d}: whole people");
        assert!((h - 0.93 * data).abs() <= bound, "draw {d}: {h}");
    }
    let (mean, se) = mean_se(&heads);
    assert!(
        (mean - 0.93 * data).abs() <= 4.0 * se + 1e-9,
        "{mean} +- {se} vs {}",
        0.93 * data
    );
    for y in 1..mc.years.len() {
        let (mean, se) = mean_se(&national(&mc, "headcount", y));
        let expected = national(&ev, "headcount", y)[0];
        assert!(
            (mean - expected).abs() <= 4.0 * se + 0.005 * expected,
            "{}: MC {mean} +- {se} vs EV {expected}",
            mc.years[y]
        );
    }
}

/// An uncertain count gives the base year a band: across draws the national WTE's P10 and
/// P90 are the data's WTE times the normal multiplier's P10 and P90, within four standard
/// errors of a sample quantile (`sqrt(p (1 - p) / n) / phi(z_p)` sd); draw 0 is the data.
#[test]
fn an_uncertain_count_gives_the_base_year_the_band_of_its_distribution() {
    const N: u32 = 400;
    const SD: f64 = 0.065;
    let (s, b) = scenario(&with_baseline(
        &format!("stock = {{ normal = [1.0, {SD}] }}"),
        N,
    ));
    let (plain, _) = scenario(FIXED);
    let data = national(&run(&plain, &b, Method::Expected, &|| {}), "wte", 0)[0];
    let mc = run(&s, &b, Method::MonteCarlo, &|| {});
    let mut wte = national(&mc, "wte", 0);
    assert!(close(wte[0], data), "draw 0 counts as the data");
    wte.sort_by(f64::total_cmp);
    let phi = (-0.5 * Z90 * Z90).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let se = (0.09 / f64::from(N)).sqrt() / phi * SD * data;
    let quantile = |p: f64| wte[((p * f64::from(N)) as usize).min(wte.len() - 1)];
    for (p, z) in [(0.1, -Z90), (0.9, Z90)] {
        let want = data * (1.0 + z * SD);
        let got = quantile(p);
        assert!(
            (got - want).abs() <= 4.0 * se,
            "P{}: {got} vs {want} (se {se})",
            p * 100.0
        );
    }
}

/// A shipped future counts the base year with the published range of estimates: its base
/// year has a band, and vacancies are uncertain on their own.
#[test]
fn the_shipped_futures_carry_the_published_range() {
    let b = wfcast_core::Baseline::embedded().unwrap();
    let s = wfcast_core::scenario::load_shipped("data-driven", &b).unwrap();
    let names = wfcast_core::model::DrawPlan::new(&s, &b)
        .uncertain_names()
        .join(" ");
    assert!(names.contains("baseline.stock.all"), "{names}");
    assert!(names.contains("baseline.vacancies.all"), "{names}");
}
