//! Output benchmarks: the cost of every file a run writes, for one scenario of the default
//! job (1,000 draws), against the engine's cost of producing it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wfcast_core::analysis::compare;
use wfcast_core::analysis::drivers;
use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Method, run};
use wfcast_report::parquet::summary_parquet;
use wfcast_report::tidy::{compare_csv, summary_csv};
use wfcast_report::workbook::{ScenarioBook, compare_workbook, scenario_workbook};

fn outputs(c: &mut Criterion) {
    let baseline = Baseline::embedded().unwrap();
    let a = load_shipped("data-driven.toml", &baseline).unwrap();
    let b = load_shipped("investment-stalls.toml", &baseline).unwrap();
    let pa = run(&a, &baseline, Method::MonteCarlo, &|| {});
    let pb = run(&b, &baseline, Method::MonteCarlo, &|| {});
    let rows = summarise(&pa, RegionFilter::All);
    let drivers = drivers(&pa, RegionFilter::All, &baseline);
    let resolved = a.to_toml();
    let roles: Vec<(String, String)> = baseline
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let labels = wfcast_report::tidy::Labels::new(&roles, &baseline.geography);
    let mut group = c.benchmark_group("outputs, 1000 draws");
    group.sample_size(10);
    group.bench_function("summary (all roll-ups)", |bench| {
        bench.iter(|| black_box(summarise(&pa, RegionFilter::All)))
    });
    group.bench_function("summary.csv", |bench| {
        bench.iter(|| black_box(summary_csv(&rows, &labels).unwrap()))
    });
    group.bench_function("summary.parquet", |bench| {
        bench.iter(|| black_box(summary_parquet(&rows, &labels).unwrap()))
    });
    group.bench_function("workbook.xlsx", |bench| {
        bench.iter(|| {
            black_box(
                scenario_workbook(&ScenarioBook {
                    about: &[],
                    rows: &rows,
                    place: "ALL",
                    drivers: &drivers,
                    resolved: &resolved,
                    labels,
                })
                .unwrap(),
            )
        })
    });
    group.bench_function("sensitivity", |bench| {
        bench.iter(|| {
            black_box(wfcast_core::analysis::drivers(
                &pa,
                RegionFilter::All,
                &baseline,
            ))
        })
    });
    group.bench_function("compare (paired differences)", |bench| {
        bench.iter(|| black_box(compare(&pa, &pb, RegionFilter::All).unwrap()))
    });
    let cmp = compare(&pa, &pb, RegionFilter::All).unwrap();
    group.bench_function("compare.csv + compare.xlsx", |bench| {
        bench.iter(|| {
            black_box(compare_csv(&cmp).unwrap());
            black_box(compare_workbook(&[], &cmp, "ALL", &labels).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, outputs);
criterion_main!(benches);
