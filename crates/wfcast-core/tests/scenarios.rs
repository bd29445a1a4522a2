//! Scenario files: inheritance and located, helpful errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::fs;
use std::path::Path;

use wfcast_core::scenario::Uncertain;
use wfcast_core::scenario::{ParamId, SHIPPED, STARTER};
use wfcast_core::taxonomy::band_index;
use wfcast_core::{Baseline, Scenario};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn load_err(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "s.toml", text);
    Scenario::load(&p, &Baseline::embedded().unwrap())
        .unwrap_err()
        .to_string()
}

#[test]
fn inheritance_overrides_what_the_child_gives_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[scenario]\nname = \"base\"\ndraws = 50\nseed = 9\n[demand]\ngrowth = 0.02\n[demand.automation]\nall = 0.01\nrole.clinical_coder = 0.03\n",
    );
    fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        dir.path(),
        "mid.toml",
        "extends = \"base.toml\"\n[leaving]\nmultiplier = 1.2\n",
    );
    let child = write(
        &dir.path().join("sub"),
        "child.toml",
        "extends = \"../mid.toml\"\n[scenario]\nname = \"child\"\n[demand.automation]\nall = 0.02\n",
    );
    let s = Scenario::load(&child, &Baseline::embedded().unwrap()).unwrap();
    assert_eq!(s.name, "child");
    assert_eq!((s.draws, s.seed), (50, 9), "inherited from the grandparent");
    assert_eq!(
        s.params.get(ParamId::Leaving).lookup("x", "y").unwrap().1,
        Uncertain::Fixed(1.2)
    );
    assert_eq!(
        s.params.get(ParamId::Growth).lookup("x", "y").unwrap().1,
        Uncertain::Fixed(0.02)
    );
    assert_eq!(
        s.params
            .get(ParamId::Automation)
            .lookup("data_analyst", "london")
            .unwrap()
            .1,
        Uncertain::Fixed(0.02),
        "child's all"
    );
    assert_eq!(
        s.params
            .get(ParamId::Automation)
            .lookup("clinical_coder", "london")
            .unwrap()
            .1,
        Uncertain::Fixed(0.03),
        "parent's role override survives"
    );
    assert_eq!(s.sources.len(), 3);
    let resolved = s.to_toml();
    let again = Scenario::from_str(
        Path::new("resolved.toml"),
        &resolved,
        &Baseline::embedded().unwrap(),
    )
    .unwrap();
    assert_eq!(
        again.params, s.params,
        "resolved.toml reads back to the same scenario"
    );
}

#[test]
fn a_misspelt_key_names_line_and_column_and_suggests_the_key() {
    let msg = load_err("[scenario]\nname = \"x\"\n\n[recruitment]\nfill_rat = 0.7\n");
    assert!(msg.contains("s.toml:5:1"), "{msg}");
    assert!(msg.contains("unknown key `fill_rat`"), "{msg}");
    assert!(msg.contains("did you mean `fill_rate`?"), "{msg}");
}

#[test]
fn an_unknown_role_is_located_with_a_suggestion() {
    let msg = load_err("[demand.growth]\nall = 0.02\nrole.data_scientits = 0.1\n");
    assert!(msg.contains("s.toml:3:6"), "{msg}");
    assert!(msg.contains("did you mean `data_scientist`?"), "{msg}");
}

#[test]
fn out_of_range_values_are_located_and_explained() {
    let msg = load_err("[recruitment]\nfill_rate = 1.4\n");
    assert!(msg.contains("s.toml:2:13"), "{msg}");
    assert!(msg.contains("probability"), "{msg}");
    let msg = load_err("[scenario]\nbase_year = 2024\nhorizon = 2020\n");
    assert!(
        msg.contains("s.toml:3:11") && msg.contains("after the base year"),
        "{msg}"
    );
    let msg = load_err("[scenario]\ndraws = 0\n");
    assert!(
        msg.contains("s.toml:2:9") && msg.contains("from 1"),
        "{msg}"
    );
    let msg = load_err("[recruitment]\nfill_rate = { uniform = [0.5, 1.5] }\n");
    assert!(msg.contains("outside the valid range"), "{msg}");
}

#[test]
fn several_problems_are_reported_together() {
    let msg = load_err("[demand.growth]\nrole.nope = 0.1\nregion.londn = 0.2\n");
    assert!(
        msg.contains("unknown role `nope`") && msg.contains("did you mean `london`?"),
        "{msg}"
    );
}

#[test]
fn extends_cycles_and_missing_parents_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extends = \"a.toml\"\n");
    let msg = Scenario::load(&a, &Baseline::embedded().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("cycle") && msg.contains("b.toml:1:11"),
        "{msg}"
    );
    let msg = load_err("extends = \"nowhere.toml\"\n");
    assert!(
        msg.contains("s.toml:1:11") && msg.contains("nowhere.toml"),
        "{msg}"
    );
}

#[test]
fn empty_and_non_utf8_files_are_clean_errors_and_bom_crlf_are_accepted() {
    assert!(load_err("  \n").contains("empty"));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    fs::write(&p, b"[scenario]\nname = \"\xff\"\n").unwrap();
    let msg = Scenario::load(&p, &Baseline::embedded().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("bad.toml:2:") && msg.contains("UTF-8"),
        "{msg}"
    );
    let ok = write(
        dir.path(),
        "ok.toml",
        "\u{feff}[scenario]\r\nname = \"crlf\"\r\ndraws = 3\r\n",
    );
    assert_eq!(
        Scenario::load(&ok, &Baseline::embedded().unwrap())
            .unwrap()
            .draws,
        3
    );
}

#[test]
fn shipped_and_starter_scenarios_validate() {
    let b = Baseline::embedded().unwrap();
    for (name, _) in SHIPPED {
        wfcast_core::scenario::load_shipped(name, &b).unwrap();
    }
    let s = Scenario::from_str(Path::new("starter.toml"), STARTER, &b).unwrap();
    assert_eq!(s.name, "my-scenario");
}

/// The two futures differ clearly in 2030 demand: the central growth rates alone imply it.
#[test]
fn the_two_futures_have_clearly_different_demand_growth() {
    let b = Baseline::embedded().unwrap();
    let dd = wfcast_core::scenario::load_shipped("data-driven.toml", &b).unwrap();
    let st = wfcast_core::scenario::load_shipped("investment-stalls.toml", &b).unwrap();
    let g = |s: &Scenario| {
        s.params
            .get(ParamId::Growth)
            .lookup("data_analyst", "london")
            .unwrap()
            .1
            .central()
    };
    assert!(g(&dd) > g(&st) + 0.03);
}

#[test]
fn an_unknown_role_in_a_role_move_is_reported_once() {
    let msg = load_err(
        "[[mobility.role_move]]\nfrom = \"data_analyst\"\nto = \"data_scientits\"\nrate = 0.02\n",
    );
    assert_eq!(
        msg.matches("unknown role `data_scientits`").count(),
        1,
        "{msg}"
    );
    assert!(
        msg.contains("s.toml:3:6") && msg.contains("did you mean `data_scientist`?"),
        "{msg}"
    );
}

/// The starter shows a band transition matrix and an upskilling route, and resolved.toml
/// writes both back so that they read back the same.
#[test]
fn starter_matrix_and_upskilling_survive_resolved_toml() {
    let b = Baseline::embedded().unwrap();
    let s = Scenario::from_str(Path::new("starter.toml"), STARTER, &b).unwrap();
    let row = |role: &str, band: &str| {
        s.spec
            .band_rows
            .row(b.role_index(role).unwrap(), band_index(band).unwrap())
    };
    assert!(row("data_scientist", "6").is_some());
    assert!(row("data_analyst", "5").is_some());
    assert!(s.spec.upskilling.iter().any(|u| u.name == "data_academy"));
    let again = Scenario::from_str(Path::new("resolved.toml"), &s.to_toml(), &b).unwrap();
    assert_eq!(again.spec.band_rows, s.spec.band_rows);
    assert_eq!(again.spec.upskilling, s.spec.upskilling);
    assert_eq!(again.spec.routes, s.spec.routes);
    assert_eq!(again.spec, s.spec);
}

/// A child's matrix for a role is added to the inherited ones; its national matrix replaces
/// the inherited national matrix whole.
#[test]
fn band_matrices_inherit_per_role_and_the_national_one_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "[promotion.matrix.all]\n4 = { 5 = 0.1 }\n5 = { 6 = 0.1 }\n[promotion.matrix.role.data_analyst]\n5 = { 7 = 0.2 }\n",
    );
    let child = write(
        dir.path(),
        "child.toml",
        "extends = \"base.toml\"\n[promotion.matrix.all]\n6 = { 7 = 0.3 }\n[promotion.matrix.role.service_desk]\n4 = { 5 = 0.4 }\n",
    );
    let b = Baseline::embedded().unwrap();
    let s = Scenario::load(&child, &b).unwrap();
    let row = |role: &str, band: &str| {
        s.spec
            .band_rows
            .row(b.role_index(role).unwrap(), band_index(band).unwrap())
    };
    assert!(
        row("data_scientist", "4").is_none(),
        "national replaced whole"
    );
    assert!(row("data_scientist", "6").is_some_and(|(_, own)| !own));
    assert!(row("data_analyst", "5").is_some_and(|(_, own)| own));
    assert!(row("service_desk", "4").is_some_and(|(_, own)| own));
}

/// A chain of `extends` longer than the limit is refused at the link that breaks it.
#[test]
fn an_extends_chain_longer_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let n = wfcast_core::scenario::MAX_EXTENDS + 6;
    for i in 0..n {
        let text = if i + 1 < n {
            format!("extends = \"s{}.toml\"\n", i + 1)
        } else {
            String::new() + "[demand]\ngrowth = 0.01\n"
        };
        std::fs::write(dir.path().join(format!("s{i}.toml")), text).unwrap();
    }
    let b = Baseline::embedded().unwrap();
    let err = Scenario::load(&dir.path().join("s0.toml"), &b)
        .unwrap_err()
        .to_string();
    assert!(err.contains("chains more than 64 files"), "{err}");
    assert!(
        err.contains("s63.toml"),
        "located in the file whose `extends` breaks it: {err}"
    );
    std::fs::write(dir.path().join("s3.toml"), "[demand]\ngrowth = 0.01\n").unwrap();
    assert!(
        Scenario::load(&dir.path().join("s0.toml"), &b).is_ok(),
        "a short chain loads"
    );
}
