//! An input's effect on an output in the output's own units, estimated from the draws a
//! run already made (docs/model.md, section 6):
//! - the **swing**: how far the output's mean moves when the input goes from its P10 to its
//!   P90, `b x (x90 - x10)`, with `b` the least-squares slope of the output on the input
//!   and `x10`, `x90` the input's sample quantiles (exact for a linear effect, whatever the
//!   input's distribution);
//! - the **variance share**: the first-order (Sobol) index `Var(E[Y|X]) / Var(Y)`, from the
//!   draws sorted by the input into `K` equal-count bins, with the small-sample bias
//!   correction of omega squared: `(SSB - (K-1) MSW) / (SST + MSW)`.
//!
//! The swing's standard error and the share's 95% interval come from [`RESAMPLES`]
//! bootstrap resamples of the draws (each statistic recomputed, quantiles and bins
//! included), drawn from fixed portable streams ([`resample_stream`]): the same draws give
//! the same numbers on any number of threads. The share's interval is the resampled
//! shares' 2.5% and 97.5% quantiles, moved by the amount their mean exceeds the sample's
//! share: a resample's own noise between bins adds to the sample's, so the resampled
//! shares sit about `(K-1)/n` too high (the uncorrected share's place), which would put a
//! useless input's interval above 0.

use rayon::prelude::*;

use crate::rng::{index_below, resample_stream};

/// Bootstrap resamples behind each swing's standard error and each share's interval.
pub const RESAMPLES: u64 = 200;

/// The standard normal quantile of 0.975: a two-sided 95% interval is `±Z95` standard errors.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The effect of one input on one output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// Output mean at the input's P90 less at its P10, in the output's units.
    pub swing: f64,
    /// The swing's bootstrap standard error.
    pub swing_se: f64,
    /// The first-order variance share, bias-corrected (so a little below 0 for an input
    /// that does nothing, in some samples).
    pub share: f64,
    /// The lower end of the share's 95% bootstrap percentile interval.
    pub share_lo: f64,
    /// The upper end of the share's 95% bootstrap percentile interval.
    pub share_hi: f64,
}

impl Effect {
    /// Whether the effect cannot be told from noise, among the effects of `inputs` inputs
    /// on the same output: neither the swing nor the share is away from 0 by more than
    /// `z_m` standard errors, where `z_m` (see [`noise_z`]) holds the chance that any input
    /// of the `inputs` that does nothing looks like an effect to 5% (Bonferroni over the two
    /// tests of each input). The share's standard error is its 95% bootstrap interval's
    /// width over `2 Z95`. Either test passing is an effect: the swing sees a trend, the
    /// share also an effect that goes up and down.
    pub fn within_noise(&self, inputs: usize) -> bool {
        let z = noise_z(inputs);
        let trend = self.swing.abs() > z * self.swing_se;
        let share_se = (self.share_hi - self.share_lo) / (2.0 * Z95);
        let share = self.share - z * share_se > 0.0;
        !trend && !share
    }
}

/// The normal quantile an effect must clear among `inputs` inputs so that, if none does
/// anything, the chance that any is shown as an effect is at most 5%: `Phi^-1(1 - 0.05 /
/// (4 m))` (two-sided, two tests per input, Bonferroni).
///
/// ```
/// use wfcast_core::analysis::noise_z;
/// assert!((noise_z(1) - 2.2414).abs() < 1e-3);
/// assert!(noise_z(36) > 3.3 && noise_z(36) < 3.5);
/// ```
pub fn noise_z(inputs: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    let m = inputs.max(1) as f64;
    Normal::standard().inverse_cdf(1.0 - 0.05 / (4.0 * m))
}

/// The number of equal-count bins the variance share sorts `n` draws into: `floor(sqrt n)`
/// between 2 and 20 (at least about 50 draws a bin from 1,000 draws; a linear effect of a
/// uniform input loses `1/K²` of its share to the bins, 0.25% at 20).
pub fn bins(n: usize) -> usize {
    (n as f64).sqrt().floor().clamp(2.0, 20.0) as usize
}

/// One input's draws, centred, in increasing order, with the draw each came from.
struct Sorted {
    order: Vec<usize>,
    x: Vec<f64>,
}

impl Sorted {
    fn new(x: &[f64]) -> Self {
        let mean = x.iter().sum::<f64>() / x.len() as f64;
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
        let x = order.iter().map(|&i| x[i] - mean).collect();
        Self { order, x }
    }
}

/// Type-7 quantile positions of `p` among `n` sorted values: the two neighbours and the
/// weight of the upper one.
fn position(n: usize, p: f64) -> (usize, usize, f64) {
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    (lo, (lo + 1).min(n - 1), h - lo as f64)
}

/// The swing and the variance share of `input` on each of `ys` (centred, by draw) when
/// draw `d` is counted `counts[d]` times (a bootstrap resample; all ones for the sample).
fn estimate(input: &Sorted, ys: &[Vec<f64>], counts: &[u32], k: usize) -> Vec<(f64, f64)> {
    let n = counts.iter().map(|&c| c as usize).sum::<usize>();
    let m = ys.len();
    let (a10, b10, w10) = position(n, 0.1);
    let (a90, b90, w90) = position(n, 0.9);
    let wanted = [a10, b10, a90, b90];
    let mut at = [0.0; 4];
    let (mut sx, mut sxx) = (0.0, 0.0);
    let mut sy = vec![0.0; m];
    let mut sxy = vec![0.0; m];
    let mut syy = vec![0.0; m];
    let mut bin_n = vec![0.0; k];
    let mut bin_y = vec![0.0; k * m];
    let mut pos = 0;
    for (&d, &x) in input.order.iter().zip(&input.x) {
        let c = counts[d] as usize;
        if c == 0 {
            continue;
        }
        for (slot, &w) in at.iter_mut().zip(&wanted) {
            if (pos..pos + c).contains(&w) {
                *slot = x;
            }
        }
        let cf = c as f64;
        sx += cf * x;
        sxx += cf * x * x;
        for (o, y) in ys.iter().enumerate() {
            let y = y[d];
            sy[o] += cf * y;
            sxy[o] += cf * x * y;
            syy[o] += cf * y * y;
        }
        for copy in pos..pos + c {
            let bin = copy * k / n;
            bin_n[bin] += 1.0;
            for (o, y) in ys.iter().enumerate() {
                bin_y[bin * m + o] += y[d];
            }
        }
        pos += c;
    }
    let nf = n as f64;
    let q = |a: f64, b: f64, w: f64| a + w * (b - a);
    let range = q(at[2], at[3], w90) - q(at[0], at[1], w10);
    let sxx_c = sxx - sx * sx / nf;
    (0..m)
        .map(|o| {
            let swing = if sxx_c > 0.0 {
                (sxy[o] - sx * sy[o] / nf) / sxx_c * range
            } else {
                f64::NAN
            };
            let sst = syy[o] - sy[o] * sy[o] / nf;
            let ssb = (0..k)
                .filter(|&b| bin_n[b] > 0.0)
                .map(|b| bin_y[b * m + o].powi(2) / bin_n[b])
                .sum::<f64>()
                - sy[o] * sy[o] / nf;
            // an input that does not vary has no bins to speak of
            let share = if sst > 0.0 && sxx_c > 0.0 && n > k {
                let msw = (sst - ssb).max(0.0) / (n - k) as f64;
                (ssb - (k - 1) as f64 * msw) / (sst + msw)
            } else {
                f64::NAN
            };
            (swing, share)
        })
        .collect()
}

/// Type-7 quantile `p` of `v`, sorted; NaN when empty.
fn quantile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let (a, b, w) = position(v.len(), p);
    v[a] + w * (v[b] - v[a])
}

/// The effect of each input on each output: `inputs[j]` holds input `j`'s value in every
/// draw and `outputs[o]` output `o`'s, in the same draw order (at least 2 draws). The
/// result is indexed `[j][o]`.
///
/// ```
/// use wfcast_core::analysis::effects;
/// // y = 3 x over 101 evenly spread x in [0, 1]: P90 - P10 of x is 0.8, so the swing is 2.4
/// let x: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
/// let y: Vec<f64> = x.iter().map(|x| 3.0 * x).collect();
/// let e = effects(&[x], &[y]);
/// assert!((e[0][0].swing - 2.4).abs() < 1e-9);
/// assert!(e[0][0].share > 0.98 && !e[0][0].within_noise(1));
/// ```
pub fn effects(inputs: &[Vec<f64>], outputs: &[Vec<f64>]) -> Vec<Vec<Effect>> {
    let n = outputs.first().map_or(0, Vec::len);
    let centred: Vec<Vec<f64>> = outputs
        .iter()
        .map(|y| {
            let mean = y.iter().sum::<f64>() / n as f64;
            y.iter().map(|v| v - mean).collect()
        })
        .collect();
    let sorted: Vec<Sorted> = inputs.iter().map(|x| Sorted::new(x)).collect();
    let k = bins(n);
    let ones = vec![1; n];
    let point: Vec<Vec<(f64, f64)>> = sorted
        .iter()
        .map(|s| estimate(s, &centred, &ones, k))
        .collect();
    // every resample's estimates, resample by resample in order
    let resampled: Vec<Vec<Vec<(f64, f64)>>> = (0..RESAMPLES)
        .into_par_iter()
        .map(|b| {
            let mut rng = resample_stream(b);
            let mut counts = vec![0u32; n];
            for _ in 0..n {
                counts[index_below(&mut rng, n)] += 1;
            }
            sorted
                .iter()
                .map(|s| estimate(s, &centred, &counts, k))
                .collect()
        })
        .collect();
    point
        .iter()
        .enumerate()
        .map(|(j, per_output)| {
            per_output
                .iter()
                .enumerate()
                .map(|(o, &(swing, share))| {
                    let swings: Vec<f64> = resampled.iter().map(|r| r[j][o].0).collect();
                    let mut shares: Vec<f64> = resampled.iter().map(|r| r[j][o].1).collect();
                    let mean = swings.iter().sum::<f64>() / swings.len() as f64;
                    let var = swings.iter().map(|s| (s - mean).powi(2)).sum::<f64>()
                        / (swings.len() as f64 - 1.0);
                    let (share_lo, share_hi) = if shares.iter().all(|s| s.is_finite()) {
                        // centred on the estimate: see the module's documentation
                        let excess = shares.iter().sum::<f64>() / shares.len() as f64 - share;
                        shares.sort_by(f64::total_cmp);
                        (
                            quantile(&shares, 0.025) - excess,
                            quantile(&shares, 0.975) - excess,
                        )
                    } else {
                        (f64::NAN, f64::NAN)
                    };
                    Effect {
                        swing,
                        swing_se: var.sqrt(),
                        share,
                        share_lo,
                        share_hi,
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's own estimate against the textbook one-way ANOVA sums on the same bins.
    #[test]
    fn the_share_is_omega_squared_of_the_bins() {
        let n = 30;
        let x: Vec<f64> = (0..n).map(|i| ((i * 7) % n) as f64).collect();
        let y: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, x)| x + ((i * 11) % 5) as f64)
            .collect();
        let k = bins(n); // 5 bins of 6 draws, in increasing x
        assert_eq!(k, 5);
        let mean = y.iter().sum::<f64>() / n as f64;
        let mut by_x: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
        by_x.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut ssb, mut ssw) = (0.0, 0.0);
        for bin in by_x.chunks(n / k) {
            let m = bin.iter().map(|p| p.1).sum::<f64>() / bin.len() as f64;
            ssb += bin.len() as f64 * (m - mean).powi(2);
            ssw += bin.iter().map(|p| (p.1 - m).powi(2)).sum::<f64>();
        }
        let msw = ssw / (n - k) as f64;
        let expected = (ssb - (k - 1) as f64 * msw) / (ssb + ssw + msw);
        let e = effects(&[x], &[y])[0][0];
        assert!(
            (e.share - expected).abs() < 1e-12,
            "{} vs {expected}",
            e.share
        );
        assert!(e.share_lo <= e.share && e.share <= e.share_hi, "{e:?}");
    }

    #[test]
    fn an_input_that_does_not_vary_has_no_swing_or_share() {
        let e = effects(&[vec![1.0; 10]], &[(0..10).map(f64::from).collect()])[0][0];
        assert!(
            e.swing.is_nan() && e.share.is_nan() && e.within_noise(1),
            "{e:?}"
        );
    }
}
