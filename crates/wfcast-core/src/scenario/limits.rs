//! The valid range of every number a scenario file gives outside the parameter table
//! ([`crate::scenario::RULES`] holds those): one table, read by the checks that report a
//! value out of range and by the sampling that keeps a drawn value inside it.

use std::ops::RangeInclusive;

/// A closed range of valid values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// Smallest valid value.
    pub lo: f64,
    /// Largest valid value.
    pub hi: f64,
}

/// Trainees starting a supply route each year, nationally.
pub const INTAKE: Limit = Limit { lo: 0.0, hi: 1e6 };
/// Upskilling course places started each year, nationally.
pub const PLACES: Limit = Limit { lo: 0.0, hi: 1e5 };
/// Shares and probabilities: completion, retention, role move rates, extra international fill.
pub const SHARE: Limit = Limit { lo: 0.0, hi: 1.0 };
/// WTE a demand programme adds (negative removes posts).
pub const PROGRAMME_WTE: Limit = Limit { lo: -1e6, hi: 1e6 };
/// Role and region weights of a route's mix.
pub const WEIGHT: Limit = Limit { lo: 0.0, hi: 1e6 };
/// A recruitment and retention premium, in percent of basic pay.
pub const PREMIUM_PERCENT: Limit = Limit { lo: 0.0, hi: 100.0 };
/// A retention initiative's multiplier on leaving rates.
pub const RETENTION_MULTIPLIER: Limit = Limit { lo: 0.0, hi: 10.0 };
/// A policy change's multiplier on a route's intake.
pub const INTAKE_MULTIPLIER: Limit = Limit { lo: 0.0, hi: 100.0 };

/// The most trainees (or course places) a route may start in a year once its
/// `policy.intake` multipliers apply: ten times the most one intake may be, far above any
/// real route, and small enough that no count of the model (32-bit) can overflow in the
/// 50 years a projection may run.
pub const MAX_ROUTE_INTAKE: f64 = 1e7;

/// Years a supply route's training lasts.
pub const COURSE_YEARS: RangeInclusive<i64> = 1..=10;
/// Years an upskilling course lasts.
pub const UPSKILL_YEARS: RangeInclusive<i64> = 1..=5;
/// Bands an upskilling completer may move up.
pub const BAND_STEP: RangeInclusive<i64> = 0..=3;
/// Calendar years a lever may start in.
pub const LEVER_YEAR: RangeInclusive<i64> = 1900..=2200;
