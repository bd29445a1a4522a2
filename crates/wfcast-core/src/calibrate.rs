//! Calibration: the model's rates estimated from a workforce [`History`], each with its
//! uncertainty, written as a scenario fragment (`calibrated.toml`) of uncertain numbers.
//!
//! Method (indirect standardisation with a random year effect):
//! - For leaving, retirement and promotion, the observed count O of a role over the fitted
//!   years is compared with the count E expected under the data's rate tables
//!   (`roles.csv` x `bands.csv` x `ages.csv`) applied to the start-of-year stock of each
//!   cell. The multiplier is `(O + 0.5) / E`, the mean of the Jeffreys posterior
//!   Gamma(O + 0.5, E). Domestic fill, international fill and return are proportions
//!   (hires out of open posts, recruits from abroad out of posts still open, returners out
//!   of last year's leavers), estimated as the Jeffreys Beta(O + 0.5, N - O + 0.5) mean.
//! - Counts alone understate the uncertainty, because whole years run high or low
//!   together (a tight labour market, a pay award). The year-to-year variance of the
//!   national log-rate beyond what counting explains, `tau^2`, is estimated from the fitted
//!   years and added to each estimate's log-variance (weighted by how its exposure spreads
//!   over the years). Intervals use a Student t with Welch-Satterthwaite degrees of freedom,
//!   since `tau^2` comes from a handful of years.
//! - Pooling: a role gets its own entry when its expected count over the fitted years is
//!   at least [`MIN_EXPECTED`]; a sparser role takes the national value (the `all` entry).
//! - Demand growth: per role, the mean annual log-growth of the establishment (staff WTE +
//!   vacancies) with a t interval from the years' spread; roles under [`MIN_ESTABLISHMENT`]
//!   WTE take the national value.
//!
//! The fragment gives each entry a predictive spread: the estimate's uncertainty plus one
//! year's variation, because the engine draws a parameter once per draw and holds it for
//! every projected year.

use std::fmt::Write as _;

use crate::baseline::Baseline;
use crate::error::{Error, Location, Result};
use crate::history::History;
use crate::taxonomy::{N_AGES, N_BANDS, N_REGIONS};

/// Pooling rule: a role gets its own rate when at least this many events were expected
/// over the fitted years (the relative standard error from counting is then at most about
/// 18%); otherwise it takes the national rate.
pub const MIN_EXPECTED: f64 = 30.0;

/// A role gets its own demand growth when its establishment in the last fitted year is at
/// least this many WTE; otherwise it takes the national growth.
pub const MIN_ESTABLISHMENT: f64 = 100.0;

/// z for the 90th and 95th percentiles of the standard normal.
const Z90: f64 = 1.281_551_565_544_600_4;
const Z95: f64 = 1.644_853_626_951_472_2;

/// One estimated number with its intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Point estimate (posterior mean for rates, mean growth for growth).
    pub value: f64,
    /// 80% interval (P10, P90) of the long-run value.
    pub p80: (f64, f64),
    /// 90% interval (P05, P95) of the long-run value.
    pub p90: (f64, f64),
    /// 80% interval of one future year's value (estimate uncertainty + year variation): the
    /// spread written to `calibrated.toml`.
    pub predictive80: (f64, f64),
    /// Events observed over the fitted years (for growth: years of growth observed).
    pub observed: f64,
    /// Expected events under the data's rates, or trials for a proportion (growth: 0).
    pub exposure: f64,
}

/// How a parameter's estimate is written to the fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A multiplier on the data's rates: `{ p10 = .., p90 = .. }`.
    Multiplier,
    /// A probability: `{ beta = [a, b] }` with the predictive mean and spread.
    Probability,
    /// An annual growth rate: `{ p10 = .., p90 = .. }`.
    Growth,
}

/// The estimates of one scenario parameter: national and per role.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamFit {
    /// Where it goes in a scenario file, e.g. `leaving.multiplier`.
    pub path: &'static str,
    /// What was counted, in words, for the comments and the summary.
    pub source: &'static str,
    /// How it is written.
    pub shape: Shape,
    /// What scenarios assume when not calibrated (the data's value), for the summary.
    pub default: &'static str,
    /// The national estimate (the `all` entry).
    pub national: Estimate,
    /// Per role id, for roles with enough data; the others take the national value.
    pub roles: Vec<(String, Estimate)>,
    /// Roles pooled into the national value.
    pub pooled: Vec<String>,
    /// Estimated year-to-year standard deviation (log scale for rates, growth units for growth).
    pub year_sd: f64,
}

/// Everything estimated from a history.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The history file.
    pub file: String,
    /// First and last year whose flows were used (the stock of the year before the first
    /// is the first exposure).
    pub fit_years: (i32, i32),
    /// The parameters, in the order written.
    pub params: Vec<ParamFit>,
}

/// Per fitted year and role: observed count and exposure.
type Counts = Vec<Vec<(f64, f64)>>;

/// Estimates every rate from the years of `history` up to `fit_until`, on `baseline`'s rate
/// tables. At least two years of flows (three years of history) are needed to see how much
/// years differ.
pub fn calibrate(history: &History, baseline: &Baseline, fit_until: i32) -> Result<Calibration> {
    let (first, last) = history.span();
    if fit_until < first + 2 || fit_until > last {
        return Err(Error::input(
            Location::file(&history.file),
            format!(
                "cannot fit up to {fit_until}: the history covers {first} to {last}, and a fit needs the stock of one year and the flows of at least two more"
            ),
        )
        .with_help(format!(
            "give a history of at least three years and fit up to a year from {} to {last}",
            first + 2
        )));
    }
    let n_roles = baseline.roles.len();
    let fitted: Vec<usize> = (1..history.years.len())
        .filter(|&i| history.years[i].year <= fit_until)
        .collect();
    let mut leave: Counts = Vec::new();
    let mut retire: Counts = Vec::new();
    let mut promote: Counts = Vec::new();
    let mut fill: Counts = Vec::new();
    let mut abroad: Counts = Vec::new();
    let mut back: Counts = Vec::new();
    for &i in &fitted {
        let (prev, now) = (&history.years[i - 1], &history.years[i]);
        let mut y = [(); 6].map(|_| vec![(0.0, 0.0); n_roles]);
        for (c, (start, cy)) in prev.cells.iter().zip(&now.cells).enumerate() {
            let rr = c / (N_BANDS * N_AGES);
            let role = rr / N_REGIONS;
            let (band, age) = ((c / N_AGES) % N_BANDS, c % N_AGES);
            let r = &baseline.roles[role];
            let n = f64::from(start.headcount);
            let p_leave = r.leaver_rate
                * baseline.band_leaver_multiplier[band]
                * baseline.age_leaver_multiplier[age];
            y[0][role].0 += f64::from(cy.leavers);
            y[0][role].1 += n * p_leave;
            y[1][role].0 += f64::from(cy.retirements);
            y[1][role].1 += n * baseline.retirement_rate[age];
            if band + 1 < N_BANDS {
                let stayed = (n - f64::from(cy.leavers) - f64::from(cy.retirements)).max(0.0);
                y[2][role].0 += f64::from(cy.promotions_out);
                y[2][role].1 +=
                    stayed * baseline.band_promotion_rate[band] * r.promotion_multiplier;
            }
        }
        for rr in 0..n_roles * N_REGIONS {
            let role = rr / N_REGIONS;
            let cells = rr * N_BANDS * N_AGES..(rr + 1) * N_BANDS * N_AGES;
            let (mut dom, mut intl, mut ret, mut vac, mut joined_wte) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for c in cells.clone() {
                let cy = &now.cells[c];
                dom += f64::from(cy.joiners_domestic);
                intl += f64::from(cy.joiners_international);
                ret += f64::from(cy.joiners_returners);
                vac += cy.vacancies_wte;
                let ratio = if cy.headcount > 0 {
                    cy.fte / f64::from(cy.headcount)
                } else {
                    baseline.roles[role].fte_ratio
                };
                joined_wte += f64::from(cy.joiners_domestic + cy.joiners_international) * ratio;
            }
            // open posts when recruiting = what was filled + what was still vacant at the
            // year end, in heads at the role's FTE ratio, as the model counts them
            let posts = ((vac + joined_wte) / baseline.roles[role].fte_ratio)
                .round()
                .max(dom + intl);
            let last_leavers: f64 = prev.cells[cells].iter().map(|c| f64::from(c.leavers)).sum();
            y[3][role].0 += dom;
            y[3][role].1 += posts;
            y[4][role].0 += intl;
            y[4][role].1 += posts - dom;
            y[5][role].0 += ret;
            y[5][role].1 += last_leavers;
        }
        let [l, r, p, f, a, b] = y;
        leave.push(l);
        retire.push(r);
        promote.push(p);
        fill.push(f);
        abroad.push(a);
        back.push(b);
    }
    let fit_years = (history.years[fitted[0]].year, fit_until);
    let ids: Vec<String> = baseline.roles.iter().map(|r| r.id.clone()).collect();
    let params = vec![
        fit_rates(
            "leaving.multiplier",
            "leavers (not retirements) against those expected from the start-of-year stock at the data's leaver rates",
            Shape::Multiplier,
            "1 (the data's rates)",
            &leave,
            &ids,
            true,
        ),
        fit_rates(
            "retirement.multiplier",
            "retirements against those expected from the start-of-year stock at the data's retirement rates by age",
            Shape::Multiplier,
            "1 (the data's rates)",
            &retire,
            &ids,
            true,
        ),
        fit_rates(
            "promotion.multiplier",
            "promotions out of a band against those expected among staff who stayed, at the data's promotion rates",
            Shape::Multiplier,
            "1 (the data's rates)",
            &promote,
            &ids,
            true,
        ),
        fit_rates(
            "recruitment.fill_rate",
            "domestic joiners out of open posts (joiners from outside + vacancies at the year end)",
            Shape::Probability,
            "0.68 (scenarios/base.toml)",
            &fill,
            &ids,
            true,
        ),
        fit_rates(
            "recruitment.international_fill",
            "international joiners out of the posts still open after domestic hiring",
            Shape::Probability,
            "0.05 (scenarios/base.toml)",
            &abroad,
            &ids,
            false,
        ),
        fit_rates(
            "recruitment.return_rate",
            "returners out of the previous year's leavers",
            Shape::Probability,
            "0.03 (scenarios/base.toml)",
            &back,
            &ids,
            false,
        ),
        fit_growth(history, fit_until, &ids),
    ];
    Ok(Calibration {
        file: history.file.display().to_string(),
        fit_years,
        params,
    })
}

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
fn fit_rates(
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
fn fit_growth(history: &History, fit_until: i32, ids: &[String]) -> ParamFit {
    let n_roles = ids.len();
    let establishment: Vec<Vec<f64>> = history
        .years
        .iter()
        .filter(|y| y.year <= fit_until)
        .map(|y| {
            let mut by_role = vec![0.0; n_roles];
            for (c, cy) in y.cells.iter().enumerate() {
                by_role[c / (N_BANDS * N_AGES * N_REGIONS)] += cy.fte + cy.vacancies_wte;
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

/// Up to 4 decimals, without trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

impl Estimate {
    /// The entry as an uncertain number in scenario-file syntax.
    fn toml(&self, shape: Shape) -> String {
        let (lo, hi) = self.predictive80;
        match shape {
            Shape::Multiplier | Shape::Growth => {
                format!("{{ p10 = {}, p90 = {} }}", num(lo), num(hi))
            }
            Shape::Probability => {
                // Beta with the estimate as mean and the predictive interval's spread
                let mean = self.value.clamp(1e-4, 1.0 - 1e-4);
                let sd = ((hi - lo) / (2.0 * Z90)).max(1e-4);
                let n = (mean * (1.0 - mean) / (sd * sd) - 1.0).max(2.0);
                format!(
                    "{{ beta = [{}, {}] }}",
                    num((mean * n).max(0.01)),
                    num(((1.0 - mean) * n).max(0.01))
                )
            }
        }
    }
}

impl Calibration {
    /// The scenario fragment: the estimates as uncertain numbers, with comments saying what
    /// each was estimated from. It has no `[scenario]` table, so a scenario that `extends`
    /// it keeps its own name, years, draws and seed.
    pub fn fragment(&self) -> String {
        let (a, b) = self.fit_years;
        let mut out = format!(
            "# Calibrated by `wfcast calibrate` from {} (flows of {a} to {b}).\n\
             # A scenario fragment: extend it (`extends = \"calibrated.toml\"`) and add your own\n\
             # [scenario] table, pipelines and policies. Each number is an uncertain number whose\n\
             # P10-P90 covers the estimate's uncertainty plus one year's variation.\n\
             # Roles without their own entry take `all` (pooled: fewer than {MIN_EXPECTED} expected\n\
             # events over the fitted years, or under {MIN_ESTABLISHMENT} WTE for growth).\n",
            self.file
        );
        let mut section = "";
        for p in &self.params {
            let (table, key) = p.path.split_once('.').unwrap_or((p.path, ""));
            if table != section {
                let _ = write!(out, "\n[{table}]\n");
                section = table;
                if table == "demand" {
                    out.push_str("# Growth is measured net of automation, so none is added.\nautomation = 0.0\n");
                }
            }
            let _ = writeln!(
                out,
                "# {key}: {}.\n# National: {} observed over {} {}; year-to-year sd {}.",
                p.source,
                num(p.national.observed),
                num(p.national.exposure),
                match p.shape {
                    Shape::Multiplier => "expected",
                    Shape::Probability => "trials",
                    Shape::Growth => "(years)",
                },
                num(p.year_sd)
            );
            if !p.pooled.is_empty() {
                let _ = writeln!(out, "# Pooled into `all`: {}.", p.pooled.join(", "));
            }
            let _ = writeln!(out, "[{table}.{key}]");
            let _ = writeln!(out, "all = {}", p.national.toml(p.shape));
            for (role, e) in &p.roles {
                let _ = writeln!(out, "role.{role} = {}", e.toml(p.shape));
            }
        }
        out.push_str(
            "\n[labour_market]\n\
             # The fill rates above were observed per role, so they already hold each role's\n\
             # pull from market pay: no elasticity is applied on top.\n\
             fill_elasticity = 0.0\n",
        );
        out
    }

    /// A plain-text summary: every estimate with its 80% and 90% intervals next to what
    /// scenarios assume without calibration.
    pub fn summary(&self) -> String {
        let (a, b) = self.fit_years;
        let mut out = format!("Calibrated from {} (flows of {a} to {b})\n", self.file);
        for p in &self.params {
            let _ = write!(
                out,
                "\n{} (default {}; year-to-year sd {})\n  {:<30} {:>9} {:>21} {:>21} {:>10} {:>11}\n",
                p.path,
                p.default,
                num(p.year_sd),
                "entry",
                "estimate",
                "80% interval",
                "90% interval",
                "observed",
                match p.shape {
                    Shape::Multiplier => "expected",
                    Shape::Probability => "trials",
                    Shape::Growth => "",
                }
            );
            let rows = std::iter::once(("all".to_owned(), &p.national))
                .chain(p.roles.iter().map(|(r, e)| (format!("role.{r}"), e)));
            for (key, e) in rows {
                let _ = writeln!(
                    out,
                    "  {key:<30} {:>9} {:>21} {:>21} {:>10} {:>11}",
                    num(e.value),
                    format!("{} - {}", num(e.p80.0), num(e.p80.1)),
                    format!("{} - {}", num(e.p90.0), num(e.p90.1)),
                    num(e.observed),
                    if p.shape == Shape::Growth {
                        String::new()
                    } else {
                        num(e.exposure)
                    },
                );
            }
            if !p.pooled.is_empty() {
                let _ = writeln!(out, "  pooled into all: {}", p.pooled.join(", "));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
