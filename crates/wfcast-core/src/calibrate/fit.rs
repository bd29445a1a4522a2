//! The estimators behind [`calibrate`](super::calibrate): rates as observed over expected
//! events with year effects, growth from establishment, and their intervals (Student t on
//! the log scale).

use super::{Counts, Estimate, MIN_ESTABLISHMENT, MIN_EXPECTED, ParamFit, Shape, Z90, Z95};
use crate::input::History;
use crate::taxonomy::CELLS;

/// Quantile of Student's t with `nu` degrees of freedom at the normal quantile `z`
/// (here the 90th or 95th percentile). Written out because only these two quantiles are
/// needed and no kept statistics crate is among the dependencies: exact for one and two
/// degrees of freedom, otherwise the Cornish-Fisher expansion of Abramowitz & Stegun
/// 26.7.5 (within 1% from nu = 2, exact as nu grows).
pub fn t_quantile(z: f64, nu: f64) -> f64 {
    if !nu.is_finite() {
        return z;
    }
    // p from z for the two percentiles used; other z fall back to the expansion
    let p = if (z - Z90).abs() < 1e-9 {
        0.9
    } else if (z - Z95).abs() < 1e-9 {
        0.95
    } else {
        f64::NAN
    };
    if nu < 1.5 && p.is_finite() {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if (nu - 2.0).abs() < 1e-9 && p.is_finite() {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    let nu = nu.max(2.0);
    let (z2, z3) = (z * z, z * z * z);
    let (z5, z7) = (z3 * z2, z3 * z2 * z2);
    z + (z3 + z) / (4.0 * nu)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * nu * nu)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * nu.powi(3))
}

/// A log-normal interval around `value` with log-variance `v`, `nu` degrees of freedom.
fn interval(value: f64, v: f64, nu: f64, z: f64) -> (f64, f64) {
    let half = t_quantile(z, nu) * v.sqrt();
    (value * (-half).exp(), value * half.exp())
}

/// National and per-role estimates of one rate from per-year counts.
pub(super) fn fit_rates(
    path: &'static str,
    source: &'static str,
    shape: Shape,
    default: &'static str,
    counts: &Counts,
    ids: &[String],
    per_role: bool,
) -> ParamFit {
    let proportion = shape == Shape::Probability;
    let years = counts.len();
    let national_by_year: Vec<(f64, f64)> = counts
        .iter()
        .map(|y| y.iter().fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1)))
        .collect();
    let count_var = |o: f64, e: f64| {
        if proportion {
            let p = ((o + 0.5) / (e + 1.0)).min(1.0);
            (1.0 - p) / (o + 0.5)
        } else {
            1.0 / (o + 0.5)
        }
    };
    // year-to-year variance of the national log-rate beyond counting noise
    let usable: Vec<&(f64, f64)> = national_by_year.iter().filter(|(_, e)| *e > 0.0).collect();
    let tau2 = if usable.len() >= 2 {
        let logs: Vec<f64> = usable
            .iter()
            .map(|(o, e)| ((o + 0.5) / if proportion { e + 1.0 } else { *e }).ln())
            .collect();
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        let s2 = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (logs.len() - 1) as f64;
        let noise =
            usable.iter().map(|(o, e)| count_var(*o, *e)).sum::<f64>() / usable.len() as f64;
        (s2 - noise).max(0.0)
    } else {
        0.0
    };
    let df_tau = (usable.len().max(2) - 1) as f64;
    let estimate = |by_year: &[(f64, f64)]| -> Estimate {
        let (o, e): (f64, f64) = by_year
            .iter()
            .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        let value = if proportion {
            (o + 0.5) / (e + 1.0)
        } else {
            (o + 0.5) / e.max(f64::MIN_POSITIVE)
        };
        let weights: f64 = by_year
            .iter()
            .map(|(_, ey)| (ey / e.max(f64::MIN_POSITIVE)).powi(2))
            .sum();
        let (vc, vt) = (count_var(o, e), tau2 * weights);
        let nu = |v: f64, vt: f64| {
            if vt > 0.0 {
                v * v * df_tau / (vt * vt)
            } else {
                f64::INFINITY
            }
        };
        let v = vc + vt;
        let vp = v + tau2;
        let cap = |(lo, hi): (f64, f64)| {
            if proportion {
                (lo, hi.min(1.0))
            } else {
                (lo, hi)
            }
        };
        Estimate {
            value,
            p80: cap(interval(value, v, nu(v, vt), Z90)),
            p90: cap(interval(value, v, nu(v, vt), Z95)),
            predictive80: cap(interval(value, vp, nu(vp, vt + tau2), Z90)),
            observed: o,
            exposure: e,
        }
    };
    let national = estimate(&national_by_year);
    let mut roles = Vec::new();
    let mut pooled = Vec::new();
    for (r, id) in ids.iter().enumerate() {
        let by_year: Vec<(f64, f64)> = counts.iter().map(|y| y[r]).collect();
        let exposure: f64 = by_year.iter().map(|b| b.1).sum();
        let expected = if proportion {
            exposure * national.value
        } else {
            exposure
        };
        if per_role && expected >= MIN_EXPECTED && years > 0 {
            roles.push((id.clone(), estimate(&by_year)));
        } else if per_role {
            pooled.push(id.clone());
        }
    }
    ParamFit {
        path,
        source,
        shape,
        default,
        national,
        roles,
        pooled,
        year_sd: tau2.sqrt(),
    }
}

/// Demand growth per role from the establishment (WTE + vacancies) year on year.
pub(super) fn fit_growth(history: &History, fit_until: i32, ids: &[String]) -> ParamFit {
    let n_roles = ids.len();
    let establishment: Vec<Vec<f64>> = history
        .years
        .iter()
        .filter(|y| y.year <= fit_until)
        .map(|y| {
            let mut by_role = vec![0.0; n_roles];
            for (c, cy) in y.cells.iter().enumerate() {
                by_role[c / (CELLS * history.places.len())] += cy.fte + cy.vacancies_wte;
            }
            by_role
        })
        .collect();
    let fit = |series: &[f64]| -> Option<Estimate> {
        let logs: Vec<f64> = series
            .windows(2)
            .filter(|w| w[0] > 0.0 && w[1] > 0.0)
            .map(|w| (w[1] / w[0]).ln())
            .collect();
        let n = logs.len();
        if n < 2 {
            return None;
        }
        let mean = logs.iter().sum::<f64>() / n as f64;
        let sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        let nu = (n - 1) as f64;
        let se = sd / (n as f64).sqrt();
        let growth = |x: f64| x.exp_m1();
        let around = |half: f64| (growth(mean - half), growth(mean + half));
        Some(Estimate {
            value: growth(mean),
            p80: around(t_quantile(Z90, nu) * se),
            p90: around(t_quantile(Z95, nu) * se),
            predictive80: around(t_quantile(Z90, nu) * sd * (1.0 + 1.0 / n as f64).sqrt()),
            observed: n as f64,
            exposure: 0.0,
        })
    };
    let national_series: Vec<f64> = establishment.iter().map(|y| y.iter().sum()).collect();
    let national_logs: Vec<f64> = national_series
        .windows(2)
        .map(|w| (w[1] / w[0]).ln())
        .collect();
    let national = fit(&national_series).unwrap_or(Estimate {
        value: 0.0,
        p80: (0.0, 0.0),
        p90: (0.0, 0.0),
        predictive80: (0.0, 0.0),
        observed: 0.0,
        exposure: 0.0,
    });
    let mut roles = Vec::new();
    let mut pooled = Vec::new();
    for (r, id) in ids.iter().enumerate() {
        let series: Vec<f64> = establishment.iter().map(|y| y[r]).collect();
        match fit(&series) {
            Some(e) if series.last().is_some_and(|&w| w >= MIN_ESTABLISHMENT) => {
                roles.push((id.clone(), e));
            }
            _ => pooled.push(id.clone()),
        }
    }
    let m = national_logs.iter().sum::<f64>() / national_logs.len().max(1) as f64;
    let year_sd = if national_logs.len() > 1 {
        (national_logs.iter().map(|l| (l - m).powi(2)).sum::<f64>()
            / (national_logs.len() - 1) as f64)
            .sqrt()
    } else {
        0.0
    };
    ParamFit {
        path: "demand.growth",
        source: "the annual log-growth of the establishment (staff FTE + vacancies at the year end)",
        shape: Shape::Growth,
        default: "0.02 (scenarios/base.toml)",
        national,
        roles,
        pooled,
        year_sd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::Counts;

    /// Student t quantiles against tables (R: qt(c(.9, .95), df)).
    #[test]
    fn t_quantiles_match_tables() {
        let cases = [
            (1.0, 3.077_684, 6.313_752),
            (2.0, 1.885_618, 2.919_986),
            (4.0, 1.533_206, 2.131_847),
            (10.0, 1.372_184, 1.812_461),
            (30.0, 1.310_415, 1.697_261),
        ];
        for (nu, t90, t95) in cases {
            assert!(
                (t_quantile(Z90, nu) - t90).abs() / t90 < 0.01,
                "nu {nu}: {}",
                t_quantile(Z90, nu)
            );
            assert!(
                (t_quantile(Z95, nu) - t95).abs() / t95 < 0.01,
                "nu {nu}: {}",
                t_quantile(Z95, nu)
            );
        }
        assert_eq!(t_quantile(Z90, f64::INFINITY), Z90);
    }

    /// A worked example: 3 years of 100 expected and 120 observed each, no year variation
    /// beyond counting: the multiplier is 360.5 / 300 and tau is 0.
    #[test]
    fn multiplier_is_the_jeffreys_mean_of_observed_over_expected() {
        let counts: Counts = vec![vec![(120.0, 100.0)]; 3];
        let p = fit_rates(
            "leaving.multiplier",
            "",
            Shape::Multiplier,
            "",
            &counts,
            &["a".into()],
            true,
        );
        assert!((p.national.value - 360.5 / 300.0).abs() < 1e-12);
        assert_eq!(p.year_sd, 0.0);
        let half = (p.national.p80.1 / p.national.value).ln();
        assert!((half - Z90 / 360.5f64.sqrt()).abs() < 1e-9, "{half}");
        assert_eq!(p.roles.len(), 1);
    }
}
