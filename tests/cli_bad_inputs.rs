//! The bad-input corpus: every folder under `tests/bad_inputs/` is one thing a planner or an
//! analyst gets wrong, run through the real `wfcast` binary. Adding a case is adding a folder.
//!
//! A case folder holds:
//! - `args`: the command line after `wfcast`, split on whitespace; `{repo}` is the repository;
//! - `exit`: the exit code it must end with (2 for the user's mistakes, 0 for accepted input);
//! - `stderr`: the exact message it must print (or `stderr.contains`: lines that must each
//!   appear, for messages that quote the operating system);
//! - `stdout` (optional): the exact standard output;
//! - any other files: copied into an empty folder the command runs in;
//! - `data/` (optional): becomes a full data folder: the shipped `data/` files, where
//!   `data/NAME` replaces a file, `data/NAME.append` adds lines to the end of it and
//!   `data/NAME.missing` removes it, `data/NAME.bom-crlf` saves it with a byte-order mark and
//!   Windows line ends, and a folder `data/NAME/` puts a folder in its place.
//!
//! Every failing case must also leave the folder exactly as it found it: nothing written.
//! `WFCAST_BLESS=1 cargo test --test cli_bad_inputs` rewrites `exit`, `stderr` and `stdout`
//! from what the program does now; review the diff before committing it.
//!
//! Hand-written rather than `trycmd`: the data cases patch the shipped data folder
//! (appending a row to a 6,000-line file) instead of keeping 40 copies of it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SPECIAL: [&str; 5] = ["args", "exit", "stderr", "stderr.contains", "stdout"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (relative path -> bytes), to see whether a failed run wrote anything.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_owned();
            if path.is_dir() {
                out.insert(rel, Vec::new());
                stack.push(path);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Builds the data folder of a case: the shipped files with the case's changes applied.
fn build_data(patches: &Path, target: &Path) {
    copy_dir(&repo().join("data"), target);
    for entry in fs::read_dir(patches).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(file) = name.strip_suffix(".missing") {
            fs::remove_file(target.join(file)).unwrap();
        } else if let Some(file) = name.strip_suffix(".bom-crlf") {
            let text = fs::read_to_string(target.join(file)).unwrap();
            fs::write(
                target.join(file),
                format!("\u{feff}{}", text.replace('\n', "\r\n")),
            )
            .unwrap();
        } else if let Some(file) = name.strip_suffix(".append") {
            let mut bytes = fs::read(target.join(file)).unwrap();
            bytes.extend(fs::read(&path).unwrap());
            fs::write(target.join(file), bytes).unwrap();
        } else if path.is_dir() {
            fs::remove_file(target.join(&name)).unwrap();
            copy_dir(&path, &target.join(&name));
        } else {
            fs::copy(&path, target.join(&name)).unwrap();
        }
    }
}

struct Outcome {
    exit: i32,
    stdout: String,
    stderr: String,
}

fn run_case(case: &Path) -> Result<Outcome, String> {
    let sandbox = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "data" {
            build_data(&path, &sandbox.path().join("data"));
        } else if path.is_dir() {
            copy_dir(&path, &sandbox.path().join(&name));
        } else if !SPECIAL.contains(&name.as_str()) {
            fs::copy(&path, sandbox.path().join(&name)).unwrap();
        }
    }
    let args_text = fs::read_to_string(case.join("args")).map_err(|e| format!("args: {e}"))?;
    let repo = repo().display().to_string();
    let args: Vec<String> = args_text
        .split_whitespace()
        .map(|a| a.replace("{repo}", &repo))
        .collect();
    let before = snapshot(sandbox.path());
    let out = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args(&args)
        .current_dir(sandbox.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let outcome = Outcome {
        exit: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    if outcome.exit != 0 && snapshot(sandbox.path()) != before {
        return Err(format!(
            "a failed run changed its folder: before {:?}, after {:?}",
            before.keys().collect::<Vec<_>>(),
            snapshot(sandbox.path()).keys().collect::<Vec<_>>()
        ));
    }
    Ok(outcome)
}

fn check(case: &Path, got: &Outcome) -> Vec<String> {
    let mut problems = Vec::new();
    let read = |name: &str| fs::read_to_string(case.join(name)).ok();
    match read("exit").map(|e| e.trim().parse::<i32>()) {
        Some(Ok(code)) if code == got.exit => {}
        Some(Ok(code)) => problems.push(format!("exit code {} (expected {code})", got.exit)),
        _ => problems.push("no `exit` file".into()),
    }
    if got.stderr.contains("panicked") || got.exit == 101 {
        problems.push("the program panicked".into());
    }
    match (read("stderr"), read("stderr.contains")) {
        (Some(want), _) if want != got.stderr => {
            problems.push(format!("stderr differs; expected:\n{want}"));
        }
        (None, Some(lines)) => {
            for line in lines.lines().filter(|l| !l.trim().is_empty()) {
                if !got.stderr.contains(line) {
                    problems.push(format!("stderr lacks `{line}`"));
                }
            }
        }
        (None, None) => problems.push("no `stderr` or `stderr.contains` file".into()),
        _ => {}
    }
    if let Some(want) = read("stdout")
        && want != got.stdout
    {
        problems.push(format!("stdout differs; expected:\n{want}"));
    }
    problems
}

fn bless(case: &Path, got: &Outcome) {
    fs::write(case.join("exit"), format!("{}\n", got.exit)).unwrap();
    if !case.join("stderr.contains").exists() {
        fs::write(case.join("stderr"), &got.stderr).unwrap();
    }
    if case.join("stdout").exists() || (got.exit == 0 && !got.stdout.is_empty()) {
        fs::write(case.join("stdout"), &got.stdout).unwrap();
    }
}

#[test]
fn every_bad_input_gets_its_message_and_exit_code() {
    let root = repo().join("tests/bad_inputs");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let blessing = std::env::var_os("WFCAST_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        match run_case(case) {
            Err(problem) => failures.push(format!("{name}: {problem}")),
            Ok(got) if blessing => bless(case, &got),
            Ok(got) => {
                let problems = check(case, &got);
                if !problems.is_empty() {
                    failures.push(format!(
                        "{name}: {}\n--- got (exit {}):\n{}",
                        problems.join("\n"),
                        got.exit,
                        got.stderr
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
