//! Random streams. Every draw, and every uncertain parameter within a draw, has its own
//! Xoshiro256++ stream derived from the master seed, so results do not depend on the
//! number of threads, and two scenarios that share a parameter draw the same value for it
//! in the same draw (common random numbers for `compare`).

use rand::{Rng, SeedableRng};
use rand_distr::{Binomial, Distribution};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The pinned generator. Xoshiro256++ has a documented, portable output stream, unlike
/// `StdRng`, whose algorithm may change between `rand` releases.
pub type WfRng = Xoshiro256PlusPlus;

/// SplitMix64's finaliser: a bijective mix that spreads nearby seeds far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, written out because the standard library's hasher is not guaranteed to give
/// the same value across Rust releases, and these values name random streams.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The process-noise stream of draw `draw` (flows: leavers, moves, hires).
pub fn draw_stream(seed: u64, draw: u64) -> WfRng {
    WfRng::seed_from_u64(mix(mix(seed) ^ draw))
}

/// The stream a named uncertain parameter is drawn from in draw `draw`.
pub fn param_stream(seed: u64, draw: u64, name: &str) -> WfRng {
    WfRng::seed_from_u64(mix(mix(mix(seed) ^ draw) ^ fnv1a(name)))
}

/// The seed of the sensitivity analysis's bootstrap: fixed, so the same draws always give
/// the same standard errors and intervals.
const RESAMPLE_SEED: u64 = 0x5E45_1715_B007_5742;

/// The stream bootstrap resample `resample` of the sensitivity analysis draws from.
pub fn resample_stream(resample: u64) -> WfRng {
    WfRng::seed_from_u64(mix(mix(RESAMPLE_SEED) ^ resample))
}

/// A uniform index in `0..n` from one `u64` (multiply and shift): the same on every
/// platform and `rand` release. Its bias is below `n / 2^64`.
pub fn index_below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// Below this many trials a binomial is drawn person by person: one `u64` compared with a
/// threshold each, which measured faster than constructing a `Binomial` (DESIGN.md: 57 ns
/// at n = 40 against about 1.3 ns a person; 40 ran faster than 16 or 64 on the default job).
pub(crate) const SMALL_N: u64 = 40;

/// Number of successes in `n` trials of probability `p`: how many of `n` people in a cell
/// leave, retire, are promoted, age or are hired.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = wfcast_core::rng::WfRng::seed_from_u64(1);
/// assert_eq!(wfcast_core::rng::binomial(&mut rng, 10, 0.0), 0);
/// assert_eq!(wfcast_core::rng::binomial(&mut rng, 10, 1.0), 10);
/// assert!(wfcast_core::rng::binomial(&mut rng, 10, 0.5) <= 10);
/// ```
pub fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    #[cfg(feature = "sampling-trace")]
    trace::record(trace::Call::Binomial { n, p });
    sample_binomial(rng, n, p)
}

fn sample_binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n < SMALL_N {
        let threshold = probability_threshold(p);
        return (0..n).filter(|_| rng.next_u64() < threshold).count() as u64;
    }
    Binomial::new(n, p).map_or(0, |b| b.sample(rng))
}

/// The `u64` below which a uniform draw counts as a success of probability `p`.
fn probability_threshold(p: f64) -> u64 {
    // 2^64 as f64 is exact; p < 1 here so the product fits in u64.
    (p * 18_446_744_073_709_551_616.0) as u64
}

/// A uniform integer in `0..n` (`n > 0`): which of `n` people is chosen. Lemire's
/// multiply-shift without the rejection step, because its bias (at most n / 2^64) is far
/// below anything a projection can show, and it costs one `u64`.
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// Splits `n` people among categories with probabilities `probs` (summing to 1; the last
/// takes whatever the others leave): a multinomial draw, person by person for small `n`,
/// else by sequential conditional binomials, written into `out`.
pub fn multinomial<R: Rng + ?Sized>(rng: &mut R, n: u64, probs: &[f64], out: &mut [u64]) {
    #[cfg(feature = "sampling-trace")]
    trace::record(trace::Call::Multinomial {
        n,
        probs: probs.to_vec(),
    });
    multinomial_untraced(rng, n, probs, out);
}

fn multinomial_untraced<R: Rng + ?Sized>(rng: &mut R, n: u64, probs: &[f64], out: &mut [u64]) {
    if probs.is_empty() {
        return;
    }
    if n < SMALL_N {
        // person by person: one u64 each, placed by the cumulative probabilities, instead
        // of one conditional binomial per category (each drawing up to n numbers)
        let out = &mut out[..probs.len()];
        out.fill(0);
        let last = probs.len() - 1;
        for _ in 0..n {
            let u = (rng.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0);
            let mut acc = 0.0;
            let mut k = 0;
            while k < last {
                acc += probs[k];
                if u < acc {
                    break;
                }
                k += 1;
            }
            out[k] += 1;
        }
        return;
    }
    let mut left = n;
    let mut mass = 1.0;
    for (i, (&p, slot)) in probs.iter().zip(out.iter_mut()).enumerate() {
        if left == 0 || i + 1 == probs.len() {
            *slot = left;
            left = 0;
            continue;
        }
        let k = if mass > 0.0 {
            sample_binomial(rng, left, (p / mass).min(1.0))
        } else {
            0
        };
        *slot = k;
        left -= k;
        mass -= p;
    }
}

/// The sampling floor: a record of every binomial and multinomial variate a draw asks for,
/// so a benchmark can replay exactly those variates with the same generator and nothing
/// else. Compiled only with the `sampling-trace` feature (the benchmarks enable it).
#[cfg(feature = "sampling-trace")]
pub mod trace {
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicBool, Ordering};

    use rand::Rng;

    /// One variate a draw asked for.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Call {
        /// A binomial of `n` trials with probability `p`.
        Binomial {
            /// Trials.
            n: u64,
            /// Probability of each.
            p: f64,
        },
        /// A multinomial split of `n` people among categories.
        Multinomial {
            /// People.
            n: u64,
            /// Category probabilities.
            probs: Vec<f64>,
        },
    }

    // a relaxed flag keeps the cost when not tracing to one load per variate
    static ON: AtomicBool = AtomicBool::new(false);
    thread_local! {
        static CALLS: RefCell<Vec<Call>> = const { RefCell::new(Vec::new()) };
    }

    pub(crate) fn record(call: Call) {
        if ON.load(Ordering::Relaxed) {
            CALLS.with(|c| c.borrow_mut().push(call));
        }
    }

    /// Records, on this thread, every binomial and multinomial `work` asks for.
    fn capture(work: impl FnOnce()) -> Vec<Call> {
        CALLS.with(|c| c.borrow_mut().clear());
        ON.store(true, Ordering::Relaxed);
        work();
        ON.store(false, Ordering::Relaxed);
        CALLS.with(|c| std::mem::take(&mut *c.borrow_mut()))
    }

    /// Draws the variates of `calls` again with `rng`; returns their total.
    fn replay_calls<R: Rng>(calls: &[Call], rng: &mut R) -> u64 {
        let widest = calls.iter().map(|c| match c {
            Call::Multinomial { probs, .. } => probs.len(),
            Call::Binomial { .. } => 1,
        });
        let mut out = vec![0; widest.max().unwrap_or(1)];
        let mut total = 0;
        for call in calls {
            total += match call {
                Call::Binomial { n, p } => super::sample_binomial(rng, *n, *p),
                Call::Multinomial { n, probs } => {
                    super::multinomial_untraced(rng, *n, probs, &mut out);
                    out[0]
                }
            };
        }
        total
    }

    /// A generator that counts the `u64`s taken from it.
    #[derive(Debug, Clone)]
    pub struct Counting<R> {
        inner: R,
        /// `u64`s taken so far.
        pub count: u64,
    }

    impl<R: Rng> rand::TryRng for Counting<R> {
        type Error = std::convert::Infallible;

        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            self.count += 1;
            Ok(self.inner.next_u32())
        }

        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.count += 1;
            Ok(self.inner.next_u64())
        }

        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            self.count += dst.len().div_ceil(8) as u64;
            self.inner.fill_bytes(dst);
            Ok(())
        }
    }

    /// The random variates one draw consumes: its binomials and multinomials, plus the
    /// plain uniforms it takes directly (people drawn one by one, hires placed, staff
    /// picked for a course), counted as the generator's output not spent on the former.
    #[derive(Debug, Clone)]
    pub struct Floor {
        calls: Vec<Call>,
        uniforms: u64,
    }

    impl Floor {
        /// Records what `draw` takes from a generator starting as `rng`.
        pub fn capture<R: Rng + Clone>(rng: &R, draw: impl FnOnce(&mut Counting<R>)) -> Self {
            let mut counting = Counting {
                inner: rng.clone(),
                count: 0,
            };
            let calls = capture(|| draw(&mut counting));
            let mut again = Counting {
                inner: rng.clone(),
                count: 0,
            };
            replay_calls(&calls, &mut again);
            Self {
                calls,
                uniforms: counting.count.saturating_sub(again.count),
            }
        }

        /// Binomial variates.
        pub fn binomials(&self) -> usize {
            self.calls
                .iter()
                .filter(|c| matches!(c, Call::Binomial { .. }))
                .count()
        }

        /// Multinomial variates.
        pub fn multinomials(&self) -> usize {
            self.calls.len() - self.binomials()
        }

        /// Plain uniforms.
        pub fn uniforms(&self) -> u64 {
            self.uniforms
        }

        /// Draws the same variates again with `rng` and nothing else; returns a number
        /// made from them all, so none can be optimised away.
        pub fn replay<R: Rng>(&self, rng: &mut R) -> u64 {
            let mut acc = replay_calls(&self.calls, rng);
            for _ in 0..self.uniforms {
                acc ^= rng.next_u64();
            }
            acc
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Value stability: pins the first numbers of the streams, so an accidental change in
    /// seeding or in the generator is caught. Change deliberately, with the reason in the commit.
    #[test]
    fn streams_are_pinned() {
        let mut r = draw_stream(20_300_101, 0);
        let mut p = param_stream(20_300_101, 3, "demand.growth.all");
        let got = [r.next_u64(), r.next_u64(), p.next_u64()];
        assert_eq!(
            got,
            [
                0xc5b0_82e3_009e_c72e,
                0x1f0e_f223_f181_558a,
                0x1e85_0cc8_491f_0303
            ],
            "{got:#x?}"
        );
    }

    #[test]
    fn streams_differ_by_draw_and_name() {
        assert_ne!(draw_stream(1, 0).next_u64(), draw_stream(1, 1).next_u64());
        assert_ne!(
            param_stream(1, 0, "a").next_u64(),
            param_stream(1, 0, "b").next_u64()
        );
        assert_ne!(draw_stream(1, 0).next_u64(), draw_stream(2, 0).next_u64());
    }

    /// Mean and variance of small-n and large-n binomials against n p and n p (1 - p),
    /// within 4 standard errors of each.
    #[test]
    fn binomial_moments_match_closed_form() {
        let mut rng = draw_stream(99, 0);
        for &(n, p) in &[(3u64, 0.1), (9, 0.5), (15, 0.93), (40, 0.2), (1000, 0.07)] {
            let reps = 20_000;
            let xs: Vec<f64> = (0..reps).map(|_| binomial(&mut rng, n, p) as f64).collect();
            let mean = xs.iter().sum::<f64>() / reps as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps - 1) as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (mean - m).abs() < 4.0 * (v / reps as f64).sqrt(),
                "n={n} p={p} mean {mean} vs {m}"
            );
            // the sample variance has standard error about v * sqrt(2 / reps) for near-normal data
            assert!(
                (var - v).abs() < 4.0 * v * (2.0 / reps as f64).sqrt() + 0.05 * v,
                "n={n} p={p} var {var} vs {v}"
            );
        }
    }

    /// Each category's count is Binomial(n, p): mean n p within 4 standard errors, for a
    /// small n (person by person) and a large one (conditional binomials).
    #[test]
    fn multinomial_counts_have_binomial_means() {
        let mut rng = draw_stream(7, 7);
        let probs = [0.05, 0.0, 0.25, 0.7];
        for n in [9u64, 200] {
            let reps = 20_000;
            let mut sums = [0.0; 4];
            let mut out = [0u64; 4];
            for _ in 0..reps {
                multinomial(&mut rng, n, &probs, &mut out);
                sums.iter_mut().zip(out).for_each(|(s, k)| *s += k as f64);
            }
            for (s, p) in sums.iter().zip(probs) {
                let (mean, m) = (s / reps as f64, n as f64 * p);
                let se = (n as f64 * p * (1.0 - p) / reps as f64).sqrt();
                assert!((mean - m).abs() <= 4.0 * se, "n={n} p={p}: {mean} vs {m}");
            }
        }
    }

    #[test]
    fn multinomial_conserves_people() {
        let mut rng = draw_stream(5, 5);
        let mut out = [0u64; 4];
        for n in [0u64, 1, 7, 100, 5000] {
            multinomial(&mut rng, n, &[0.1, 0.2, 0.3, 0.4], &mut out);
            assert_eq!(out.iter().sum::<u64>(), n);
        }
    }
}
