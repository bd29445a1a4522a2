//! Publishing results never loses them, end to end: a shard killed outright (SIGKILL, no
//! cleanup) leaves only a hidden staging folder, which the rerun of that shard removes;
//! the rerun then merges as docs/scale-out.md says, equal to a single run; and two runs
//! into one `--out` at the same time both succeed, leaving complete results.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ok, repo, text, wfcast};

fn staging_folders(out: &Path) -> Vec<String> {
    fs::read_dir(out)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".wfcast-staging-"))
                .collect()
        })
        .unwrap_or_default()
}

/// `wfcast run` of the data-driven future, 120 draws, csv only, with `extra` flags.
fn run_args<'a>(scenario: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "run", scenario, "--draws", "120", "--seed", "11", "--quiet", "--format", "csv",
    ];
    args.extend(extra);
    args
}

#[test]
fn a_killed_shard_is_rerun_and_merged_as_the_docs_say() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let scenario = repo("scenarios/data-driven.toml");
    let shard1 = run_args(&scenario, &["--shard", "1/2", "--out", "shards"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args(&shard1)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while staging_folders(&dir.join("shards")).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "it never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(150));
    child.kill().unwrap();
    child.wait().unwrap();
    let left = staging_folders(&dir.join("shards"));
    assert_eq!(left.len(), 1, "the killed shard left its staging folder");

    ok(
        &run_args(&scenario, &["--shard", "0/2", "--out", "shards"]),
        dir,
    );
    // merge ignores the dead run's staging folder and names the shard to rerun
    let out = wfcast(&["merge", "shards", "--out", "merged"], dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("missing shard(s) 1/2"),
        "{}",
        text(&out.stderr)
    );

    ok(&shard1, dir);
    assert_eq!(
        staging_folders(&dir.join("shards")),
        Vec::<String>::new(),
        "the rerun removed the dead run's staging folder"
    );
    ok(
        &["merge", "shards", "--out", "merged", "--format", "csv"],
        dir,
    );
    ok(&run_args(&scenario, &["--out", "whole"]), dir);
    assert!(
        fs::read(dir.join("whole/data-driven/summary.csv")).unwrap()
            == fs::read(dir.join("merged/data-driven/summary.csv")).unwrap(),
        "the merge of the rerun equals the single run"
    );
}

#[test]
fn two_runs_into_one_folder_at_once_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let scenario = repo("scenarios/data-driven.toml");
    let args = run_args(&scenario, &["--out", "out"]);
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_wfcast"))
                .args(&args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let mut names: Vec<String> = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["data-driven"],
        "no staging folder or lock file left"
    );
    let mut files: Vec<String> = fs::read_dir(dir.join("out/data-driven"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "resolved.toml",
            "run.json",
            "sensitivity.csv",
            "summary.csv"
        ]
    );
}
