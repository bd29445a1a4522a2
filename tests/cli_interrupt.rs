//! Ctrl-C (or SIGTERM) part-way through a run: the process stops with exit code 130 and
//! leaves no staging folder and no half-written results; earlier results in the output
//! folder are untouched.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Starts a long run into `out` (under `cwd`), waits until it is computing (its staging
/// folder exists), sends `signal` and returns the exit code and stderr.
fn interrupt_a_run(cwd: &Path, out: &str, signal: &str) -> (Option<i32>, String) {
    interrupt(cwd, out, signal, &["run", "--draws", "5000"])
}

/// Starts `wfcast ARGS --out OUT -q` under `cwd`, waits until it is computing (its staging
/// folder exists), sends `signal` and returns the exit code and stderr.
fn interrupt(cwd: &Path, out: &str, signal: &str, args: &[&str]) -> (Option<i32>, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args(args)
        .args(["--out", out, "-q"])
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !entries(&cwd.join(out))
        .iter()
        .any(|n| n.starts_with(".wfcast-staging-"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn ctrl_c_leaves_no_partial_output_and_keeps_earlier_results() {
    let dir = tempfile::tempdir().unwrap();

    let (code, stderr) = interrupt_a_run(dir.path(), "fresh", "-INT");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(
        !dir.path().join("fresh").exists(),
        "the output folder the run created is removed again: {:?}",
        entries(&dir.path().join("fresh"))
    );

    fs::create_dir_all(dir.path().join("kept/earlier")).unwrap();
    fs::write(dir.path().join("kept/earlier/summary.csv"), "old results").unwrap();
    let (code, stderr) = interrupt_a_run(dir.path(), "kept", "-INT");
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(entries(&dir.path().join("kept")), ["earlier"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("kept/earlier/summary.csv")).unwrap(),
        "old results"
    );
}

#[test]
fn a_scheduler_cancelling_the_run_leaves_nothing_either() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = interrupt_a_run(dir.path(), "out", "-TERM");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn ctrl_c_during_a_plan_search_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/data-driven.toml");
    let (code, stderr) = interrupt(dir.path(), "plans", "-INT", &["plan", plan]);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(
        !dir.path().join("plans").exists(),
        "{:?}",
        entries(&dir.path().join("plans"))
    );
}

/// A signal that arrives after the results were published ends the run with 0, not 130:
/// the results are complete. To land the signal in that moment for certain, the run's
/// stdout is a pipe that another writer has filled, so the run blocks on printing its
/// headline table, which it does only after publishing.
#[test]
fn a_signal_after_the_results_are_published_is_not_an_interruption() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    let mut filler = writer.try_clone().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args([
            "run", "--draws", "30", "--format", "csv", "--out", "out", "-q",
        ])
        .current_dir(dir.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // fills the pipe, then blocks until the reader is dropped at the end of the test
    let fill = std::thread::spawn(move || while filler.write_all(&[b'.'; 512]).is_ok() {});
    let out = dir.path().join("out");
    let published = || {
        ["data-driven", "investment-stalls"]
            .iter()
            .all(|s| out.join(s).join("summary.csv").exists())
    };
    let started = Instant::now();
    while !published() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before publishing"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the run never published"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run should be blocked printing to its full stdout"
    );
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // a handler that waits for the run's lock would wait for ever: the run holds it while
    // blocked on its stdout
    let signalled = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if signalled.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the run did not end within 30 s of the signal");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("interrupted"), "{stderr}");
    assert_eq!(entries(&out), ["data-driven", "investment-stalls"]);
    drop(reader);
    fill.join().unwrap();
}
