//! Engine benchmarks: one draw of the national model, and a 100-draw scenario run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wfcast_core::cohort::{CohortModel, N_BASE};
use wfcast_core::draws::DrawPlan;
use wfcast_core::rng::draw_stream;
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, run_monte_carlo};

fn engine(c: &mut Criterion) {
    let baseline = Baseline::embedded().expect("shipped data loads");
    let mut scenario = load_shipped("data-driven.toml", &baseline).expect("shipped scenario loads");
    let model = CohortModel::new(&baseline);
    let plan = DrawPlan::new(&scenario, &baseline);
    let years = scenario.years();
    let mut out = vec![0.0; (years + 1) * model.n_role_regions() * N_BASE];
    let mut state = Vec::new();
    c.bench_function("one draw, 2024-2030, national model", |b| {
        let params = plan.sample(1);
        b.iter(|| {
            let mut rng = draw_stream(1, 1);
            model.run_draw(&params, years, &mut rng, &mut state, &mut out);
            black_box(&out);
        });
    });
    scenario.draws = 100;
    let mut group = c.benchmark_group("scenario");
    group.sample_size(10);
    group.bench_function("100 draws, all threads", |b| {
        b.iter(|| black_box(run_monte_carlo(&scenario, &baseline, &|| {})))
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
