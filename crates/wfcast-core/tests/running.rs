//! Runs made block by block, in shards, or folded into running summaries give what one
//! whole run gives.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wfcast_core::analysis::RunningSummary;
use wfcast_core::analysis::drivers;
use wfcast_core::analysis::{RegionFilter, summarise};
use wfcast_core::run::run_monte_carlo;
use wfcast_core::run::{DrawSet, Runner};
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Projection, Scenario};

fn shipped(draws: u64) -> (Scenario, Baseline) {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("data-driven.toml", &b).unwrap();
    s.draws = draws;
    (s, b)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// A draw's index, record and sampled parameters.
type Draw = (u64, Vec<f64>, Vec<f64>);

/// Shard k of n holds draws k, k + n, ...: interleaving the shards' records gives the whole
/// run's records to the bit, whatever the block size.
#[test]
fn shards_interleave_into_the_whole_run() {
    let (s, b) = shipped(23);
    let whole = run_monte_carlo(&s, &b, &|| {});
    let runner = Runner::new(&s, &b);
    let n = 3;
    let mut shards: Vec<Vec<Draw>> = Vec::new();
    for k in 0..n {
        let mut draws = Vec::new();
        runner
            .in_blocks(DrawSet::shard(s.draws, k, n), 4, &|| {}, |idx, block| {
                let (per, np) = (block.per_draw(), block.parameter_names.len());
                for (i, &d) in idx.iter().enumerate() {
                    draws.push((
                        d,
                        block.records[i * per..(i + 1) * per].to_vec(),
                        block.sampled[i * np..(i + 1) * np].to_vec(),
                    ));
                }
                Ok::<(), ()>(())
            })
            .unwrap();
        assert_eq!(draws.len() as u64, DrawSet::shard(s.draws, k, n).len());
        shards.push(draws);
    }
    let np = whole.parameter_names.len();
    for d in 0..s.draws {
        let (idx, record, sampled) = &shards[(d % n) as usize][(d / n) as usize];
        assert_eq!(*idx, d);
        assert!(record == whole.draw(d as usize), "draw {d} differs");
        assert!(*sampled == whole.sampled[d as usize * np..(d as usize + 1) * np]);
    }
}

/// The running summary of `whole`, folded in blocks of `block` draws on `threads` threads.
fn running(whole: &Projection, block: usize, threads: usize) -> RunningSummary {
    let mut summary = RunningSummary::new(whole, RegionFilter::All);
    let (per, np) = (whole.per_draw(), whole.parameter_names.len());
    pool(threads).install(|| {
        for first in (0..whole.draws as usize).step_by(block) {
            let last = (first + block).min(whole.draws as usize);
            let mut part = whole.clone();
            part.draws = (last - first) as u64;
            part.records = whole.records[first * per..last * per].to_vec();
            part.sampled = whole.sampled[first * np..last * np].to_vec();
            summary.add(&part);
        }
    });
    summary
}

/// Running summaries against the exact ones on the same 600 draws: the same rows in the same
/// order, the same means to the bit, the same standard deviations to rounding, and
/// quantiles within 1% of rank of the exact order statistics (the t-digest's accuracy at
/// this size is about 0.1%; the Monte Carlo error of a P10 over 600 draws is 1.2% of rank).
#[test]
fn running_summaries_match_the_exact_ones() {
    let (s, b) = shipped(600);
    let whole = run_monte_carlo(&s, &b, &|| {});
    let summary = running(&whole, 97, 2);
    assert_eq!(summary.draws(), 600);
    let exact = summarise(&whole, RegionFilter::All);
    let streamed = summary.rows();
    assert_eq!(exact.len(), streamed.len());
    let cols = wfcast_core::analysis::groups(
        whole.years.len(),
        whole.roles.len(),
        RegionFilter::All,
        &whole.geography,
    );
    assert!(!cols.is_empty());
    let mut checked = 0;
    for (e, r) in exact.iter().zip(&streamed) {
        assert_eq!(
            (e.year, &e.role, &e.region, &e.metric),
            (r.year, &r.role, &r.region, &r.metric)
        );
        assert_eq!(e.stats.mean.to_bits(), r.stats.mean.to_bits(), "{e:?}");
        // two-pass and block-wise deviations differ by rounding, which for a constant
        // series is the rounding of its mean (about 1e-16 of it per draw)
        assert!(
            (e.stats.sd - r.stats.sd).abs() <= 1e-9 * e.stats.sd + 1e-12 * e.stats.mean.abs(),
            "{e:?} vs {r:?}"
        );
        // the exact values behind the row, to place the estimates among them
        if e.role == "ALL" && e.region == "ALL" {
            let g = cols
                .iter()
                .find(|g| whole.years[g.year] == e.year && g.role.is_none() && g.place == 0)
                .unwrap();
            let mut values = wfcast_core::analysis::columns(&whole, *g)
                .into_iter()
                .find(|c| c.metric == e.metric)
                .unwrap()
                .values;
            values.sort_by(f64::total_cmp);
            let n = values.len() as f64;
            for (q, est) in wfcast_core::analysis::QUANTILES.iter().zip(r.stats.q) {
                let lo = values[((q - 0.01) * (n - 1.0)).floor() as usize];
                let hi = values[((q + 0.01) * (n - 1.0)).ceil() as usize];
                // counts take whole values and a t-digest interpolates between them, so an
                // estimate may sit anywhere up to the neighbouring values actually drawn
                let below = values
                    .iter()
                    .rev()
                    .find(|&&v| v < lo)
                    .copied()
                    .unwrap_or(lo);
                let above = values.iter().find(|&&v| v > hi).copied().unwrap_or(hi);
                assert!(
                    (below..=above).contains(&est),
                    "{} {} q{q}: {est} outside [{below}, {above}]",
                    e.year,
                    e.metric
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert_eq!(summary.drivers(&b), drivers(&whole, RegionFilter::All, &b));
}

/// Running summaries fold each series in draw order, so the thread count cannot change them.
#[test]
fn running_summaries_do_not_depend_on_threads() {
    let (s, b) = shipped(120);
    let whole = run_monte_carlo(&s, &b, &|| {});
    let (one, two) = (running(&whole, 50, 1), running(&whole, 50, 2));
    assert_eq!(one.rows(), two.rows());
}
