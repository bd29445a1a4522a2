//! Pay: the employer cost of a person, basic pay per role x region x band with the
//! high-cost-area supplement, and how far the market pays above the NHS (the pressure the
//! labour-market elasticities act on). See docs/model.md, "Pay cost".

use crate::input::Baseline;
use crate::taxonomy::{CELLS, Cell, N_BANDS, RoleRegion};

/// Employer pension contribution to the NHS Pension Scheme from 1 April 2024: 23.7% of
/// pensionable pay plus the 0.08% administration levy.
pub const PENSION: f64 = 0.237 + 0.0008;

/// Employer National Insurance in a financial year starting in `year`: the rate on each
/// person's earnings above the secondary threshold, and the threshold (GBP a year):
/// 13.8% above £9,100 in 2024/25, 15% above £5,000 from 6 April 2025.
pub const fn national_insurance(year: i32) -> (f64, f64) {
    if year <= 2024 {
        (0.138, 9_100.0)
    } else {
        (0.15, 5_000.0)
    }
}

/// The Agenda for Change high-cost-area zones (inner London, outer London, fringe): share
/// of basic pay, and the minimum and maximum supplement a year per WTE. The 2023/24 terms
/// (20%, £5,132-£7,745; 15%, £4,313-£5,436; 5%, £1,192-£2,011) raised by the 2024/25 award
/// of 5.5%; an approximation of the published 2024/25 terms.
const ZONES: [(f64, f64, f64); 3] = [
    (0.20, 5_414.0, 8_171.0),
    (0.15, 4_550.0, 5_735.0),
    (0.05, 1_258.0, 2_122.0),
];

/// The average high-cost-area supplement (GBP a year per WTE) of a place's staff paid
/// `basic` a year: each zone's share of pay kept within its minimum and maximum, weighted
/// by `zone_share`, the place's staff in each zone (`[inner London, outer London, fringe]`,
/// from `places.csv`).
///
/// ```
/// use wfcast_core::model::hcas;
/// // London (half inner, half outer), band 7 mid-point: both zones at their maximum
/// assert_eq!(hcas([0.5, 0.5, 0.0], 49_161.0), 0.5 * 8_171.0 + 0.5 * 5_735.0);
/// assert_eq!(hcas([0.0; 3], 49_161.0), 0.0, "the South West has no supplement");
/// ```
pub fn hcas(zone_share: [f64; 3], basic: f64) -> f64 {
    zone_share
        .iter()
        .zip(ZONES)
        .map(|(share, (rate, min, max))| share * (rate * basic).clamp(min, max))
        .sum()
}

/// Employer cost a year of one person working `fte` of full time on a post paid `pay` a
/// year per WTE (basic pay, premium and supplement), in the financial year starting in
/// `year`: their pay, the employer pension contribution on it, and National Insurance on
/// their own earnings above the threshold.
///
/// ```
/// use wfcast_core::model::employer_cost;
/// // £50,000 a WTE at 0.8 FTE in 2025/26: £40,000 + 23.78% + 15% of £35,000
/// let cost = employer_cost(50_000.0, 0.8, 2025);
/// assert!((cost - (40_000.0 * 1.2378 + 0.15 * 35_000.0)).abs() < 1e-6);
/// ```
pub fn employer_cost(pay: f64, fte: f64, year: i32) -> f64 {
    let earnings = pay * fte;
    let (rate, threshold) = national_insurance(year);
    earnings * (1.0 + PENSION) + rate * (earnings - threshold).max(0.0)
}

/// Basic pay and market pressure per role x region.
#[derive(Debug, Clone)]
pub(crate) struct Pay {
    /// Basic pay per WTE per band x age cell, before premiums: the band's pay points at the
    /// age's position (the same in every role and region; the supplement is added per region).
    basic: [f64; CELLS],
    /// Each band's base-year average basic pay, over the whole workforce by WTE: what the
    /// band would cost if its age mix never moved.
    band_average: [f64; N_BANDS],
    /// Per place, its staff's shares in the high-cost-area zones.
    zone_share: Vec<[f64; 3]>,
    /// Pay per WTE without a premium, supplement included, per region x cell and per region
    /// x band (at the band average): computed once, since most pairs never have a premium
    /// and the pay cost is taken every year of every draw.
    unpremiated: Vec<f64>,
    unpremiated_average: Vec<f64>,
    /// Market pay / NHS pay per role x region in the base year.
    pressure0: Vec<f64>,
    /// Its mean over the workforce, weighted by WTE.
    mean_pressure: f64,
}

impl Pay {
    /// The baseline's pay tables laid out per role x region.
    pub(crate) fn new(baseline: &Baseline, wte: &[f64]) -> Self {
        let zone_share: Vec<[f64; 3]> = (0..baseline.n_places())
            .map(|g| baseline.geography.place(g).hcas)
            .collect();
        let mut pressure0 = vec![0.0; wte.len()];
        for rr in RoleRegion::all(baseline.roles.len(), baseline.n_places()) {
            let band_mix = baseline.band_mix(rr.role());
            let nhs_pay: f64 = (0..N_BANDS)
                .map(|b| {
                    let pay = baseline.pay_mean(b);
                    band_mix[b] * (pay + hcas(zone_share[rr.region()], pay))
                })
                .sum();
            pressure0[rr.index()] = baseline.market_salary[rr.index()] / nhs_pay;
        }
        let total_wte: f64 = wte.iter().sum();
        let mean_pressure =
            pressure0.iter().zip(wte).map(|(p, w)| p * w).sum::<f64>() / total_wte.max(1.0);
        let basic = std::array::from_fn(|i| {
            let cell = Cell::from_index(i);
            baseline.basic_pay(cell.band(), cell.age())
        });
        let (mut paid, mut staff) = ([0.0; N_BANDS], [0.0; N_BANDS]);
        for (i, (&n, &f)) in baseline.headcount.iter().zip(&baseline.fte).enumerate() {
            let cell = Cell::from_index(i % CELLS);
            let w = f64::from(n) * f;
            paid[cell.band()] += w * basic[cell.index()];
            staff[cell.band()] += w;
        }
        let band_average = std::array::from_fn(|b| {
            if staff[b] > 0.0 {
                paid[b] / staff[b]
            } else {
                baseline.pay_mean(b)
            }
        });
        let unpremiated = zone_share
            .iter()
            .flat_map(|&z| basic.iter().map(move |&b| with_supplement(z, b)))
            .collect();
        let unpremiated_average = zone_share
            .iter()
            .flat_map(|&z| band_average.iter().map(move |&b| with_supplement(z, b)))
            .collect();
        Self {
            zone_share,
            basic,
            band_average,
            unpremiated,
            unpremiated_average,
            pressure0,
            mean_pressure,
        }
    }

    /// Number of role x region pairs.
    pub(crate) fn n_role_regions(&self) -> usize {
        self.pressure0.len()
    }

    /// Number of places.
    pub(crate) fn n_places(&self) -> usize {
        self.zone_share.len()
    }

    /// Market pay over NHS pay in `rr` in the base year.
    pub(crate) fn pressure0(&self, rr: RoleRegion) -> f64 {
        self.pressure0[rr.index()]
    }

    /// The workforce's mean pressure.
    pub(crate) fn mean_pressure(&self) -> f64 {
        self.mean_pressure
    }

    /// Pay a year per WTE of staff in `cell` of `rr` with a premium of `premium` (share of
    /// basic pay): basic pay with the premium, and the high-cost-area supplement on both.
    pub(crate) fn pay_per_wte(&self, rr: RoleRegion, cell: Cell, premium: f64) -> f64 {
        if premium == 0.0 {
            self.unpremiated[rr.region() * CELLS + cell.index()]
        } else {
            with_supplement(
                self.zone_share[rr.region()],
                self.basic[cell.index()] * (1.0 + premium),
            )
        }
    }

    /// The same for `band` paid its base-year average whatever the age.
    pub(crate) fn band_average_pay(&self, rr: RoleRegion, band: usize, premium: f64) -> f64 {
        if premium == 0.0 {
            self.unpremiated_average[rr.region() * N_BANDS + band]
        } else {
            with_supplement(
                self.zone_share[rr.region()],
                self.band_average[band] * (1.0 + premium),
            )
        }
    }
}

/// Basic pay a year per WTE with the high-cost-area supplement of a place whose staff are
/// `zone_share` in each zone.
fn with_supplement(zone_share: [f64; 3], basic: f64) -> f64 {
    basic + hcas(zone_share, basic)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic on the shipped data
mod tests {
    use super::*;

    /// A hand-worked example: band 7 at its mean pay point (£49,161) in London, 0.8 FTE,
    /// 2025/26.
    /// Supplement: inner 20% = £9,832 capped at £8,171, outer 15% = £7,374 capped at £5,735;
    /// half each: £6,953. Pay per WTE £56,114; the person earns £44,891.20; pension 23.78%
    /// = £10,675.13; NI 15% of (£44,891.20 - £5,000) = £5,983.68; cost £61,550.01.
    #[test]
    fn employer_cost_of_a_london_band_7_part_timer_by_hand() {
        let basic = (46_148.0 + 48_526.0 + 52_809.0) / 3.0;
        let london = [0.5, 0.5, 0.0];
        assert_eq!(hcas(london, basic), 6_953.0);
        let pay = basic + hcas(london, basic);
        assert!((pay - 56_114.0).abs() < 0.01);
        let cost = employer_cost(pay, 0.8, 2025);
        assert!((cost - 61_550.01).abs() < 0.01, "{cost}");
    }

    /// Pay by position within the band, by hand: band 7 staff aged 30-34 (position 0.55 of
    /// the way from £46,148 to £52,809, i.e. 1.1 steps: £48,526 + 0.1 x £4,283 = £48,954.30)
    /// in London at 0.8 FTE in 2025/26. Both London zones are at their maximum (£6,953
    /// blended); pay per WTE £55,907.30, earnings £44,725.84, pension £10,635.80, NI 15% of
    /// £39,725.84 = £5,958.88; cost £61,320.52.
    #[test]
    fn employer_cost_at_a_pay_point_position_by_hand() {
        let baseline = Baseline::embedded().unwrap();
        let pay = Pay::new(&baseline, &baseline.wte_by_role_region());
        let cell = Cell::new(
            crate::taxonomy::band_index("7").unwrap(),
            crate::taxonomy::age_index("30-34").unwrap(),
        );
        let london = RoleRegion::new(0, 0, baseline.n_places());
        let per_wte = pay.pay_per_wte(london, cell, 0.0);
        assert!((per_wte - 55_907.30).abs() < 1e-6, "{per_wte}");
        let cost = employer_cost(per_wte, 0.8, 2025);
        assert!((cost - 61_320.52).abs() < 0.01, "{cost}");
    }

    /// 2024/25 (the base year) uses that year's NI: 13.8% above £9,100. A £30,000 full-timer
    /// costs 30,000 x 1.2378 + 0.138 x 20,900 = £40,018.20.
    #[test]
    fn the_base_year_uses_its_own_national_insurance() {
        let cost = employer_cost(30_000.0, 1.0, 2024);
        assert!((cost - 40_018.2).abs() < 1e-6, "{cost}");
        assert!(employer_cost(30_000.0, 1.0, 2025) > cost);
    }

    /// Below the fringe minimum the supplement is the minimum, above the maximum the maximum.
    #[test]
    fn supplements_keep_to_their_minimum_and_maximum() {
        // East of England: 40% of staff on the fringe
        let east = Baseline::embedded().unwrap().geography.place(3).hcas;
        assert_eq!(east, [0.0, 0.0, 0.4]);
        assert_eq!(hcas(east, 20_000.0), 0.4 * 1_258.0);
        assert_eq!(hcas(east, 100_000.0), 0.4 * 2_122.0);
        assert!((hcas(east, 30_000.0) - 0.4 * 1_500.0).abs() < 1e-9);
    }
}
