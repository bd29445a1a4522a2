//! The model parameters a scenario sets with uncertain numbers and per-role/region
//! overrides: what each means, where it is written and its valid range.

use super::param::Param;

/// The model parameters that take uncertain numbers with per-role/region overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamId {
    /// `demand.growth`: annual growth of the funded establishment.
    Growth,
    /// `demand.automation`: annual share of demand removed by automation.
    Automation,
    /// `leaving.multiplier`: multiplier on the data's leaver rates.
    Leaving,
    /// `retirement.multiplier`: multiplier on the data's retirement rates.
    Retirement,
    /// `promotion.multiplier`: multiplier on the data's promotion rates.
    Promotion,
    /// `recruitment.fill_rate`: share of vacancies filled from the domestic market in a year.
    FillRate,
    /// `recruitment.international_fill`: share of the vacancies left after domestic hiring
    /// that are filled from abroad.
    InternationalFill,
    /// `recruitment.return_rate`: share of last year's leavers who come back (returners).
    ReturnRate,
    /// `labour_market.fill_elasticity`: how strongly the fill rate falls as the market's pay
    /// pulls ahead of NHS pay.
    FillElasticity,
    /// `labour_market.leaving_elasticity`: how strongly leaving rises likewise.
    LeavingElasticity,
    /// `labour_market.market_pay_growth`: annual real growth of market salaries relative to
    /// Agenda for Change pay.
    MarketPayGrowth,
    /// `mobility.region_move`: share of staff moving to another region in a year.
    RegionMove,
}

/// What a parameter means, where it is written and which values make sense for it.
#[derive(Debug, Clone, Copy)]
pub struct ParamRule {
    /// Which parameter.
    pub id: ParamId,
    /// Dotted path in scenario files, e.g. `demand.growth`.
    pub path: &'static str,
    /// Smallest valid value.
    pub lo: f64,
    /// Largest valid value.
    pub hi: f64,
    /// Value when no file gives one.
    pub default: f64,
    /// What it means, for error messages and the starter file.
    pub meaning: &'static str,
}

/// Every parameter, in a fixed order (the order of [`Parameters::values`]).
pub const RULES: [ParamRule; 12] = [
    ParamRule {
        id: ParamId::Growth,
        path: "demand.growth",
        lo: -0.5,
        hi: 1.0,
        default: 0.0,
        meaning: "an annual growth rate (0.05 = +5% a year)",
    },
    ParamRule {
        id: ParamId::Automation,
        path: "demand.automation",
        lo: 0.0,
        hi: 0.5,
        default: 0.0,
        meaning: "an annual share of demand removed by automation (0.01 = 1% a year)",
    },
    ParamRule {
        id: ParamId::Leaving,
        path: "leaving.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's leaver rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::Retirement,
        path: "retirement.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's retirement rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::Promotion,
        path: "promotion.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's promotion rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::FillRate,
        path: "recruitment.fill_rate",
        lo: 0.0,
        hi: 1.0,
        default: 0.7,
        meaning: "a probability: the share of vacancies filled from the domestic market in a year",
    },
    ParamRule {
        id: ParamId::InternationalFill,
        path: "recruitment.international_fill",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of vacancies left after domestic hiring that are filled from abroad",
    },
    ParamRule {
        id: ParamId::ReturnRate,
        path: "recruitment.return_rate",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of last year's leavers who return",
    },
    ParamRule {
        id: ParamId::FillElasticity,
        path: "labour_market.fill_elasticity",
        lo: 0.0,
        hi: 10.0,
        default: 0.0,
        meaning: "an elasticity: fill rate x (market pay / NHS pay, relative to 2024)^-e",
    },
    ParamRule {
        id: ParamId::LeavingElasticity,
        path: "labour_market.leaving_elasticity",
        lo: 0.0,
        hi: 10.0,
        default: 0.0,
        meaning: "an elasticity: leaving x (market pay / NHS pay, relative to 2024)^e",
    },
    ParamRule {
        id: ParamId::MarketPayGrowth,
        path: "labour_market.market_pay_growth",
        lo: -0.2,
        hi: 0.2,
        default: 0.0,
        meaning: "an annual growth of market salaries relative to NHS pay (0.01 = 1% a year)",
    },
    ParamRule {
        id: ParamId::RegionMove,
        path: "mobility.region_move",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of staff who move to another region in a year",
    },
];

/// The model parameters, each national with optional overrides, in [`RULES`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// One parameter per rule.
    pub values: [Param; 12],
}

impl Parameters {
    /// The parameter `id`.
    pub fn get(&self, id: ParamId) -> &Param {
        &self.values[id as usize]
    }
}
