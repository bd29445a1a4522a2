//! Correlated assumptions: the Gaussian copula gives the rank correlation asked within its
//! standard error and keeps each input's own distribution; inconsistent or unknown
//! correlations are refused with their place; resolved.toml keeps them; two scenarios with
//! the same correlated entries still share their values draw by draw.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::model::DrawPlan;
use wfcast_core::{Baseline, Scenario};

const DRAWS: u64 = 4000;

fn scenario(text: &str) -> (Scenario, Baseline) {
    let b = Baseline::embedded().unwrap();
    let s = Scenario::from_str(Path::new("c.toml"), text, &b).unwrap();
    (s, b)
}

const TWO: &str = r#"
[recruitment]
fill_rate = { beta = [12, 8] }
[leaving]
multiplier = { uniform = [0.8, 1.3] }
[[correlation]]
between = ["recruitment.fill_rate.all", "leaving.multiplier.all"]
rank = -0.5
"#;

/// Each draw's values of the scenario's uncertain entries, entry-major.
fn samples(s: &Scenario, b: &Baseline) -> (Vec<String>, Vec<Vec<f64>>) {
    let plan = DrawPlan::new(s, b);
    let names: Vec<String> = plan
        .uncertain_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut cols = vec![Vec::new(); names.len()];
    for d in 1..DRAWS {
        for (c, v) in cols.iter_mut().zip(plan.sample(d).sampled) {
            c.push(v);
        }
    }
    (names, cols)
}

fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| xs[i].total_cmp(&xs[j]));
    let mut r = vec![0.0; xs.len()];
    for (rank, &i) in order.iter().enumerate() {
        r[i] = rank as f64;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let m = (n - 1.0) / 2.0;
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - m) * (b - m)).sum();
    let var: f64 = rx.iter().map(|a| (a - m).powi(2)).sum();
    cov / var
}

fn column<'a>(names: &[String], cols: &'a [Vec<f64>], name: &str) -> &'a [f64] {
    &cols[names.iter().position(|n| n == name).unwrap()]
}

#[test]
fn the_copula_gives_the_rank_correlation_asked_and_keeps_each_distribution() {
    let (s, b) = scenario(TWO);
    let (names, cols) = samples(&s, &b);
    let fill = column(&names, &cols, "recruitment.fill_rate.all");
    let leaving = column(&names, &cols, "leaving.multiplier.all");
    let n = fill.len() as f64;
    // Fisher's z of a Spearman correlation has variance about 1.06 / (n - 3)
    let r = spearman(fill, leaving);
    let se = (1.06 / (n - 3.0)).sqrt();
    assert!(
        (r.atanh() - (-0.5f64).atanh()).abs() < 4.0 * se,
        "rank correlation {r}, asked -0.5 (z standard error {se})"
    );
    // the marginals: beta(12, 8) has mean 0.6 and sd 0.107; uniform(0.8, 1.3) mean 1.05
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
    let beta_sd = (12.0 * 8.0 / (20.0f64.powi(2) * 21.0)).sqrt();
    assert!((mean(fill) - 0.6).abs() < 4.0 * beta_sd / n.sqrt());
    let uniform_sd = 0.5 / 12f64.sqrt();
    assert!((mean(leaving) - 1.05).abs() < 4.0 * uniform_sd / n.sqrt());
    // the uniform's deciles where they belong: P(x <= 0.85) = 0.1, binomial sd 0.0047
    let below = leaving.iter().filter(|&&x| x <= 0.85).count() as f64 / n;
    assert!(
        (below - 0.1).abs() < 4.0 * (0.1f64 * 0.9 / n).sqrt(),
        "{below}"
    );
}

#[test]
fn without_correlations_the_draws_are_those_of_independent_entries() {
    let (with, b) = scenario(TWO);
    let (without, _) = scenario(TWO.split("[[correlation]]").next().unwrap());
    let (names, cols) = samples(&without, &b);
    let r = spearman(
        column(&names, &cols, "recruitment.fill_rate.all"),
        column(&names, &cols, "leaving.multiplier.all"),
    );
    let se = (1.06 / (cols[0].len() as f64 - 3.0)).sqrt();
    assert!(r.abs() < 4.0 * se, "{r}");
    // an entry outside the copula keeps its independent stream
    let (a, c) = (DrawPlan::new(&with, &b), DrawPlan::new(&without, &b));
    assert_eq!(a.sample(0), c.sample(0), "draw 0 is central either way");
}

#[test]
fn inconsistent_and_unknown_correlations_are_refused_with_their_place() {
    let b = Baseline::embedded().unwrap();
    let three = r#"[recruitment]
fill_rate = { beta = [12, 8] }
international_fill = { uniform = [0.05, 0.15] }
[leaving]
multiplier = { uniform = [0.8, 1.3] }
[[correlation]]
between = ["recruitment.fill_rate.all", "leaving.multiplier.all"]
rank = 0.9
[[correlation]]
between = ["leaving.multiplier.all", "recruitment.international_fill.all"]
rank = 0.9
[[correlation]]
between = ["recruitment.fill_rate.all", "recruitment.international_fill.all"]
rank = -0.9
"#;
    let err = Scenario::from_str(Path::new("c.toml"), three, &b)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("c.toml:7:") && err.contains("positive definite"),
        "{err}"
    );
    let typo = TWO.replace("leaving.multiplier.all\"]", "leaving.multiplyer.all\"]");
    let err = Scenario::from_str(Path::new("c.toml"), &typo, &b)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("did you mean `leaving.multiplier.all`?"),
        "{err}"
    );
    let line = typo.lines().position(|l| l.contains("multiplyer")).unwrap() + 1;
    assert!(err.contains(&format!("c.toml:{line}:")), "{err}");
    let fixed = TWO.replace("multiplier = { uniform = [0.8, 1.3] }", "multiplier = 1.1");
    let err = Scenario::from_str(Path::new("c.toml"), &fixed, &b)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("not an uncertain entry"), "{err}");
    let err = Scenario::from_str(Path::new("c.toml"), &TWO.replace("-0.5", "1.0"), &b)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("must be above -1 and below 1"), "{err}");
}

#[test]
fn resolved_toml_keeps_the_correlations() {
    let (s, b) = scenario(TWO);
    let resolved = s.to_toml();
    assert!(resolved.contains("[[correlation]]"), "{resolved}");
    let again = Scenario::from_str(Path::new("resolved.toml"), &resolved, &b).unwrap();
    assert_eq!(again.spec.correlations, s.spec.correlations);
}

#[test]
fn scenarios_with_the_same_correlated_entries_share_their_values() {
    let (a, b) = scenario(TWO);
    let (c, _) = scenario(&format!(
        "{TWO}\n[demand]\ngrowth = {{ normal = [0.02, 0.01] }}\n"
    ));
    let (pa, pc) = (DrawPlan::new(&a, &b), DrawPlan::new(&c, &b));
    for d in 1..20 {
        let (x, y) = (pa.sample(d), pc.sample(d));
        for id in [
            wfcast_core::scenario::ParamId::FillRate,
            wfcast_core::scenario::ParamId::Leaving,
        ] {
            assert_eq!(x.values[id as usize], y.values[id as usize], "draw {d}");
        }
    }
}
