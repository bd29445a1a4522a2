//! Upskilling routes (`[upskilling.<name>]`, e.g. the Digital Academy): they move staff up a
//! band and into scarce roles without adding heads; the number moved is about places x
//! completion; the Monte Carlo mean matches the expected-value engine; bad routes are located.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::{mean_se, scenario};

use std::path::Path;

use wfcast_core::Measure;
use wfcast_core::{Baseline, Method, Projection, Scenario, run};

fn national(p: &Projection, metric: &str, d: usize, y: usize) -> f64 {
    let k = p.slot(&Measure::parse(metric).unwrap()).unwrap();
    p.role_regions().map(|rr| p.value(d, y, rr, k)).sum()
}

fn role_total(p: &Projection, b: &Baseline, role: &str, metric: &str, d: usize, y: usize) -> f64 {
    let r = b.role_index(role).unwrap();
    let k = p.slot(&Measure::parse(metric).unwrap()).unwrap();
    (0..p.n_places())
        .map(|g| p.value(d, y, p.pair(r, g), k))
        .sum()
}

/// 200 places a year, completion 0.8, a one-year course, analysts and service-desk staff in
/// bands 4-5 into data science one band up.
const ACADEMY: &str = r#"
[upskilling.data_academy]
places = 200
course_years = 1
completion = 0.8
from_roles = ["data_analyst", "service_desk"]
from_bands = ["4", "5"]
band_step = 1
to_roles = { data_scientist = 1 }
"#;

/// With no leaving, retirement, recruitment, pipelines or region moves, national headcount
/// is the same every year of every draw while the academy moves people: it never adds heads.
/// Each year the national number moved is a sum over regions of Binomial(starters, 0.8) with
/// the 200 starters split by region, i.e. Binomial(200, 0.8): mean 160, variance 32.
#[test]
fn the_academy_moves_places_times_completion_and_conserves_national_stock() {
    let (s, b) = scenario(&format!(
        "[scenario]\ndraws = 300\n[leaving]\nmultiplier = 0.0\n[retirement]\nmultiplier = 0.0\n[recruitment]\nfill_rate = 0.0\n{ACADEMY}"
    ));
    let p = run(&s, &b, Method::MonteCarlo, &|| {});
    let base = b.total_headcount() as f64;
    let draws = p.draws as usize;
    for y in 1..p.years.len() {
        for d in 0..draws {
            assert_eq!(national(&p, "headcount", d, y), base, "draw {d} year {y}");
            assert_eq!(
                national(&p, "moves_in", d, y),
                national(&p, "moves_out", d, y)
            );
            assert_eq!(
                role_total(&p, &b, "data_scientist", "upskilled_data_academy", d, y),
                national(&p, "upskilled_data_academy", d, y),
                "everyone lands in data science"
            );
        }
        let moved: Vec<f64> = (0..draws)
            .map(|d| national(&p, "upskilled_data_academy", d, y))
            .collect();
        let (mean, _) = mean_se(&moved);
        let se = (32.0f64 / draws as f64).sqrt();
        assert!(
            (mean - 160.0).abs() < 4.0 * se,
            "year {}: {mean} moved",
            p.years[y]
        );
    }
    let ds_before = role_total(&p, &b, "data_scientist", "headcount", 0, 0);
    let ds_after = role_total(&p, &b, "data_scientist", "headcount", 0, 1);
    let moved = national(&p, "upskilled_data_academy", 0, 1);
    assert_eq!(
        ds_after - ds_before,
        moved,
        "data science grows by the movers"
    );
}

/// With the usual flows on (leaving, promotion, returners, region moves) but recruitment off,
/// the Monte Carlo mean sits within 4 standard errors of the expected-value engine: the
/// academy's movers, data scientists in post, and pay cost (which depends on every band).
#[test]
fn monte_carlo_with_an_academy_converges_to_the_expected_value_engine() {
    let (s, b) = scenario(&format!(
        "[scenario]\ndraws = 200\n[recruitment]\nfill_rate = 0.0\nreturn_rate = 0.05\n[mobility]\nregion_move = 0.01\n{ACADEMY}\n[upskilling.leadership]\nplaces = 80\ncourse_years = 2\ncompletion = 0.9\nfrom_bands = [\"7\", \"8a\"]\nregions = {{ london = 2, midlands = 1 }}\n"
    ));
    let mc = run(&s, &b, Method::MonteCarlo, &|| {});
    let ev = run(&s, &b, Method::Expected, &|| {});
    let draws = mc.draws as usize;
    for y in 1..mc.years.len() {
        for metric in [
            "headcount",
            "upskilled_data_academy",
            "upskilled_leadership",
            "moves_in",
            "pay_cost",
        ] {
            let xs: Vec<f64> = (0..draws).map(|d| national(&mc, metric, d, y)).collect();
            let (mean, se) = mean_se(&xs);
            let e = national(&ev, metric, 0, y);
            assert!(
                (mean - e).abs() <= 4.0 * se + 1e-9 * e.abs(),
                "{metric} {}: MC {mean} +- {se} vs EV {e}",
                mc.years[y]
            );
        }
        let xs: Vec<f64> = (0..draws)
            .map(|d| role_total(&mc, &b, "data_scientist", "headcount", d, y))
            .collect();
        let (mean, se) = mean_se(&xs);
        let e = role_total(&ev, &b, "data_scientist", "headcount", 0, y);
        assert!(
            (mean - e).abs() < 4.0 * se,
            "data scientists: {mean} +- {se} vs {e}"
        );
    }
    assert!((national(&ev, "upskilled_leadership", 0, 1) - 72.0).abs() < 1e-9);
}

/// An intake change in `[[policy.intake]]` scales an upskilling route's places too.
#[test]
fn policy_intake_changes_scale_the_places() {
    let (s, b) = scenario(&format!(
        "[scenario]\ndraws = 1\n{ACADEMY}\n[[policy.intake]]\nroute = \"data_academy\"\nmultiplier = 2.0\nfrom = 2026\n"
    ));
    let ev = run(&s, &b, Method::Expected, &|| {});
    let moved = |y| national(&ev, "upskilled_data_academy", 0, y);
    assert!((moved(1) - 160.0).abs() < 1e-9, "2025: {}", moved(1));
    assert!(
        (moved(2) - 160.0).abs() < 1e-9,
        "2026 completers started in 2025"
    );
    assert!((moved(3) - 320.0).abs() < 1e-9, "2027: {}", moved(3));
}

fn load_err(text: &str) -> String {
    let b = Baseline::embedded().unwrap();
    Scenario::from_str(Path::new("s.toml"), text, &b)
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_routes_are_located_and_explained() {
    let route = "[upskilling.a]\nplaces = 10\ncourse_years = 1\ncompletion = 0.8\n";
    let msg = load_err(&format!("{route}band_step = 5\n"));
    assert!(
        msg.contains("s.toml:5:13") && msg.contains("0 to 3"),
        "{msg}"
    );
    let msg = load_err(&format!("{route}from_bands = [\"4\", \"5a\"]\n"));
    assert!(
        msg.contains("s.toml:5:20") && msg.contains("unknown band `5a`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `"), "{msg}");
    let msg = load_err(&format!("{route}to_roles = {{ data_scientits = 1 }}\n"));
    assert!(msg.contains("did you mean `data_scientist`?"), "{msg}");
    let msg = load_err(&format!("{route}band_step = 0\n"));
    assert!(
        msg.contains("s.toml:5:13") && msg.contains("would not move"),
        "{msg}"
    );
    let msg = load_err("[upskilling.a]\nplaces = 10\ncourse_years = 1\ncompletion = 1.8\n");
    assert!(
        msg.contains("s.toml:4:14") && msg.contains("completion"),
        "{msg}"
    );
    let msg = load_err(&format!("{route}from_role = [\"data_analyst\"]\n"));
    assert!(msg.contains("did you mean `from_roles`?"), "{msg}");
}
