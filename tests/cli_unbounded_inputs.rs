//! Inputs that would never end or never arrive: a scenario that `extends` `/dev/zero`, a
//! FIFO given as a scenario file, a data table or a history, a device as a shard. Each is
//! refused at once (exit 2) with the file named, instead of reading until memory runs out
//! or blocking forever. Unix only: FIFOs and `/dev/zero` are Unix files.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{repo, text, wfcast};

fn fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn refused(args: &[&str], cwd: &Path, names: &str) {
    let out = wfcast(args, cwd);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(names), "{args:?}: {err}");
    assert!(err.contains("not a regular file"), "{args:?}: {err}");
}

#[test]
fn a_scenario_that_extends_dev_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.toml"), "extends = \"/dev/zero\"\n").unwrap();
    refused(&["validate", "s.toml"], dir.path(), "/dev/zero");
}

#[test]
fn fifos_are_refused_as_scenarios_data_and_histories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fifo(&d.join("pipe.toml"));
    refused(&["validate", "pipe.toml"], d, "pipe.toml");
    fs::write(d.join("child.toml"), "extends = \"pipe.toml\"\n").unwrap();
    refused(&["validate", "child.toml"], d, "pipe.toml");
    // a data folder whose roles.csv is a FIFO
    let data = d.join("data");
    fs::create_dir(&data).unwrap();
    for entry in fs::read_dir(repo("data")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") {
            fs::copy(&p, data.join(p.file_name().unwrap())).unwrap();
        }
    }
    fs::remove_file(data.join("roles.csv")).unwrap();
    fifo(&data.join("roles.csv"));
    refused(
        &[
            "run", "--data", "data", "--draws", "2", "--out", "out", "--quiet",
        ],
        d,
        "roles.csv",
    );
    fifo(&d.join("history.csv"));
    refused(
        &["calibrate", "history.csv", "--out", "out"],
        d,
        "history.csv",
    );
}
