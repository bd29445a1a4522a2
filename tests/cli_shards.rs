//! `wfcast run --shard K/N` and `wfcast merge`: merged shards give the outputs of one whole
//! run, and running summaries (runs beyond the memory budget) stay deterministic.

mod common;

use std::fs;
use std::path::Path;

use common::{text, wfcast};

fn ok(args: &[&str], cwd: &Path) -> String {
    let out = wfcast(args, cwd);
    assert!(
        out.status.success(),
        "wfcast {args:?} failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn read(dir: &Path, path: &str) -> Vec<u8> {
    fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const FILES: [&str; 2] = ["summary.csv", "sensitivity.csv"];
const SCENARIOS: [&str; 2] = ["data-driven", "investment-stalls"];

fn assert_same_outputs(dir: &Path, a: &str, b: &str) {
    for s in SCENARIOS {
        for f in FILES {
            assert!(
                read(dir, &format!("{a}/{s}/{f}")) == read(dir, &format!("{b}/{s}/{f}")),
                "{s}/{f} differs between {a} and {b}"
            );
        }
    }
}

fn shards(dir: &Path, n: usize, extra: &[&str]) {
    for k in 0..n {
        let shard = format!("{k}/{n}");
        let mut args = vec!["run", "--draws", "25", "--quiet", "--format", "csv"];
        args.extend(["--shard", &shard, "--out", "shards"]);
        args.extend(extra);
        let said = ok(&args, dir);
        assert!(said.contains(&format!("shard {k}/{n} done")), "{said}");
    }
}

/// Three shards of both shipped futures, merged, give the single run's summary.csv and
/// sensitivity.csv byte for byte, whichever order the shard folders are given in.
#[test]
fn merged_shards_equal_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(
        &[
            "run", "--draws", "25", "--quiet", "--format", "csv", "--out", "whole",
        ],
        dir,
    );
    shards(dir, 3, &[]);
    ok(
        &["merge", "shards", "--out", "merged", "--format", "csv"],
        dir,
    );
    assert_same_outputs(dir, "whole", "merged");
    let mut reversed: Vec<String> = fs::read_dir(dir.join("shards"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    reversed.sort();
    reversed.reverse();
    let mut args = vec!["merge"];
    args.extend(reversed.iter().map(String::as_str));
    args.extend(["--out", "again", "--format", "csv", "--threads", "1"]);
    ok(&args, dir);
    assert_same_outputs(dir, "whole", "again");
    let run: serde_json::Value =
        serde_json::from_slice(&read(dir, "merged/data-driven/run.json")).unwrap();
    assert_eq!(run["draws"], 25);
    assert!(run["quantiles"].as_str().unwrap().starts_with("exact"));
}

/// Beyond the memory budget a run folds its draws into running summaries: the single run
/// and the merged shards still agree byte for byte (same draws, same blocks, same order),
/// the thread count changes nothing, and run.json says the quantiles are estimates.
#[test]
fn running_summaries_are_deterministic_and_mergeable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let small = ["--memory-budget", "1MiB"];
    for (threads, out) in [("1", "one"), ("2", "two")] {
        let mut args = vec!["run", "--draws", "25", "--quiet", "--format", "csv"];
        args.extend(["--threads", threads, "--out", out]);
        args.extend(small);
        ok(&args, dir);
    }
    assert_same_outputs(dir, "one", "two");
    shards(dir, 2, &[]);
    let mut args = vec!["merge", "shards", "--out", "merged", "--format", "csv"];
    args.extend(small);
    ok(&args, dir);
    assert_same_outputs(dir, "one", "merged");
    let run: serde_json::Value =
        serde_json::from_slice(&read(dir, "one/data-driven/run.json")).unwrap();
    assert!(run["quantiles"].as_str().unwrap().starts_with("t-digest"));
    let out = wfcast(
        &[
            "run",
            "--draws",
            "25",
            "--keep-draws",
            "--memory-budget",
            "1MiB",
            "--out",
            "kd",
        ],
        dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: --keep-draws:"));
    assert!(!dir.join("kd").exists());
}

fn merge_fails(dir: &Path, args: &[&str], says: &str) {
    let out = wfcast(args, dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: expected `{says}` in {err}");
    assert!(!dir.join("bad").exists(), "{args:?} left an output folder");
}

/// Incomplete, repeated, damaged or mismatched shards are refused with exit code 2, a message
/// naming the problem, and nothing written.
#[test]
fn bad_shard_sets_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shards(dir, 3, &["--seed", "7"]);
    let sh = |k: usize| format!("shards/data-driven.shard-{k}-of-3");
    let (s0, s1, s2) = (sh(0), sh(1), sh(2));
    merge_fails(
        dir,
        &["merge", &s0, &s2, "--out", "bad"],
        "`data-driven` is missing shard(s) 1/3",
    );
    fs::create_dir(dir.join("copy")).unwrap();
    fs::copy(
        dir.join(&s1).join("shard-1-of-3.wfshard"),
        dir.join("copy/shard-1-of-3.wfshard"),
    )
    .unwrap();
    merge_fails(
        dir,
        &["merge", &s0, &s1, &s2, "copy", "--out", "bad"],
        "shard 1/3 of `data-driven` is given twice",
    );
    let file = dir.join(&s1).join("shard-1-of-3.wfshard");
    let bytes = fs::read(&file).unwrap();
    fs::write(
        dir.join("copy/shard-1-of-3.wfshard"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    merge_fails(
        dir,
        &["merge", &s0, "copy", &s2, "--out", "bad"],
        "rerun this shard",
    );
    // a header that says there are no shards at all (it once divided by zero)
    let key = b"\"shards\":3";
    let at = bytes
        .windows(key.len())
        .position(|w| w == key)
        .expect("the header names its shard count");
    let mut tampered = bytes.clone();
    tampered[at + key.len() - 1] = b'0';
    fs::write(dir.join("copy/shard-1-of-3.wfshard"), &tampered).unwrap();
    merge_fails(
        dir,
        &["merge", &s0, "copy", &s2, "--out", "bad"],
        "a run has at least one shard",
    );
    fs::write(dir.join("copy/shard-1-of-3.wfshard"), b"a,b\n1,2\n").unwrap();
    merge_fails(
        dir,
        &["merge", &s0, "copy", &s2, "--out", "bad"],
        "not a wfcast shard file",
    );
    ok(
        &[
            "run", "--draws", "25", "--quiet", "--shard", "1/3", "--out", "other", "--seed", "8",
        ],
        dir,
    );
    merge_fails(
        dir,
        &[
            "merge",
            &s0,
            "other/data-driven.shard-1-of-3",
            &s2,
            "--out",
            "bad",
        ],
        "are shards of different runs of `data-driven`",
    );
    merge_fails(
        dir,
        &["merge", "nowhere", "--out", "bad"],
        "nowhere does not exist",
    );
    let out = wfcast(&["run", "--shard", "3/3", "--out", "bad"], dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("K/N"), "{}", text(&out.stderr));
}

/// Shards that do not prove their integrity are refused, naming the file, with exit 2:
/// a flipped bit in the draws (its block's checksum), and headers whose metric names are
/// rotated, whose years are reversed or that claim no draws (checked against the scenario
/// each shard carries, before any draw is read).
#[test]
fn altered_shards_are_refused_with_the_file_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shards(dir, 1, &[]);
    let name = "shard-0-of-1.wfshard";
    let bytes = read(dir, &format!("shards/data-driven.shard-0-of-1/{name}"));
    // the file with its JSON header changed by `change` and the length before it updated:
    // an edit a careless or hostile hand could make
    let with_header = |bytes: &[u8], change: &dyn Fn(&mut serde_json::Value)| {
        let len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        let mut header: serde_json::Value = serde_json::from_slice(&bytes[16..16 + len]).unwrap();
        change(&mut header);
        let json = serde_json::to_vec(&header).unwrap();
        let mut out = bytes[..8].to_vec();
        out.extend((json.len() as u64).to_le_bytes());
        out.extend(json);
        out.extend(&bytes[16 + len..]);
        out
    };
    let mut flipped = bytes.clone();
    let middle = bytes.len() / 2;
    flipped[middle] ^= 0x04;
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("bit-flipped", flipped, "fails its checksum"),
        (
            "rotated-metrics",
            with_header(&bytes, &|h| {
                h["metrics"].as_array_mut().unwrap().rotate_left(1);
            }),
            "its header's metrics differ from those of the scenario it carries",
        ),
        (
            "reversed-years",
            with_header(&bytes, &|h| h["years"].as_array_mut().unwrap().reverse()),
            "its header's years differ from those of the scenario it carries",
        ),
        (
            "zero-draws",
            with_header(&bytes, &|h| h["draws"] = 0.into()),
            "the run has no draws",
        ),
    ];
    for (case, content, says) in cases {
        fs::create_dir_all(dir.join(case)).unwrap();
        let file = dir.join(case).join(name);
        fs::write(&file, content).unwrap();
        merge_fails(dir, &["merge", case, "--out", "bad"], says);
        let err = text(&wfcast(&["merge", case, "--out", "bad"], dir).stderr);
        assert!(err.contains(&format!("{case}/{name}")), "{case}: {err}");
    }
}
