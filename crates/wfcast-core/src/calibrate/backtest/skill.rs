//! Forecast skill: the continuous ranked probability score (CRPS) of a forecast's draws
//! against what happened, and the two naive forecasts it is compared with.

/// The CRPS of the empirical distribution of `draws` at the observed value `y`:
/// `mean|X - y| - 0.5 mean|X - X'|`, both means over the draws (the second over all `n^2`
/// ordered pairs, each draw paired with itself too), so it is exactly the integral of
/// `(F_n(x) - 1{x >= y})^2` for the draws' step CDF `F_n`. In the units of the forecast;
/// lower is better; for a single draw it is the absolute error.
///
/// `draws` is sorted in place; with the draws sorted, `sum_{i,j} |x_i - x_j|` is
/// `2 sum_i (2i - n - 1) x_(i)` (1-based ranks), so the cost is that of the sort.
/// Returns NaN when there are no draws.
///
/// ```
/// use wfcast_core::calibrate::crps;
/// // F is 0.5 on [0, 1): the integral of 0.25 over [0, 1)
/// assert_eq!(crps(&mut [1.0, 0.0], 0.5), 0.25);
/// assert_eq!(crps(&mut [3.0], 1.0), 2.0);
/// ```
pub fn crps(draws: &mut [f64], y: f64) -> f64 {
    let n = draws.len();
    if n == 0 {
        return f64::NAN;
    }
    draws.sort_unstable_by(f64::total_cmp);
    let nf = n as f64;
    let to_obs = draws.iter().map(|x| (x - y).abs()).sum::<f64>() / nf;
    // sum_i (2i - n - 1) x_(i) with 1-based i, i.e. (2k + 1 - n) for 0-based k
    let spread: f64 = draws
        .iter()
        .enumerate()
        .map(|(k, x)| (2.0 * k as f64 + 1.0 - nf) * x)
        .sum();
    // 0.5 * (2 / n^2) * spread
    to_obs - spread / (nf * nf)
}

/// The two naive forecasts of one series: the last fitted value carried forward, and
/// drift (the last value plus the average yearly change over the fitted years).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Naive {
    /// The value in the last fitted year.
    pub last: f64,
    /// Average change a year from the first to the last fitted value.
    pub drift: f64,
}

impl Naive {
    /// From the fitted years' values `(year, value)` in year order: `None` when fewer
    /// than two years hold a value (no change can be averaged).
    pub fn of(series: &[(i32, f64)]) -> Option<Self> {
        let (&(y0, v0), &(y1, v1)) = (series.first()?, series.last()?);
        (y1 > y0).then(|| Self {
            last: v1,
            drift: (v1 - v0) / f64::from(y1 - y0),
        })
    }

    /// The drift forecast `h` years after the last fitted year.
    pub fn with_drift(&self, h: i32) -> f64 {
        self.last + f64::from(h) * self.drift
    }
}

/// Skill of a forecast whose score is `model` against a reference whose score is
/// `reference`: `1 - model / reference` (1 perfect, 0 no better than the reference,
/// negative worse). NaN when the reference scored 0 (it was exact).
pub fn skill(model: f64, reference: f64) -> f64 {
    if reference > 0.0 {
        1.0 - model / reference
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_forecasts_carry_the_last_value_and_the_average_change() {
        let n = Naive::of(&[(2014, 100.0), (2015, 130.0), (2017, 160.0)]).unwrap();
        assert_eq!((n.last, n.drift), (160.0, 20.0));
        assert_eq!(n.with_drift(2), 200.0);
        assert_eq!(Naive::of(&[(2017, 5.0)]), None);
    }

    #[test]
    fn skill_is_one_minus_the_score_ratio() {
        assert_eq!(skill(1.0, 4.0), 0.75);
        assert_eq!(skill(8.0, 4.0), -1.0);
        assert!(skill(1.0, 0.0).is_nan());
    }
}
