//! `wfcast plan` on the model: the chosen package, rerun from its file as `wfcast run` would,
//! meets the target in the draws the plan says; a target no setting reaches and a budget
//! no package fits are reported as infeasible; the plan does not depend on the threads.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::plan::{Evaluator, Outcome, Plan, load_plan, search};
use wfcast_core::{Baseline, Measure, Metric, Scenario, run::run_monte_carlo};

/// A plan for data engineers' 2030 vacancy rate in the data-driven future with two levers,
/// few draws (the check runs the scenario's draws, set to 41 by the plan's scenario line).
fn plan_text(at_most: f64, budget: &str) -> String {
    format!(
        r#"[plan]
name = "test"
scenario = "shipped:data-driven"
draws = 40
{budget}

[target]
metric = "vacancy_rate"
at_most = {at_most}
role = "data_engineer"
probability = 0.7

[lever.international]
kind = "international"
roles = ["data_engineer"]
range = [0, 30]
step = 10
from = 2026
cost = 150000

[lever.retention]
kind = "retention"
roles = ["data_engineer"]
range = [0, 20]
step = 10
from = 2026
cost = 100000
"#
    )
}

fn plan_in(dir: &Path, text: &str) -> (Plan, wfcast_core::scenario::Chain, Scenario, Baseline) {
    let path = dir.join("plan.toml");
    std::fs::write(&path, text).expect("write plan");
    let baseline = Baseline::embedded().expect("data");
    let (plan, chain, mut planned) = load_plan(&path, &baseline).expect("plan loads");
    planned.draws = 41;
    (plan, chain, planned, baseline)
}

fn solve(
    plan: &Plan,
    chain: &wfcast_core::scenario::Chain,
    planned: &Scenario,
    baseline: &Baseline,
) -> Outcome {
    let e = Evaluator::new(plan, chain, planned, baseline, "shipped:data-driven".into())
        .expect("evaluator");
    search(&e, &|_, _| {}, &|| {}).expect("search")
}

/// Data engineers' 2030 vacancy rate in draw `d`, summed by hand from the records.
fn vacancy_rate(p: &wfcast_core::Projection, d: usize, role: usize) -> f64 {
    let y = p.years.iter().position(|&y| y == 2030).expect("2030");
    let slot = |m| p.slot(&Measure::Metric(m)).expect("recorded");
    let (vac, demand) = (slot(Metric::Vacancies), slot(Metric::DemandWte));
    let mut sums = (0.0, 0.0);
    for rr in p.role_regions().filter(|rr| rr.role() == role) {
        sums.0 += p.value(d, y, rr, vac);
        sums.1 += p.value(d, y, rr, demand);
    }
    assert_eq!(
        p.role_regions().filter(|rr| rr.role() == role).count(),
        p.n_places()
    );
    sums.0 / sums.1
}

#[test]
fn the_package_file_rerun_meets_the_target_in_the_draws_the_plan_states() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan, chain, planned, baseline) = plan_in(dir.path(), &plan_text(0.28, ""));
    let outcome = solve(&plan, &chain, &planned, &baseline);
    assert!(outcome.feasible, "{:?}", outcome.check);
    assert!(
        outcome.check.cost > 0.0,
        "the planned scenario alone misses 28%"
    );
    let e = Evaluator::new(
        &plan,
        &chain,
        &planned,
        &baseline,
        "shipped:data-driven".into(),
    )
    .expect("evaluator");
    let file = dir.path().join("package.toml");
    std::fs::write(&file, e.package(&outcome.check.settings, "a test")).expect("write");
    let package = Scenario::load(&file, &baseline).expect("the package file loads");
    assert_eq!(package.draws, 41);
    assert_eq!(package.seed, planned.seed);
    let p = run_monte_carlo(&package, &baseline, &|| {});
    let role = baseline.role_index("data_engineer").expect("role");
    let met = (1..p.draws as usize)
        .filter(|&d| vacancy_rate(&p, d, role) <= 0.28)
        .count() as u64;
    assert_eq!(met, outcome.check.met, "the same draws, the same count");
    let share = met as f64 / 40.0;
    assert!(
        (share - outcome.check.probability).abs() <= 1e-12,
        "stated {} but the rerun meets it in {share}",
        outcome.check.probability
    );
    assert!(outcome.check.lower >= 0.7);
}

#[test]
fn an_unreachable_target_is_infeasible_with_the_best_probability_reached() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan, chain, planned, baseline) = plan_in(dir.path(), &plan_text(0.0, ""));
    let outcome = solve(&plan, &chain, &planned, &baseline);
    assert!(!outcome.feasible);
    let best = outcome
        .candidates
        .iter()
        .map(|c| c.probability)
        .fold(0.0, f64::max);
    assert_eq!(outcome.candidates[outcome.chosen].probability, best);
    assert_eq!(best, 0.0, "no draw has no vacancy at all");
}

#[test]
fn a_budget_no_package_fits_is_infeasible() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan, chain, planned, baseline) = plan_in(dir.path(), &plan_text(0.28, "budget = 1000"));
    let outcome = solve(&plan, &chain, &planned, &baseline);
    assert!(!outcome.feasible);
    assert!(
        outcome.check.cost <= 1000.0,
        "the package offered keeps to the budget"
    );
    assert!(
        outcome
            .candidates
            .iter()
            .all(|c| c.cost <= 1000.0 || !c.within_budget)
    );
}

#[test]
fn the_same_seed_gives_the_same_plan_on_any_number_of_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan, chain, planned, baseline) = plan_in(dir.path(), &plan_text(0.28, ""));
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| solve(&plan, &chain, &planned, &baseline))
    };
    let (one, two) = (on(1), on(2));
    assert_eq!(one.candidates, two.candidates);
    assert_eq!(one.chosen, two.chosen);
    assert_eq!(one.check, two.check);
}

#[test]
fn plan_files_report_mistakes_with_their_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.toml");
    let baseline = Baseline::embedded().expect("data");
    let bad = plan_text(0.28, "").replace("kind = \"retention\"", "kind = \"retension\"");
    std::fs::write(&path, &bad).expect("write");
    let err = load_plan(&path, &baseline)
        .err()
        .expect("refused")
        .to_string();
    let line = bad
        .lines()
        .position(|l| l.contains("retension"))
        .expect("line")
        + 1;
    assert!(err.contains(&format!("plan.toml:{line}:")), "{err}");
    assert!(err.contains("did you mean `retention`?"), "{err}");
    let bad = plan_text(0.28, "").replace(
        "step = 10\nfrom = 2026\ncost = 100000",
        "step = 7\nfrom = 2026\ncost = 100000",
    );
    std::fs::write(&path, &bad).expect("write");
    let err = load_plan(&path, &baseline)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("does not divide the range"), "{err}");
    let bad = plan_text(0.28, "").replace("role = \"data_engineer\"", "role = \"data_enginer\"");
    std::fs::write(&path, &bad).expect("write");
    let err = load_plan(&path, &baseline)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("did you mean `data_engineer`?"), "{err}");
}

#[test]
fn one_linear_lever_on_the_model_gets_its_closed_form_setting() {
    // a route of 100 starters a year with a one-year course that everyone completes and
    // stays after: its joiners in 2030 are the 2029 starters, 100 + the extra starters e,
    // in every draw; at least 340 joiners needs e = 240 exactly
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("scenario.toml"),
        r#"extends = "shipped:data-driven"
[scenario]
name = "closed-form"
[pipelines.test_route]
intake = 100
course_years = 1
completion = 1.0
retention = 1.0
roles = { data_engineer = 1 }
entry_band = "6"
entry_age = "25-29"
"#,
    )
    .expect("write scenario");
    let text = r#"[plan]
name = "closed-form"
scenario = "scenario.toml"
draws = 40
[target]
metric = "joiners_test_route"
at_least = 340
probability = 0.8
[lever.extra]
kind = "intake"
route = "test_route"
range = [0, 500]
step = 10
from = 2025
cost = 1000
"#;
    let (plan, chain, planned, baseline) = plan_in(dir.path(), text);
    let outcome = solve(&plan, &chain, &planned, &baseline);
    assert!(outcome.feasible);
    assert_eq!(outcome.check.settings, vec![240.0]);
    assert_eq!(outcome.check.probability, 1.0);
    let below = outcome
        .candidates
        .iter()
        .find(|c| c.settings == [230.0])
        .expect("the setting below was judged");
    assert_eq!(
        below.probability, 0.0,
        "230 extra starters give 330 joiners"
    );
    // 240 extra starters a year in 2025-2030 at 1,000 each, undiscounted
    assert_eq!(outcome.check.cost, 6.0 * 240.0 * 1000.0);
}
