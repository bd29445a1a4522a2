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
//! every projected year. Leaving is the exception: the engine varies it year by year with a
//! national shock on the log scale, which is what `tau` measures, so the fragment writes
//! `leaving.year_sd = tau` and the multiplier's entries span the estimate's own interval.

mod backtest;
mod fit;
mod output;
mod synthetic;

use crate::error::{Error, Location, Result};
use crate::input::{Baseline, History};
use crate::taxonomy::{N_AGES, N_BANDS};

pub use backtest::{
    Backtest, Comparison as BacktestPoint, Coverage, HorizonRow, LEVELS as BACKTEST_LEVELS,
    METRICS as BACKTEST_METRICS, Naive, Rolling, backtest, backtest_scenario, crps, skill,
    start_baseline,
};
pub use fit::t_quantile;
pub use synthetic::{TrueParams, YearEffects, simulate};

use fit::{fit_growth, fit_rates};

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
            let role = rr / baseline.n_places();
            let (band, age) = ((c / N_AGES) % N_BANDS, c % N_AGES);
            let r = &baseline.roles[role];
            let n = f64::from(start.headcount);
            let p_leave = baseline.leaver_probability(role, band, age);
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
        for rr in 0..baseline.n_role_regions() {
            let role = rr / baseline.n_places();
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

impl ParamFit {
    /// Every entry as the fragment, the summary and `estimates.csv` write it: `all` (the
    /// national estimate), then `role.<id>` for each role with its own estimate.
    pub fn entries(&self) -> impl Iterator<Item = (String, &Estimate)> + Clone {
        std::iter::once(("all".to_owned(), &self.national))
            .chain(self.roles.iter().map(|(r, e)| (format!("role.{r}"), e)))
    }
}
