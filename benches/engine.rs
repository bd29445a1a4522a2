//! Engine benchmarks: one draw of the national model, the sampling floor under it (the same
//! binomial and multinomial variates with the same generator and nothing else), a 100-draw
//! scenario run, the expected-value projection, and the summary steps (exact and running).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wfcast_core::analysis::RunningSummary;
use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::model::{CohortModel, DrawBuffers, DrawPlan};
use wfcast_core::rng::{draw_stream, trace};
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Method, run};

fn engine(c: &mut Criterion) {
    let baseline = Baseline::embedded().expect("shipped data loads");
    let mut scenario =
        load_shipped("grow-our-own.toml", &baseline).expect("shipped scenario loads");
    let model = CohortModel::new(&baseline, &scenario);
    let plan = DrawPlan::new(&scenario, &baseline);
    let mut out = vec![0.0; model.values_per_draw()];
    let mut scratch = DrawBuffers::default();
    c.bench_function("one draw, 2024-2030, national model with pipelines", |b| {
        let params = plan.sample(1);
        b.iter(|| {
            let mut rng = draw_stream(1, 1);
            model.run_draw(&params, &mut rng, &mut scratch, &mut out);
            black_box(&out);
        });
    });
    let params = plan.sample(1);
    let floor = trace::Floor::capture(&draw_stream(1, 1), |rng| {
        model.run_draw(&params, rng, &mut scratch, &mut out);
    });
    eprintln!(
        "one draw takes {} binomials, {} multinomials and {} plain uniforms over {} \
         role-region x band x age cells and {} years",
        floor.binomials(),
        floor.multinomials(),
        floor.uniforms(),
        model.n_role_regions() * wfcast_core::taxonomy::CELLS,
        model.years()
    );
    c.bench_function("sampling floor: the variates of one draw", |b| {
        b.iter(|| {
            let mut rng = draw_stream(1, 1);
            black_box(floor.replay(&mut rng));
        });
    });
    c.bench_function("expected-value projection, 2024-2030", |b| {
        b.iter(|| black_box(run(&scenario, &baseline, Method::Expected, &|| {})))
    });
    scenario.draws = 100;
    let mut group = c.benchmark_group("scenario");
    group.sample_size(10);
    group.bench_function("100 draws, all threads", |b| {
        b.iter(|| black_box(run(&scenario, &baseline, Method::MonteCarlo, &|| {})))
    });
    let projection = run(&scenario, &baseline, Method::MonteCarlo, &|| {});
    group.bench_function("summary of 100 draws", |b| {
        b.iter(|| black_box(summarise(&projection, RegionFilter::All)))
    });
    group.bench_function("running summary of 100 draws (one block)", |b| {
        b.iter(|| {
            let mut r = RunningSummary::new(&projection, RegionFilter::All);
            r.add(&projection);
            black_box(r.rows())
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
