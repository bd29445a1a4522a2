//! Determinism, locked in end to end: the same scenarios and seed give byte-identical
//! results whatever the thread count, the order of the files on the command line and how
//! often the run is repeated. (tests/cli_run.rs checks summary.csv for two files in two
//! orders; this covers three files, a repeated run and every deterministic output. The
//! expected-value method draws no random numbers and shares the summary and writing code
//! checked here, so it is not run again: in a debug build it costs seconds per scenario.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::fs;
use std::path::Path;
use std::process::Command;

const NAMES: [&str; 3] = ["data-driven", "investment-stalls", "grow-our-own"];

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.toml"))
        .display()
        .to_string()
}

fn run(cwd: &Path, order: &[usize], threads: &str, out: &str) {
    let files: Vec<String> = order.iter().map(|&i| scenario(NAMES[i])).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .arg("run")
        .args(&files)
        .args([
            "--draws",
            "6",
            "--seed",
            "77",
            "--threads",
            threads,
            "--out",
            out,
            "-q",
        ])
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `run.json` without what legitimately differs between runs: clock times and threads.
fn provenance(path: &Path) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let map = v.as_object_mut().unwrap();
    for key in [
        "started",
        "finished",
        "engine_thread_seconds",
        "timings",
        "threads",
    ] {
        assert!(map.remove(key).is_some(), "run.json has `{key}`");
    }
    v
}

fn assert_same(dir: &Path, a: &str, b: &str) {
    for name in fs::read_dir(dir.join(a)).unwrap() {
        let name = name.unwrap().file_name();
        for file in ["summary.csv", "resolved.toml"] {
            let one = fs::read(dir.join(a).join(&name).join(file)).unwrap();
            let two = fs::read(dir.join(b).join(&name).join(file)).unwrap();
            assert!(one == two, "{name:?}/{file} differs between {a} and {b}");
        }
        assert_eq!(
            provenance(&dir.join(a).join(&name).join("run.json")),
            provenance(&dir.join(b).join(&name).join("run.json")),
            "{name:?}/run.json differs between {a} and {b}"
        );
    }
}

#[test]
fn results_are_byte_identical_across_threads_file_orders_and_repeats() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &[0, 1, 2], "1", "a");
    run(dir.path(), &[2, 0, 1], "2", "b");
    run(dir.path(), &[2, 0, 1], "2", "c");
    assert_same(dir.path(), "a", "b");
    assert_same(dir.path(), "b", "c");
    let summary = fs::read_to_string(dir.path().join("a/grow-our-own/summary.csv")).unwrap();
    let sd_positive = summary.lines().skip(1).any(|l| {
        l.split(',')
            .nth(6)
            .is_some_and(|sd| sd.parse::<f64>().unwrap() > 0.0)
    });
    assert!(sd_positive, "the runs compared do have random variation");
}

/// Data saved by Excel on Windows (byte-order mark, CRLF line ends) gives exactly the
/// results of the same data saved plainly.
#[test]
fn bom_and_crlf_data_give_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("excel-data");
    fs::create_dir(&data).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let text = fs::read_to_string(&path).unwrap();
            let excel = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            fs::write(data.join(path.file_name().unwrap()), excel).unwrap();
        }
    }
    let go = |out: &str, extra: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_wfcast"))
            .args([
                "run",
                &scenario("grow-our-own"),
                "--draws",
                "3",
                "--out",
                out,
                "-q",
            ])
            .args(extra)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    };
    go("plain", &[]);
    go("excel", &["--data", "excel-data"]);
    for file in ["summary.csv", "resolved.toml"] {
        let plain = fs::read(dir.path().join("plain/grow-our-own").join(file)).unwrap();
        let excel = fs::read(dir.path().join("excel/grow-our-own").join(file)).unwrap();
        assert!(plain == excel, "{file} differs");
    }
}
