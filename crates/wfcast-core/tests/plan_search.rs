//! The plan search against answers known without it: a lever whose effect is linear, where
//! the least-cost setting follows in closed form, and a two-lever problem whose optimum an
//! exhaustive enumeration of every package finds.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use wfcast_core::plan::{Evaluation, Judge, find};

/// Draws of the toy judges: the noise of draw d is the (d + 0.5)/N quantile of a uniform
/// on [-0.5, 0.5], so the share of draws meeting the target is known exactly.
const N: usize = 400;

/// Packages of levers whose settings add `effect[i]` each to an output with uniform noise
/// of width `noise`; the target is output >= `threshold`. Lever i's setting k costs
/// `cost[i] * k`.
struct Linear {
    effect: Vec<f64>,
    cost: Vec<f64>,
    tops: Vec<usize>,
    noise: f64,
    threshold: f64,
    need: f64,
    judged: usize,
}

impl Linear {
    fn output_mean(&self, levels: &[usize]) -> f64 {
        levels
            .iter()
            .zip(&self.effect)
            .map(|(&k, e)| k as f64 * e)
            .sum()
    }

    fn evaluation(&self, levels: &[usize]) -> Evaluation {
        let mean = self.output_mean(levels);
        let margins: Vec<f64> = (0..N)
            .map(|d| {
                let u = (d as f64 + 0.5) / N as f64 - 0.5;
                self.threshold - (mean + self.noise * u)
            })
            .collect();
        Evaluation::new(
            levels.iter().map(|&k| k as f64).collect(),
            levels
                .iter()
                .zip(&self.cost)
                .map(|(&k, c)| k as f64 * c)
                .collect(),
            &margins,
            self.need,
            None,
        )
    }
}

impl Judge for Linear {
    fn tops(&self) -> Vec<usize> {
        self.tops.clone()
    }

    fn fixed_cost(&self, levels: &[usize]) -> f64 {
        levels
            .iter()
            .zip(&self.cost)
            .map(|(&k, c)| k as f64 * c)
            .sum()
    }

    fn judge(&mut self, levels: &[usize]) -> wfcast_core::Result<Evaluation> {
        self.judged += 1;
        Ok(self.evaluation(levels))
    }
}

#[test]
fn one_linear_lever_gets_its_closed_form_setting() {
    // output = 2 k + noise of width 10, target output >= 30 in 80% of draws (sure at 95%):
    // the share meeting it at setting k is 0.5 + (2k - 30) / 10 exactly (N draws, k on
    // the grid), and the Wilson bound asks a share of at least `lower`; the least k with
    // 0.5 + (2k - 30)/10 >= share is k = ceil((30 + 10 (share - 0.5)) / 2)
    let mut toy = Linear {
        effect: vec![2.0],
        cost: vec![1.0],
        tops: vec![40],
        noise: 10.0,
        threshold: 30.0,
        need: 0.8,
        judged: 0,
    };
    let found = find(&mut toy, 0.8, 500).expect("search");
    // the least share whose one-sided 95% Wilson bound over N draws reaches 0.8
    let share = (0..=N)
        .map(|m| m as f64 / N as f64)
        .find(|&s| {
            wfcast_core::plan::wilson_lower(
                (s * N as f64).round() as u64,
                N as u64,
                wfcast_core::plan::Z_ONE_SIDED_95,
            ) >= 0.8
        })
        .expect("reachable");
    let expected = ((30.0 + 10.0 * (share - 0.5)) / 2.0).ceil() as usize;
    assert_eq!(found.levels[found.chosen], vec![expected]);
    assert!(found.candidates[found.chosen].feasible(0.8));
    assert!(
        toy.judged < 20,
        "{} packages judged: the coarse-to-fine steps should need far fewer than the 41 settings",
        toy.judged
    );
}

#[test]
fn two_levers_get_the_optimum_of_an_exhaustive_enumeration() {
    for (effect, cost) in [
        ([3.0, 1.0], [2.0, 1.0]),
        ([1.0, 3.0], [1.0, 1.0]),
        ([2.0, 2.0], [1.0, 1.5]),
    ] {
        let mut toy = Linear {
            effect: effect.to_vec(),
            cost: cost.to_vec(),
            tops: vec![12, 12],
            noise: 8.0,
            threshold: 25.0,
            need: 0.9,
            judged: 0,
        };
        let mut best: Option<(f64, Vec<usize>)> = None;
        for a in 0..=12 {
            for b in 0..=12 {
                let e = toy.evaluation(&[a, b]);
                if e.feasible(0.9) && best.as_ref().is_none_or(|(c, _)| e.cost < *c) {
                    best = Some((e.cost, vec![a, b]));
                }
            }
        }
        let (cost_best, _) = best.expect("a feasible package exists");
        let found = find(&mut toy, 0.9, 500).expect("search");
        let chosen = &found.candidates[found.chosen];
        assert!(chosen.feasible(0.9));
        assert_eq!(
            chosen.cost, cost_best,
            "effects {effect:?}, costs {cost:?}: chose {:?}",
            found.levels[found.chosen]
        );
    }
}

#[test]
fn an_unreachable_target_reports_the_most_probable_package() {
    let mut toy = Linear {
        effect: vec![1.0],
        cost: vec![1.0],
        tops: vec![10],
        noise: 4.0,
        threshold: 11.0,
        need: 0.9,
        judged: 0,
    };
    let found = find(&mut toy, 0.9, 500).expect("search");
    let chosen = &found.candidates[found.chosen];
    assert!(!chosen.feasible(0.9));
    assert_eq!(
        found.levels[found.chosen],
        vec![10],
        "the top setting is the most probable"
    );
    // output 10 + noise on [-2, 2] reaches 11 in a quarter of the draws
    assert!((chosen.probability - 0.25).abs() <= 1.0 / N as f64);
}
