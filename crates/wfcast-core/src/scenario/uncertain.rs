//! Uncertain numbers in scenario files: a fixed value, or a distribution that each draw
//! samples once ("parameter uncertainty").
//!
//! The distribution a user chose is kept apart from how it is sampled: [`Uncertain`] is the
//! choice as written (and written back to `resolved.toml` the same way); [`Uncertain::sample`]
//! turns it into a number for one draw.

use std::fmt;

use rand::Rng;
use rand_distr::{Beta, Distribution, Normal, Triangular, Uniform};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// z-value of the 90th percentile of the standard normal distribution, used to fit a normal
/// to a user's P10 and P90.
const Z90: f64 = 1.281_551_565_544_600_4;

/// An uncertain number as a planner writes it: `0.05`, `{ normal = [0.05, 0.01] }`,
/// `{ triangular = [min, mode, max] }`, `{ uniform = [lo, hi] }`, `{ beta = [a, b] }`
/// or `{ p10 = x, p90 = y }` (a normal fitted to the two quantiles).
///
/// ```
/// use wfcast_core::scenario::Uncertain;
/// let u: Uncertain = toml::from_str::<toml::Table>("x = { p10 = 0.8, p90 = 1.2 }").unwrap()["x"]
///     .clone().try_into().unwrap();
/// assert!((u.central() - 1.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Uncertain {
    /// A known value.
    Fixed(f64),
    /// Normal with mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Triangular with minimum, most likely value and maximum.
    Triangular {
        /// Smallest possible value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest possible value.
        max: f64,
    },
    /// Uniform between two bounds.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// Beta with shape parameters a and b, on [0, 1].
    Beta {
        /// First shape parameter (successes + 1 in a count-based prior).
        a: f64,
        /// Second shape parameter.
        b: f64,
    },
    /// A normal given by its 10th and 90th percentiles.
    Quantiles {
        /// 10th percentile.
        p10: f64,
        /// 90th percentile.
        p90: f64,
    },
}

impl Uncertain {
    /// The central value: the mean of the distribution. Draw 0 and the expected-value
    /// engine use it.
    pub fn central(&self) -> f64 {
        match *self {
            Self::Fixed(v) => v,
            Self::Normal { mean, .. } => mean,
            Self::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Self::Uniform { lo, hi } => 0.5 * (lo + hi),
            Self::Beta { a, b } => a / (a + b),
            Self::Quantiles { p10, p90 } => 0.5 * (p10 + p90),
        }
    }

    /// True when the value is known (no uncertainty).
    pub fn is_fixed(&self) -> bool {
        matches!(self, Self::Fixed(_))
    }

    /// Smallest and largest value the distribution can produce before clamping.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Self::Fixed(v) => (v, v),
            Self::Normal { .. } | Self::Quantiles { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Self::Triangular { min, max, .. } => (min, max),
            Self::Uniform { lo, hi } => (lo, hi),
            Self::Beta { .. } => (0.0, 1.0),
        }
    }

    /// The 10th and 90th percentiles of a normal (given by mean and sd, or by the two
    /// quantiles themselves); `None` for the other forms, whose support is bounded.
    pub fn p10_p90(&self) -> Option<(f64, f64)> {
        match *self {
            Self::Normal { mean, sd } => Some((mean - Z90 * sd, mean + Z90 * sd)),
            Self::Quantiles { p10, p90 } => Some((p10, p90)),
            _ => None,
        }
    }

    /// One draw of the number. Values outside `[lo, hi]` (possible in a normal's tails) are
    /// clamped to the nearest bound, so a probability never leaves [0, 1].
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R, lo: f64, hi: f64) -> f64 {
        let v = match *self {
            Self::Fixed(v) => v,
            Self::Normal { mean, sd } => normal(mean, sd, rng),
            Self::Quantiles { p10, p90 } => {
                normal(0.5 * (p10 + p90), (p90 - p10) / (2.0 * Z90), rng)
            }
            Self::Triangular { min, mode, max } => {
                Triangular::new(min, max, mode).map_or(mode, |d| d.sample(rng))
            }
            Self::Uniform { lo, hi } => {
                Uniform::new_inclusive(lo, hi).map_or(lo, |d| d.sample(rng))
            }
            Self::Beta { a, b } => Beta::new(a, b).map_or(a / (a + b), |d| d.sample(rng)),
        };
        v.clamp(lo, hi)
    }

    /// The value at probability `u` of the distribution (its inverse distribution
    /// function), kept within `[lo, hi]`: how an entry of a Gaussian copula is drawn, from
    /// the normal cdf of its correlated score.
    ///
    /// ```
    /// use wfcast_core::scenario::Uncertain;
    /// let u = Uncertain::Uniform { lo: 2.0, hi: 4.0 };
    /// assert_eq!(u.quantile(0.25, 0.0, 10.0), 2.5);
    /// let t = Uncertain::Triangular { min: 0.0, mode: 1.0, max: 2.0 };
    /// assert!((t.quantile(0.5, 0.0, 10.0) - 1.0).abs() < 1e-12);
    /// let n = Uncertain::Normal { mean: 1.0, sd: 2.0 };
    /// assert!((n.quantile(0.975, -9.0, 9.0) - (1.0 + 2.0 * 1.959964)).abs() < 1e-5);
    /// ```
    pub fn quantile(&self, u: f64, lo: f64, hi: f64) -> f64 {
        use statrs::distribution::{ContinuousCDF, Normal as N};
        let u = u.clamp(0.0, 1.0);
        let standard = || N::standard().inverse_cdf(u);
        let v = match *self {
            Self::Fixed(v) => v,
            Self::Normal { mean, sd } => mean + sd * standard(),
            Self::Quantiles { p10, p90 } => {
                0.5 * (p10 + p90) + (p90 - p10) / (2.0 * Z90) * standard()
            }
            Self::Uniform { lo, hi } => lo + u * (hi - lo),
            Self::Triangular { min, mode, max } => {
                let width = max - min;
                if width <= 0.0 {
                    mode
                } else if u * width < mode - min {
                    min + (u * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - mode)).sqrt()
                }
            }
            Self::Beta { a, b } => {
                statrs::distribution::Beta::new(a, b).map_or(a / (a + b), |d| d.inverse_cdf(u))
            }
        };
        v.clamp(lo, hi)
    }

    /// Checks the distribution's own parameters (sd >= 0, min <= mode <= max, ...).
    pub fn check_shape(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Self::Fixed(v) => {
                if !v.is_finite() {
                    return Err("the value must be a finite number".into());
                }
            }
            Self::Normal { mean, sd } => {
                if !finite(&[mean, sd]) || sd < 0.0 {
                    return Err("normal = [mean, sd] needs finite numbers and sd >= 0".into());
                }
            }
            Self::Triangular { min, mode, max } => {
                if !(finite(&[min, mode, max]) && min <= mode && mode <= max) {
                    return Err("triangular = [min, mode, max] needs min <= mode <= max".into());
                }
            }
            Self::Uniform { lo, hi } => {
                if !finite(&[lo, hi]) || lo > hi {
                    return Err("uniform = [lo, hi] needs lo <= hi".into());
                }
            }
            Self::Beta { a, b } => {
                if !finite(&[a, b]) || a <= 0.0 || b <= 0.0 {
                    return Err("beta = [a, b] needs a > 0 and b > 0".into());
                }
            }
            Self::Quantiles { p10, p90 } => {
                if !finite(&[p10, p90]) || p10 > p90 {
                    return Err("{ p10 = x, p90 = y } needs x <= y".into());
                }
            }
        }
        Ok(())
    }
}

fn normal<R: Rng + ?Sized>(mean: f64, sd: f64, rng: &mut R) -> f64 {
    Normal::new(mean, sd).map_or(mean, |d| d.sample(rng))
}

impl fmt::Display for Uncertain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = crate::error::number;
        match *self {
            Self::Fixed(v) => write!(f, "{}", n(v)),
            Self::Normal { mean, sd } => write!(f, "{{ normal = [{}, {}] }}", n(mean), n(sd)),
            Self::Triangular { min, mode, max } => {
                write!(
                    f,
                    "{{ triangular = [{}, {}, {}] }}",
                    n(min),
                    n(mode),
                    n(max)
                )
            }
            Self::Uniform { lo, hi } => write!(f, "{{ uniform = [{}, {}] }}", n(lo), n(hi)),
            Self::Beta { a, b } => write!(f, "{{ beta = [{}, {}] }}", n(a), n(b)),
            Self::Quantiles { p10, p90 } => {
                write!(f, "{{ p10 = {}, p90 = {} }}", n(p10), n(p90))
            }
        }
    }
}

/// The keys that introduce a distribution in a scenario file.
pub(super) const DISTRIBUTION_KEYS: [&str; 6] =
    ["normal", "triangular", "uniform", "beta", "p10", "p90"];

struct UncertainVisitor;

impl<'de> Visitor<'de> for UncertainVisitor {
    type Value = Uncertain;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a table such as { normal = [mean, sd] }, { triangular = [min, mode, max] }, { uniform = [lo, hi] }, { beta = [a, b] } or { p10 = x, p90 = y }")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Uncertain, E> {
        Ok(Uncertain::Fixed(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Uncertain, E> {
        Ok(Uncertain::Fixed(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Uncertain, E> {
        Ok(Uncertain::Fixed(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Uncertain, A::Error> {
        read_distribution(map, None)
    }
}

/// Reads a distribution table whose first key may already have been read by the caller.
pub(crate) fn read_distribution<'de, A: MapAccess<'de>>(
    mut map: A,
    first: Option<String>,
) -> Result<Uncertain, A::Error> {
    let mut p10 = None;
    let mut p90 = None;
    let mut result = None;
    let mut key = match first {
        Some(k) => Some(k),
        None => map.next_key::<String>()?,
    };
    while let Some(k) = key {
        let arity = |name: &str, n: usize, v: &[f64]| -> Result<(), A::Error> {
            if v.len() == n {
                Ok(())
            } else {
                Err(de::Error::custom(format!(
                    "`{name}` takes {n} numbers, found {}",
                    v.len()
                )))
            }
        };
        match k.as_str() {
            "p10" => p10 = Some(map.next_value::<f64>()?),
            "p90" => p90 = Some(map.next_value::<f64>()?),
            "normal" | "triangular" | "uniform" | "beta" => {
                if result.is_some() {
                    return Err(de::Error::custom("give one distribution per number"));
                }
                let v: Vec<f64> = map.next_value()?;
                result = Some(match k.as_str() {
                    "normal" => {
                        arity("normal", 2, &v)?;
                        Uncertain::Normal {
                            mean: v[0],
                            sd: v[1],
                        }
                    }
                    "triangular" => {
                        arity("triangular", 3, &v)?;
                        Uncertain::Triangular {
                            min: v[0],
                            mode: v[1],
                            max: v[2],
                        }
                    }
                    "uniform" => {
                        arity("uniform", 2, &v)?;
                        Uncertain::Uniform { lo: v[0], hi: v[1] }
                    }
                    _ => {
                        arity("beta", 2, &v)?;
                        Uncertain::Beta { a: v[0], b: v[1] }
                    }
                });
            }
            other => {
                let mut msg = format!(
                    "unknown distribution `{other}`: expected one of normal, triangular, uniform, beta, p10/p90"
                );
                if let Some(near) = crate::error::did_you_mean(other, DISTRIBUTION_KEYS) {
                    msg.push_str(&format!(" (did you mean `{near}`?)"));
                }
                return Err(de::Error::custom(msg));
            }
        }
        key = map.next_key::<String>()?;
    }
    let u = match (result, p10, p90) {
        (Some(u), None, None) => u,
        (None, Some(p10), Some(p90)) => Uncertain::Quantiles { p10, p90 },
        (None, Some(_), None) | (None, None, Some(_)) => {
            return Err(de::Error::custom(
                "give both p10 and p90, e.g. { p10 = 0.8, p90 = 1.2 }",
            ));
        }
        (None, None, None) => {
            return Err(de::Error::custom(
                "an empty table is not a number: write a value or a distribution such as { normal = [mean, sd] }",
            ));
        }
        _ => return Err(de::Error::custom("give one distribution per number")),
    };
    u.check_shape().map_err(de::Error::custom)?;
    Ok(u)
}

impl<'de> Deserialize<'de> for Uncertain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UncertainVisitor)
    }
}

impl Serialize for Uncertain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (key, values): (&str, Vec<f64>) = match *self {
            Self::Fixed(v) => return s.serialize_f64(v),
            Self::Normal { mean, sd } => ("normal", vec![mean, sd]),
            Self::Triangular { min, mode, max } => ("triangular", vec![min, mode, max]),
            Self::Uniform { lo, hi } => ("uniform", vec![lo, hi]),
            Self::Beta { a, b } => ("beta", vec![a, b]),
            Self::Quantiles { p10, p90 } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("p10", &p10)?;
                m.serialize_entry("p90", &p90)?;
                return m.end();
            }
        };
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(key, &values)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn parse(s: &str) -> Result<Uncertain, String> {
        toml::from_str::<std::collections::BTreeMap<String, Uncertain>>(&format!("x = {s}"))
            .map(|m| m["x"])
            .map_err(|e| e.to_string())
    }

    #[test]
    fn every_written_form_parses_and_round_trips() {
        for s in [
            "0.05",
            "3",
            "{ normal = [0.05, 0.01] }",
            "{ triangular = [0.0, 0.5, 2.0] }",
            "{ uniform = [1.0, 2.0] }",
            "{ beta = [2.0, 8.0] }",
            "{ p10 = 0.8, p90 = 1.2 }",
        ] {
            let u = parse(s).unwrap();
            let back = toml::to_string(&std::collections::BTreeMap::from([("x", u)])).unwrap();
            let again: std::collections::BTreeMap<String, Uncertain> =
                toml::from_str(&back).unwrap();
            assert_eq!(again["x"], u, "{s} -> {back}");
        }
    }

    #[test]
    fn bad_shapes_are_rejected_with_the_rule() {
        assert!(
            parse("{ normal = [0.05] }")
                .unwrap_err()
                .contains("takes 2 numbers")
        );
        assert!(
            parse("{ triangular = [1, 0, 2] }")
                .unwrap_err()
                .contains("min <= mode <= max")
        );
        assert!(parse("{ beta = [0, 1] }").unwrap_err().contains("a > 0"));
        assert!(
            parse("{ p10 = 1 }")
                .unwrap_err()
                .contains("both p10 and p90")
        );
        assert!(
            parse("{ normall = [1, 2] }")
                .unwrap_err()
                .contains("did you mean `normal`")
        );
        assert!(parse("\"high\"").is_err());
    }

    #[test]
    fn central_values_are_the_distribution_means() {
        assert_eq!(
            Uncertain::Triangular {
                min: 0.0,
                mode: 3.0,
                max: 6.0
            }
            .central(),
            3.0
        );
        assert_eq!(Uncertain::Beta { a: 2.0, b: 6.0 }.central(), 0.25);
        assert_eq!(Uncertain::Uniform { lo: 1.0, hi: 2.0 }.central(), 1.5);
    }

    /// The sample mean and the fitted quantiles agree with the closed forms within a few
    /// standard errors (n = 40,000, so the standard error of a mean is sd / 200).
    #[test]
    fn samples_match_closed_form_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 40_000;
        let cases = [
            (
                Uncertain::Triangular {
                    min: 0.0,
                    mode: 1.0,
                    max: 5.0,
                },
                2.0,
                ((25.0 + 1.0 - 5.0) / 18.0_f64).sqrt(),
            ),
            (
                Uncertain::Beta { a: 2.0, b: 6.0 },
                0.25,
                (12.0 / (64.0 * 9.0_f64)).sqrt(),
            ),
            (Uncertain::Quantiles { p10: 0.8, p90: 1.2 }, 1.0, 0.2 / Z90),
        ];
        for (u, mean, sd) in cases {
            let xs: Vec<f64> = (0..n)
                .map(|_| u.sample(&mut rng, f64::MIN, f64::MAX))
                .collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            assert!(
                (m - mean).abs() < 4.0 * sd / (n as f64).sqrt(),
                "{u}: mean {m} vs {mean}"
            );
        }
        let u = Uncertain::Quantiles { p10: 0.8, p90: 1.2 };
        let below = (0..n)
            .filter(|_| u.sample(&mut rng, f64::MIN, f64::MAX) < 0.8)
            .count() as f64
            / n as f64;
        // binomial standard error of a 10% share at n = 40,000 is 0.0015
        assert!(
            (below - 0.1).abs() < 4.0 * 0.0015,
            "share below p10 = {below}"
        );
    }

    #[test]
    fn samples_are_clamped_to_the_valid_range() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let u = Uncertain::Normal {
            mean: 0.95,
            sd: 0.2,
        };
        assert!((0..1000).all(|_| (0.0..=1.0).contains(&u.sample(&mut rng, 0.0, 1.0))));
    }
}
