//! Pay: the employer cost of a WTE, basic pay per role x region x band, and how far the
//! market pays above the NHS (the pressure the labour-market elasticities act on). See
//! docs/model.md, "Pay cost".

use crate::input::Baseline;
use crate::taxonomy::{HCAS, N_BANDS, RoleRegion};

/// Employer pension contribution (NHS Pension Scheme, 20.68% of pay).
const PENSION: f64 = 0.2068;
/// Employer National Insurance: 15% of pay above the secondary threshold of £5,000 (2025/26).
const NI_RATE: f64 = 0.15;
const NI_THRESHOLD: f64 = 5_000.0;

/// Employer cost of one WTE paid `basic` a year: basic pay + pension + National Insurance.
///
/// ```
/// // band 7 mid-point: + 20.68% pension + 15% NI above £5,000
/// let cost = wfcast_core::model::employer_cost(49_161.0);
/// assert!((cost - (49_161.0 * 1.2068 + 0.15 * 44_161.0)).abs() < 1e-6);
/// ```
pub fn employer_cost(basic: f64) -> f64 {
    basic * (1.0 + PENSION) + NI_RATE * (basic - NI_THRESHOLD).max(0.0)
}

/// Basic pay and market pressure per role x region.
#[derive(Debug, Clone)]
pub(crate) struct Pay {
    /// Basic pay per WTE per role x region x band, before premiums: the band mid-point with
    /// the region's high-cost-area supplement.
    basic: Vec<f64>,
    /// Market pay / NHS pay per role x region in the base year.
    pressure0: Vec<f64>,
    /// Its mean over the workforce, weighted by WTE.
    mean_pressure: f64,
}

impl Pay {
    /// The baseline's pay tables laid out per role x region.
    pub(crate) fn new(baseline: &Baseline, wte: &[f64]) -> Self {
        let n_rr = wte.len();
        let mut basic = vec![0.0; n_rr * N_BANDS];
        let mut pressure0 = vec![0.0; n_rr];
        for rr in (0..n_rr).map(RoleRegion::from_index) {
            let band_mix = baseline.band_mix(rr.role());
            let pay = &mut basic[rr.bands()];
            for (b, slot) in pay.iter_mut().enumerate() {
                *slot = baseline.pay_mid[b] * (1.0 + HCAS[rr.region()]);
            }
            let nhs_pay: f64 = (0..N_BANDS).map(|b| band_mix[b] * pay[b]).sum();
            pressure0[rr.index()] = baseline.market_salary[rr.index()] / nhs_pay;
        }
        let total_wte: f64 = wte.iter().sum();
        let mean_pressure =
            pressure0.iter().zip(wte).map(|(p, w)| p * w).sum::<f64>() / total_wte.max(1.0);
        Self {
            basic,
            pressure0,
            mean_pressure,
        }
    }

    /// Number of role x region pairs.
    pub(crate) fn n_role_regions(&self) -> usize {
        self.pressure0.len()
    }

    /// Market pay over NHS pay in `rr` in the base year.
    pub(crate) fn pressure0(&self, rr: RoleRegion) -> f64 {
        self.pressure0[rr.index()]
    }

    /// The workforce's mean pressure.
    pub(crate) fn mean_pressure(&self) -> f64 {
        self.mean_pressure
    }

    /// Employer cost of one WTE of `band` in `rr` with a premium of `premium` (share of pay).
    pub(crate) fn cost_per_wte(&self, rr: RoleRegion, band: usize, premium: f64) -> f64 {
        employer_cost(self.basic[rr.bands()][band] * (1.0 + premium))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Band 7 mid-point (£49,161): pension 20.68% = £10,166.5; NI 15% of (49,161 - 5,000) = £6,624.2.
    #[test]
    fn employer_cost_adds_pension_and_national_insurance() {
        let basic = (46_148.0 + 48_526.0 + 52_809.0) / 3.0;
        let expected = basic + 0.2068 * basic + 0.15 * (basic - 5000.0);
        assert!((employer_cost(basic) - expected).abs() < 1e-9);
        assert!((employer_cost(basic) - 65_951.7).abs() < 1.0);
    }
}
