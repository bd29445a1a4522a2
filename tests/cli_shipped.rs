//! Shipped futures by name, from a folder with none of the repository's files: `init
//! --from`, `extends = "shipped:..."`, `run shipped:...`, `wfcast list`; and a file that
//! would inherit a shipped future's name (and so replace its results) is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::fs;

use common::{text, wfcast};

#[test]
fn a_variant_of_a_shipped_future_runs_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(&["init", ".", "--from", "data-driven"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    assert!(
        written.contains("extends = \"shipped:data-driven\""),
        "{written}"
    );
    assert!(written.contains("name = \"my-data-driven\""), "{written}");
    // one changed line, then a comparison of like with like
    let changed = written.replace(
        "# [demand.growth]\n# role.data_scientist = 0.12",
        "[demand.growth]\nrole.data_scientist = 0.12",
    );
    assert_ne!(changed, written, "the example change is in the file");
    fs::write(dir.path().join("scenario.toml"), changed).unwrap();
    let out = wfcast(
        &[
            "compare",
            "shipped:data-driven",
            "scenario.toml",
            "--draws",
            "4",
            "--format",
            "csv",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = fs::read_to_string(
        dir.path()
            .join("out/compare-data-driven-vs-my-data-driven/compare.csv"),
    )
    .unwrap();
    assert!(csv.lines().count() > 100, "{}", csv.len());
}

#[test]
fn a_scenario_extends_a_shipped_future_by_name_and_runs_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("mine.toml"),
        "extends = \"shipped:investment-stalls\"\n[scenario]\nname = \"mine\"\n",
    )
    .unwrap();
    let out = wfcast(&["validate", "mine.toml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = wfcast(
        &[
            "run",
            "shipped:grow-our-own",
            "--draws",
            "3",
            "--format",
            "csv",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("out/grow-our-own/summary.csv").exists());
}

#[test]
fn an_inherited_name_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("variant.toml"),
        "extends = \"shipped:data-driven\"\n[demand]\ngrowth = 0.05\n",
    )
    .unwrap();
    let out = wfcast(&["run", "variant.toml", "--draws", "3"], dir.path());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`data-driven` is inherited"), "{err}");
    assert!(err.contains("variant.toml"), "{err}");
    assert!(err.contains("give this file its own name"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_shipped_name_used_as_a_path_or_an_unknown_name_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(&["validate", "data-driven.toml"], dir.path());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("write `shipped:data-driven`"), "{err}");
    fs::write(
        dir.path().join("s.toml"),
        "extends = \"shipped:data-desert\"\n[scenario]\nname = \"s\"\n",
    )
    .unwrap();
    let out = wfcast(&["validate", "s.toml"], dir.path());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("s.toml:1:11"), "{err}");
    assert!(err.contains("shipped:investment-stalls"), "{err}");
}

#[test]
fn list_names_what_a_scenario_file_can_use() {
    let dir = tempfile::tempdir().unwrap();
    let listed = |what: &str| {
        let out = wfcast(&["list", what], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert!(listed("scenarios").contains("shipped:data-driven"));
    assert!(listed("roles").contains("data_scientist"));
    assert!(listed("regions").contains("north_east_yorkshire"));
    let params = listed("params");
    assert!(params.contains("demand.growth") && params.contains("labour_market.matching"));
}
