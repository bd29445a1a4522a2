//! What a [`Calibration`] writes: the scenario fragment (`calibrated.toml`), the summary
//! printed to the console, and the estimates as a table (`estimates.csv`).

use std::fmt::Write as _;

use super::{Calibration, Estimate, MIN_ESTABLISHMENT, MIN_EXPECTED, Shape, Z90};
use crate::scenario::RULES;
use crate::spreadsheet::safe_text;

/// Up to 4 decimals, without trailing zeros; a number too large for that to be short
/// (the interval of an estimate the history says nothing about) with an exponent.
fn num(x: f64) -> String {
    if x.abs() >= 1e15 {
        return crate::error::number(x);
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The valid range and default of the scenario parameter at `path`. Every number written
/// to the fragment keeps to the range: `validate` refuses anything outside it.
fn rule_of(path: &str) -> Bound {
    let yearly = year_sd_key(path).is_some();
    RULES.iter().find(|r| r.path == path).map_or(
        Bound {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            default: 0.0,
            yearly,
        },
        |r| Bound {
            lo: r.lo,
            hi: r.hi,
            default: r.default,
            yearly,
        },
    )
}

/// The key, in the parameter's own table, of the engine's yearly shock that carries its
/// year-to-year variation, for the parameters whose shock is what the estimator measures:
/// leaving's national effect a year on the log scale (`leaving.year_sd`). Growth and the
/// fill rates keep their year variation in each draw's level: the engine's growth shocks
/// are national and per role while the estimate's spread is per role, and with the
/// fragment's fixed share filled (`matching = 0`) the matching shock moves nothing.
fn year_sd_key(path: &str) -> Option<&'static str> {
    (path == "leaving.multiplier").then_some("year_sd")
}

/// What a fragment's entry must keep to.
#[derive(Debug, Clone, Copy)]
struct Bound {
    lo: f64,
    hi: f64,
    /// Written when the history cannot estimate the parameter at all.
    default: f64,
    /// True when the year-to-year variation is written as the engine's yearly shock
    /// ([`year_sd_key`]): the entry then spans the estimate's own interval, not one
    /// year's (which would count the year variation twice).
    yearly: bool,
}

impl Estimate {
    /// How the fragment's number for this estimate had to be changed to be valid: `None`
    /// when it is as estimated.
    fn adjusted(&self, b: Bound) -> Option<&'static str> {
        let (lo, hi) = self.spread(b);
        let inside = |x: f64| (b.lo..=b.hi).contains(&x);
        if !inside(self.value) {
            Some(
                "not estimable from this history (no events expected, or an estimate outside the valid range), so the default",
            )
        } else if !inside(lo) || !inside(hi) {
            Some("its interval is cut to the valid range")
        } else {
            None
        }
    }

    /// The 80% interval an entry spans: one future year's (the predictive interval), or
    /// the estimate's own where the year variation is a yearly shock of its own.
    fn spread(&self, b: Bound) -> (f64, f64) {
        if b.yearly {
            self.p80
        } else {
            self.predictive80
        }
    }

    /// The P10 and P90 the fragment's entry spans for a multiplier or a growth rate: the
    /// interval of [`Estimate::spread`] kept within `b`'s range, or the default (as both) when the
    /// history cannot estimate it. For a probability, the predictive interval the
    /// fragment's Beta is fitted to.
    fn written(&self, shape: Shape, b: Bound) -> (f64, f64) {
        let (lo, hi) = self.spread(b);
        match shape {
            _ if self.is_default(shape, b) => (b.default, b.default),
            Shape::Multiplier | Shape::Growth => (lo.max(b.lo), hi.min(b.hi)),
            Shape::Probability => (lo, hi),
        }
    }

    /// True when the fragment writes the parameter's default instead: a multiplier or
    /// growth rate estimated outside its valid range (or not at all).
    fn is_default(&self, shape: Shape, b: Bound) -> bool {
        shape != Shape::Probability && !(b.lo..=b.hi).contains(&self.value)
    }

    /// The entry as an uncertain number in scenario-file syntax, kept within `b`'s range.
    fn toml(&self, shape: Shape, b: Bound) -> String {
        let (lo, hi) = self.written(shape, b);
        match shape {
            _ if self.is_default(shape, b) => num(b.default),
            Shape::Multiplier | Shape::Growth => {
                // P10 and P90 must lie in the range for the fragment to validate
                format!("{{ p10 = {}, p90 = {} }}", num(lo), num(hi))
            }
            Shape::Probability => {
                // Beta with the estimate as mean and the predictive interval's spread
                let mean = if self.value.is_nan() {
                    0.5
                } else {
                    self.value.clamp(1e-4, 1.0 - 1e-4)
                };
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
             # P10-P90 covers the estimate's uncertainty plus one year's variation, except where\n\
             # a yearly shock carries the year variation (leaving.year_sd).\n\
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
                if table == "leaving" {
                    out.push_str(
                        "# Leavers were counted against the start-of-year stock, so the multiplier\n\
                         # already holds the joiners who leave within the year: none leave on top.\n\
                         joiner_exposure = 0.0\n",
                    );
                }
                if let Some(key) = year_sd_key(p.path) {
                    let _ = writeln!(
                        out,
                        "# Years run high or low together: each projected year, leaving moves by a\n\
                         # fresh national shock of sd `{key}` on the log scale, so the entries below\n\
                         # span the estimates' own uncertainty, not one year's."
                    );
                    // a history too short or too erratic can estimate a spread the engine
                    // does not take: it is cut to the valid range, and said so
                    let b = rule_of(&format!("{table}.{key}"));
                    let sd = if p.year_sd.is_finite() {
                        p.year_sd
                    } else {
                        0.0
                    };
                    let kept = sd.clamp(b.lo, b.hi);
                    if kept != sd {
                        let _ = writeln!(out, "# (estimated {}, cut to the valid range)", num(sd));
                    }
                    let _ = writeln!(out, "{key} = {}", num(kept));
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
            let bound = rule_of(p.path);
            let entries = p.entries();
            if p.shape != Shape::Probability {
                for (k, why) in entries
                    .clone()
                    .filter_map(|(k, e)| Some((k, e.adjusted(bound)?)))
                {
                    let _ = writeln!(out, "# {k}: {why}.");
                }
            }
            let _ = writeln!(out, "[{table}.{key}]");
            for (k, e) in entries {
                let _ = writeln!(out, "{k} = {}", e.toml(p.shape, bound));
            }
        }
        out.push_str(
            "\n[labour_market]\n\
             # The fill rates above were observed per role, so they already hold each role's\n\
             # pull from market pay: no elasticity is applied on top.\n\
             fill_elasticity = 0.0\n\
             # The shares filled are the history's own, observed at the posts it had; they\n\
             # are kept whatever the posts (a fixed share). Estimating how the share falls\n\
             # as posts outgrow the pool needs years of posts varying against the pool.\n\
             matching = 0.0\n",
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
            for (key, e) in p.entries() {
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

    /// `estimates.csv`: one row per parameter entry as the fragment writes it (`parameter`
    /// is its path, `entry` is `all` or `role.<id>`), with the numbers the summary prints:
    /// `kind` (multiplier, probability or growth), `estimate`, the 80% and 90% intervals of
    /// the long-run value (`lo80, hi80, lo90, hi90`), the P10 and P90 of one future year
    /// the fragment's number spans (`predictive_p10, predictive_p90`), the `observed`
    /// events (for growth, years of growth) and the `exposure` they rest on (expected
    /// events for a multiplier, trials for a probability, empty for growth), the
    /// parameter's `year_sd`, and `fragment`: whether the fragment writes the estimate, cuts
    /// its interval to the valid range or writes the default.
    pub fn estimates_csv(&self) -> String {
        let mut out = String::from(
            "parameter,entry,kind,estimate,lo80,hi80,lo90,hi90,predictive_p10,predictive_p90,observed,exposure,exposure_kind,year_sd,fragment\n",
        );
        for p in &self.params {
            let bound = rule_of(p.path);
            let (kind, exposure_kind) = match p.shape {
                Shape::Multiplier => ("multiplier", "expected events"),
                Shape::Probability => ("probability", "trials"),
                Shape::Growth => ("growth", ""),
            };
            for (entry, e) in p.entries() {
                let (lo, hi) = e.written(p.shape, bound);
                let fragment = match e.adjusted(bound) {
                    None => "estimate",
                    Some(_) if e.is_default(p.shape, bound) => "default (not estimable)",
                    Some(_) => "interval cut to the valid range",
                };
                let _ = writeln!(
                    out,
                    "{},{},{kind},{},{},{},{},{},{},{},{},{},{exposure_kind},{},{fragment}",
                    safe_text(p.path),
                    safe_text(&entry),
                    num(e.value),
                    num(e.p80.0),
                    num(e.p80.1),
                    num(e.p90.0),
                    num(e.p90.1),
                    num(lo),
                    num(hi),
                    num(e.observed),
                    if p.shape == Shape::Growth {
                        String::new()
                    } else {
                        num(e.exposure)
                    },
                    num(p.year_sd),
                );
            }
        }
        out
    }
}
