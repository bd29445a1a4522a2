//! End to end: the `wfcast` binary running both shipped futures, as a planner would, with
//! every draw kept (exact quantiles) and with running summaries (past the memory budget).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

fn wfcast(out: &std::path::Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args([
            "run", "--quiet", "--draws", "400", "--format", "csv", "--out",
        ])
        .arg(out)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the binary runs");
    assert!(status.success());
}

fn end_to_end(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("end to end");
    group.sample_size(10);
    group.bench_function("run, 2 futures x 400 draws, csv, every draw kept", |b| {
        b.iter(|| wfcast(tmp.path(), &[]))
    });
    group.bench_function("run, 2 futures x 400 draws, csv, running summaries", |b| {
        b.iter(|| wfcast(tmp.path(), &["--memory-budget", "1MiB"]))
    });
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
