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
    /// `labour_market.pool_growth`: annual growth of the pool of candidates the NHS
    /// recruits from (the wider market's job movers in the role and region).
    PoolGrowth,
    /// `labour_market.matching`: how strongly the share of open posts filled responds to
    /// the posts against the pool (1 = urn-ball matching, 0 = a fixed share).
    Matching,
    /// `leaving.joiner_exposure`: share of their first year new joiners are exposed to
    /// leaving.
    JoinerExposure,
    /// `demand.growth_year_sd`: sd of a national shock added to growth each year.
    GrowthYearSd,
    /// `demand.growth_role_year_sd`: sd of each role's own shock added to its growth each year.
    GrowthRoleYearSd,
    /// `leaving.year_sd`: log-scale sd of a national effect on leaving each year.
    LeavingYearSd,
    /// `recruitment.fill_year_sd`: log-scale sd of a national effect on matching each year.
    FillYearSd,
    /// `mobility.region_move`: share of staff moving to another region in a year.
    RegionMove,
    /// `baseline.stock`: multiplier on the base year's staff in post, their posts and the
    /// candidate pool (how far the data's count of the workforce may be off).
    BaseStock,
    /// `baseline.vacancies`: multiplier on the base year's vacancies.
    BaseVacancies,
}

/// What a parameter means, where it is written and which values make sense for it.
#[derive(Debug, Clone, Copy)]
pub struct ParamRule {
    /// Which parameter.
    pub id: ParamId,
    /// Its name for people, e.g. "Demand growth" (see [`parameter_label`](super::parameter_label)).
    pub label: &'static str,
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
pub const RULES: [ParamRule; 21] = [
    ParamRule {
        id: ParamId::Growth,
        label: "Demand growth",
        path: "demand.growth",
        lo: -0.5,
        hi: 1.0,
        default: 0.0,
        meaning: "an annual growth rate (0.05 = +5% a year)",
    },
    ParamRule {
        id: ParamId::Automation,
        label: "Demand removed by automation",
        path: "demand.automation",
        lo: 0.0,
        hi: 0.5,
        default: 0.0,
        meaning: "an annual share of demand removed by automation (0.01 = 1% a year)",
    },
    ParamRule {
        id: ParamId::Leaving,
        label: "Leaver rate multiplier",
        path: "leaving.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's leaver rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::Retirement,
        label: "Retirement rate multiplier",
        path: "retirement.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's retirement rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::Promotion,
        label: "Promotion rate multiplier",
        path: "promotion.multiplier",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the data's promotion rates (1 = as in the data)",
    },
    ParamRule {
        id: ParamId::FillRate,
        label: "Share of vacancies filled at home",
        path: "recruitment.fill_rate",
        lo: 0.0,
        hi: 1.0,
        default: 0.7,
        meaning: "a probability: the share of vacancies filled from the domestic market in a year",
    },
    ParamRule {
        id: ParamId::InternationalFill,
        label: "Share of vacancies filled from abroad",
        path: "recruitment.international_fill",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of vacancies left after domestic hiring that are filled from abroad",
    },
    ParamRule {
        id: ParamId::ReturnRate,
        label: "Share of leavers who return",
        path: "recruitment.return_rate",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of last year's leavers who return",
    },
    ParamRule {
        id: ParamId::FillElasticity,
        label: "Fill rate response to market pay",
        path: "labour_market.fill_elasticity",
        lo: 0.0,
        hi: 10.0,
        default: 0.0,
        meaning: "an elasticity: the base-year fill rate x (market pay / NHS pay, relative to the national average)^-e, and the candidate pool x (market pay / NHS pay, relative to the base year)^-e",
    },
    ParamRule {
        id: ParamId::LeavingElasticity,
        label: "Leaving response to market pay",
        path: "labour_market.leaving_elasticity",
        lo: 0.0,
        hi: 10.0,
        default: 0.0,
        meaning: "an elasticity: leaving x (market pay / NHS pay, relative to 2024)^e",
    },
    ParamRule {
        id: ParamId::MarketPayGrowth,
        label: "Market pay growth over NHS pay",
        path: "labour_market.market_pay_growth",
        lo: -0.2,
        hi: 0.2,
        default: 0.0,
        meaning: "an annual growth of market salaries relative to NHS pay (0.01 = 1% a year)",
    },
    ParamRule {
        id: ParamId::PoolGrowth,
        label: "Candidate pool growth",
        path: "labour_market.pool_growth",
        lo: -0.2,
        hi: 0.3,
        default: 0.0,
        meaning: "an annual growth of the pool of candidates in the wider labour market (0.02 = +2% a year)",
    },
    ParamRule {
        id: ParamId::Matching,
        label: "Matching of candidates to posts",
        path: "labour_market.matching",
        lo: 0.0,
        hi: 2.0,
        default: 1.0,
        meaning: "a matching elasticity: the share of open posts filled is 1 - (1 - fill)^((pool / posts, relative to the base year)^m); 1 = urn-ball matching, 0 = a fixed share",
    },
    ParamRule {
        id: ParamId::JoinerExposure,
        label: "New joiners' first-year leaving",
        path: "leaving.joiner_exposure",
        lo: 0.0,
        hi: 1.0,
        default: 0.5,
        meaning: "a share of a year: new joiners leave in their first year at this share of the annual leaver rate (0.5 = they join mid-year on average)",
    },
    ParamRule {
        id: ParamId::GrowthYearSd,
        label: "Year-to-year spread of demand growth",
        path: "demand.growth_year_sd",
        lo: 0.0,
        hi: 0.2,
        default: 0.0,
        meaning: "a standard deviation: each year's growth is the drawn growth plus a national shock of this sd (0.01 = 1 point a year)",
    },
    ParamRule {
        id: ParamId::GrowthRoleYearSd,
        label: "Year-to-year spread of each role's demand growth",
        path: "demand.growth_role_year_sd",
        lo: 0.0,
        hi: 0.2,
        default: 0.0,
        meaning: "a standard deviation: each year every role's growth gets its own shock of this sd besides the national one",
    },
    ParamRule {
        id: ParamId::LeavingYearSd,
        label: "Year-to-year spread of leaving",
        path: "leaving.year_sd",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a standard deviation on the log scale: each year's leaving is the drawn multiplier x exp(a national shock of this sd)",
    },
    ParamRule {
        id: ParamId::FillYearSd,
        label: "Year-to-year spread of matching",
        path: "recruitment.fill_year_sd",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a standard deviation on the log scale: each year the matching of candidates to posts is x exp(a national shock of this sd)",
    },
    ParamRule {
        id: ParamId::RegionMove,
        label: "Moves between regions (rate)",
        path: "mobility.region_move",
        lo: 0.0,
        hi: 1.0,
        default: 0.0,
        meaning: "a probability: the share of staff who move to another region in a year",
    },
    ParamRule {
        id: ParamId::BaseStock,
        label: "Base-year workforce count",
        path: "baseline.stock",
        lo: 0.2,
        hi: 5.0,
        default: 1.0,
        meaning: "a multiplier on the base year's staff in post, their posts and the candidate pool (1 = as in the data; 1.1 = the workforce is 10% larger than the data count)",
    },
    ParamRule {
        id: ParamId::BaseVacancies,
        label: "Base-year vacancies",
        path: "baseline.vacancies",
        lo: 0.0,
        hi: 10.0,
        default: 1.0,
        meaning: "a multiplier on the base year's vacancies (1 = as in the data)",
    },
];

/// The model parameters, each national with optional overrides, in [`RULES`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    /// One parameter per rule.
    pub values: [Param; 21],
}

impl Parameters {
    /// The parameter `id`.
    pub fn get(&self, id: ParamId) -> &Param {
        &self.values[id as usize]
    }
}
