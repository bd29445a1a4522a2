//! The backtest's CRPS estimator against independent answers: a brute-force O(n^2) sum and
//! the integral that defines the CRPS on small samples, and the normal distribution's
//! closed form on many draws.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use wfcast_core::calibrate::crps;
use wfcast_core::rng::WfRng;

/// `mean|X - y| - 0.5 mean|X - X'|` summed over every pair: O(n^2).
fn brute_force(x: &[f64], y: f64) -> f64 {
    let n = x.len() as f64;
    let to_obs: f64 = x.iter().map(|a| (a - y).abs()).sum::<f64>() / n;
    let pairs: f64 = x
        .iter()
        .map(|a| x.iter().map(|b| (a - b).abs()).sum::<f64>())
        .sum();
    to_obs - 0.5 * pairs / (n * n)
}

/// The definition: the integral of `(F(t) - 1{t >= y})^2` over t for the draws' step CDF,
/// exact piece by piece between the sorted draws and `y`.
fn integral(x: &[f64], y: f64) -> f64 {
    let mut knots: Vec<f64> = x.iter().copied().chain([y]).collect();
    knots.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    knots
        .windows(2)
        .map(|w| {
            let mid = 0.5 * (w[0] + w[1]);
            let f = x.iter().filter(|&&a| a <= mid).count() as f64 / n;
            let step = if mid >= y { 1.0 } else { 0.0 };
            (f - step).powi(2) * (w[1] - w[0])
        })
        .sum()
}

#[test]
fn crps_equals_the_pairwise_sum_and_the_defining_integral_on_small_samples() {
    let mut rng = WfRng::seed_from_u64(15);
    for case in 0..500 {
        let n = 1 + case % 40;
        // whole numbers in a small range, so ties among the draws and with y are common
        let x: Vec<f64> = (0..n)
            .map(|_| f64::from(rng.random_range(-10..10_i32)))
            .collect();
        let y = f64::from(rng.random_range(-12..12_i32)) + if case % 3 == 0 { 0.5 } else { 0.0 };
        let fast = crps(&mut x.clone(), y);
        let (slow, exact) = (brute_force(&x, y), integral(&x, y));
        assert!((fast - slow).abs() < 1e-9, "n {n}: {fast} vs {slow}");
        assert!((fast - exact).abs() < 1e-9, "n {n}: {fast} vs {exact}");
    }
    assert!(crps(&mut [], 1.0).is_nan());
}

/// erf by its Taylor series: converges everywhere and is accurate to about 1e-13 for
/// |x| <= 3, which covers the cases below.
fn erf(x: f64) -> f64 {
    let mut term = x;
    let mut sum = x;
    for k in 1..80 {
        term *= -x * x / f64::from(k);
        sum += term / f64::from(2 * k + 1);
    }
    sum * 2.0 / std::f64::consts::PI.sqrt()
}

/// The normal CDF and density.
fn phi_cdf(z: f64) -> f64 {
    0.5 * (1.0 + erf(z / std::f64::consts::SQRT_2))
}

fn phi_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// CRPS of Normal(mu, sigma) at y (Gneiting & Raftery 2007, eq. 5 with z = (y - mu)/sigma).
fn normal_crps(mu: f64, sigma: f64, y: f64) -> f64 {
    let z = (y - mu) / sigma;
    sigma * (z * (2.0 * phi_cdf(z) - 1.0) + 2.0 * phi_pdf(z) - 1.0 / std::f64::consts::PI.sqrt())
}

/// Many draws of a normal: the mean of `R` independent estimates from `n` draws each must
/// match the closed form within 4 standard errors (the replicates' sd over sqrt(R)).
/// The estimator pairs each draw with itself too, so its expectation exceeds the CRPS by
/// 0.5 E|X - X'| / n = sigma / (sqrt(pi) n), which is added to the closed form.
#[test]
fn crps_of_normal_draws_matches_the_closed_form() {
    assert!((phi_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    let (replicates, n) = (200, 1000);
    let mut rng = WfRng::seed_from_u64(2007);
    for (mu, sigma, y) in [
        (0.0, 1.0, 0.0),
        (0.0, 1.0, 2.5),
        (10.0, 2.0, 13.0),
        (-5.0, 0.5, -7.0),
        (45_000.0, 800.0, 46_059.0),
    ] {
        let estimates: Vec<f64> = (0..replicates)
            .map(|_| {
                let mut x: Vec<f64> = (0..n)
                    .map(|_| {
                        let z: f64 = StandardNormal.sample(&mut rng);
                        mu + sigma * z
                    })
                    .collect();
                crps(&mut x, y)
            })
            .collect();
        let r = f64::from(replicates);
        let mean = estimates.iter().sum::<f64>() / r;
        let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (r - 1.0)).sqrt();
        let expected =
            normal_crps(mu, sigma, y) + sigma / (std::f64::consts::PI.sqrt() * f64::from(n));
        let se = sd / r.sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "N({mu}, {sigma}) at {y}: {mean} vs {expected} (se {se})"
        );
    }
}
