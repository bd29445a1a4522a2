//! Outputs by DDaT skill level (`skill_levels = true`): each level's WTE and demand add up
//! to the totals in every draw, the base year's levels are the data's bands as
//! `skill_levels.csv` maps them, and asking for levels changes no other number.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::BTreeMap;
use std::path::Path;

use wfcast_core::model::{Metric, SkillMetric};
use wfcast_core::scenario::load_shipped;
use wfcast_core::taxonomy::{N_SKILL_LEVELS, RoleRegion, SKILL_LEVELS};
use wfcast_core::{Baseline, Measure, Method, Projection, Scenario, run};

fn scenario(b: &Baseline, levels: bool, draws: u64) -> Scenario {
    let mut s = load_shipped("data-driven.toml", b).unwrap();
    s.skill_levels = levels;
    s.draws = draws;
    s
}

fn slot(p: &Projection, m: Measure) -> usize {
    p.slot(&m).unwrap_or_else(|| panic!("{m} is recorded"))
}

#[test]
fn levels_add_up_to_the_totals_in_every_draw() {
    let b = Baseline::embedded().unwrap();
    let p = run(&scenario(&b, true, 12), &b, Method::MonteCarlo, &|| {});
    let wte = slot(&p, Metric::Wte.into());
    let demand = slot(&p, Metric::DemandWte.into());
    let levels: Vec<(usize, usize)> = (0..N_SKILL_LEVELS)
        .map(|l| {
            (
                slot(&p, Measure::Skill(SkillMetric::Wte, l)),
                slot(&p, Measure::Skill(SkillMetric::DemandWte, l)),
            )
        })
        .collect();
    let mut checked = 0;
    for d in 0..p.draws as usize {
        for y in 0..p.years.len() {
            for rr in RoleRegion::all(p.roles.len(), p.geography.n_places()) {
                let (w, dm) = (p.value(d, y, rr, wte), p.value(d, y, rr, demand));
                let sw: f64 = levels.iter().map(|&(s, _)| p.value(d, y, rr, s)).sum();
                let sd: f64 = levels.iter().map(|&(_, s)| p.value(d, y, rr, s)).sum();
                assert!(
                    (sw - w).abs() <= 1e-9 * w.max(1.0),
                    "draw {d} year {y}: {sw} vs {w}"
                );
                assert!(
                    (sd - dm).abs() <= 1e-9 * dm.max(1.0),
                    "draw {d} year {y}: {sd} vs {dm}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// The base year's national WTE by level, worked out here from the two CSV files.
#[test]
fn the_base_years_levels_are_the_datas_bands() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let read = |name: &str| std::fs::read_to_string(data.join(name)).unwrap();
    let mut level: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in read("skill_levels.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        level.insert((f[0].to_owned(), f[1].to_owned()), f[2].to_owned());
    }
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    for line in read("staff_in_post_2024.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let l = level
            .get(&(f[0].to_owned(), f[2].to_owned()))
            .or_else(|| level.get(&("all".to_owned(), f[2].to_owned())))
            .unwrap();
        *expected.entry(l.clone()).or_default() += f[5].parse::<f64>().unwrap();
    }
    let b = Baseline::embedded().unwrap();
    let p = run(&scenario(&b, true, 1), &b, Method::Expected, &|| {});
    for (l, name) in SKILL_LEVELS.iter().enumerate() {
        let s = slot(&p, Measure::Skill(SkillMetric::Wte, l));
        let got: f64 = RoleRegion::all(p.roles.len(), p.geography.n_places())
            .map(|rr| p.value(0, 0, rr, s))
            .sum();
        let want = expected.get(*name).copied().unwrap_or(0.0);
        assert!((got - want).abs() < 1e-6, "{name}: {got} vs {want}");
    }
    assert!(
        expected.len() == N_SKILL_LEVELS,
        "every level has staff: {expected:?}"
    );
}

#[test]
fn asking_for_levels_changes_no_other_number() {
    let b = Baseline::embedded().unwrap();
    let plain = run(&scenario(&b, false, 8), &b, Method::MonteCarlo, &|| {});
    let with = run(&scenario(&b, true, 8), &b, Method::MonteCarlo, &|| {});
    assert_eq!(with.metrics.len(), plain.metrics.len() + 2 * N_SKILL_LEVELS);
    for m in &plain.metrics {
        let (a, c) = (slot(&plain, m.clone()), slot(&with, m.clone()));
        for d in 0..8 {
            for y in 0..plain.years.len() {
                for rr in RoleRegion::all(plain.roles.len(), plain.geography.n_places()) {
                    assert_eq!(plain.value(d, y, rr, a), with.value(d, y, rr, c), "{m}");
                }
            }
        }
    }
}

#[test]
fn a_skill_level_file_without_every_band_is_refused_at_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for name in wfcast_core::input::DATA_FILES {
        std::fs::copy(data.join(name), dir.path().join(name)).unwrap();
    }
    let levels = dir.path().join("skill_levels.csv");
    let text = std::fs::read_to_string(&levels).unwrap();
    std::fs::write(&levels, text.replace("all,9,expert\n", "")).unwrap();
    let e = Baseline::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("skill_levels.csv") && e.contains("no `all` row for band 9"),
        "{e}"
    );
    std::fs::write(&levels, text.replace("all,9,expert", "all,9,exprt")).unwrap();
    let e = Baseline::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("unknown skill level `exprt`") && e.contains("did you mean `expert`"),
        "{e}"
    );
}
