//! What a projection measures. Every number in the outputs is a [`Measure`]: one of the
//! fixed [`Metric`]s, or a [`RouteMetric`] of a named supply or upskilling route. Each has
//! one name, one unit, and is a stock (at the end of the year) or a flow (over the year);
//! see docs/model.md for what each means.
//!
//! ```
//! use wfcast_core::model::{Kind, Measure, Metric, RouteMetric, Unit};
//! assert_eq!(Metric::DemandWte.name(), "demand_wte");
//! assert_eq!(Metric::Leavers.kind(), Kind::Flow);
//! let m = Measure::Route(RouteMetric::Joiners, "graduate_scheme".into());
//! assert_eq!(m.to_string(), "joiners_graduate_scheme");
//! assert_eq!(Measure::parse("pay_cost"), Some(Measure::Metric(Metric::PayCost)));
//! assert_eq!(Metric::PayCost.unit(), Unit::Gbp);
//! ```

use std::fmt;

/// The unit a measure is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// People (heads).
    People,
    /// Whole-time equivalents.
    Wte,
    /// A share between 0 and 1.
    Rate,
    /// Pounds sterling a year, 2024/25 prices.
    Gbp,
}

impl Unit {
    /// The unit's name in outputs.
    pub const fn name(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Wte => "WTE",
            Self::Rate => "rate",
            Self::Gbp => "GBP",
        }
    }
}

/// Whether a measure is a level at the end of the year or a total over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A level at the end of the year (the base year's is the data as read).
    Stock,
    /// A total over the year: no base-year value, since the base year is not simulated.
    Flow,
}

/// The fixed metrics. The first [`Metric::RECORDED`] are recorded per role x region and
/// year in this order; [`Metric::GapWte`] and [`Metric::VacancyRate`] are derived from
/// recorded ones after roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// Staff in post at the end of the year.
    Headcount,
    /// Whole-time equivalent of the staff in post.
    Wte,
    /// Funded establishment (WTE).
    DemandWte,
    /// Leavers (not retirement) over the year.
    Leavers,
    /// Retirements over the year.
    Retirements,
    /// Joiners from every route over the year.
    Joiners,
    /// Moves up a band over the year.
    Promotions,
    /// Employer pay cost of the staff in post at the end of the year.
    PayCost,
    /// Posts that opened to recruitment this year: the posts to fill less those carried open
    /// from last year (negative when establishment is cut). Summed over years it is the
    /// hiring a plan needs: hires plus the posts still open at the end, less those open at
    /// the start.
    RecruitmentNeed,
    /// Hires from the domestic labour market.
    JoinersExternal,
    /// Hires from abroad.
    JoinersInternational,
    /// Former staff who came back.
    JoinersReturners,
    /// Staff who moved in from another role or region.
    MovesIn,
    /// Staff who moved out to another role or region.
    MovesOut,
    /// Moves down a band (from a band transition matrix) over the year.
    Demotions,
    /// Vacant establishment at the end of the year (WTE): the shortfall of staff against
    /// demand in each role x region, where there is one; roll-ups sum these positive parts,
    /// so a surplus in one place never hides a shortage in another.
    Vacancies,
    /// Staff above establishment at the end of the year (WTE), where there are any.
    SurplusWte,
    /// Posts (heads) still open at the end of the year, after its recruitment.
    OpenPosts,
    /// The pay cost of the same staff at the base year's pay rules (its premiums and
    /// National Insurance): `pay_cost` less this is what changes in the rules cost.
    PayCostBaseRules,
    /// The pay cost of the same staff at the base year's pay rules with each band paid its
    /// base-year average: it moves only with the mix of bands, regions and hours, and
    /// `pay_cost_base_rules` less this moves with staff's progress through their bands.
    PayCostBasePoints,
    /// `demand_wte - wte`: the netted difference (positive is a shortage).
    GapWte,
    /// `vacancies / demand_wte`.
    VacancyRate,
}

impl Metric {
    /// The metrics recorded per role x region and year, in record order: a metric's
    /// position here is its [`Metric::recorded_slot`].
    pub const RECORDED: [Self; 20] = [
        Self::Headcount,
        Self::Wte,
        Self::DemandWte,
        Self::Leavers,
        Self::Retirements,
        Self::Joiners,
        Self::Promotions,
        Self::PayCost,
        Self::RecruitmentNeed,
        Self::JoinersExternal,
        Self::JoinersInternational,
        Self::JoinersReturners,
        Self::MovesIn,
        Self::MovesOut,
        Self::Demotions,
        Self::Vacancies,
        Self::SurplusWte,
        Self::OpenPosts,
        Self::PayCostBaseRules,
        Self::PayCostBasePoints,
    ];

    /// The metrics derived from recorded ones after roll-up.
    pub const DERIVED: [Self; 2] = [Self::GapWte, Self::VacancyRate];

    /// Every fixed metric: the recorded ones, then the derived ones.
    pub const ALL: [Self; 22] = {
        let mut all = [Self::GapWte; 22];
        let mut i = 0;
        while i < all.len() {
            all[i] = if i < Self::RECORDED.len() {
                Self::RECORDED[i]
            } else {
                Self::DERIVED[i - Self::RECORDED.len()]
            };
            i += 1;
        }
        all
    };

    /// Position in a role x region's record, for a recorded metric; `None` for a derived one.
    pub const fn recorded_slot(self) -> Option<usize> {
        let slot = self as usize;
        if slot < Self::RECORDED.len() {
            Some(slot)
        } else {
            None
        }
    }

    /// Position in a role x region's record. Only for recorded metrics: the derived ones
    /// have no slot, and asking for one is a bug caught in debug builds.
    pub(crate) const fn slot(self) -> usize {
        debug_assert!(self.recorded_slot().is_some());
        self as usize
    }

    /// The metric's name in outputs.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Headcount => "headcount",
            Self::Wte => "wte",
            Self::DemandWte => "demand_wte",
            Self::Leavers => "leavers",
            Self::Retirements => "retirements",
            Self::Joiners => "joiners",
            Self::Promotions => "promotions",
            Self::PayCost => "pay_cost",
            Self::RecruitmentNeed => "recruitment_need",
            Self::JoinersExternal => "joiners_external",
            Self::JoinersInternational => "joiners_international",
            Self::JoinersReturners => "joiners_returners",
            Self::MovesIn => "moves_in",
            Self::MovesOut => "moves_out",
            Self::Demotions => "demotions",
            Self::Vacancies => "vacancies",
            Self::SurplusWte => "surplus_wte",
            Self::OpenPosts => "open_posts",
            Self::PayCostBaseRules => "pay_cost_base_rules",
            Self::PayCostBasePoints => "pay_cost_base_points",
            Self::GapWte => "gap_wte",
            Self::VacancyRate => "vacancy_rate",
        }
    }

    /// The unit it is counted in.
    pub const fn unit(self) -> Unit {
        match self {
            Self::Wte | Self::DemandWte | Self::GapWte | Self::Vacancies | Self::SurplusWte => {
                Unit::Wte
            }
            Self::PayCost | Self::PayCostBaseRules | Self::PayCostBasePoints => Unit::Gbp,
            Self::VacancyRate => Unit::Rate,
            _ => Unit::People,
        }
    }

    /// Stock or flow.
    pub const fn kind(self) -> Kind {
        match self {
            Self::Headcount
            | Self::Wte
            | Self::DemandWte
            | Self::PayCost
            | Self::PayCostBaseRules
            | Self::PayCostBasePoints
            | Self::Vacancies
            | Self::SurplusWte
            | Self::OpenPosts
            | Self::GapWte
            | Self::VacancyRate => Kind::Stock,
            _ => Kind::Flow,
        }
    }

    /// Whether a roll-up recomputes it from the rolled-up parts rather than summing it.
    pub const fn is_derived(self) -> bool {
        self.recorded_slot().is_none()
    }
}

/// The metrics each supply or upskilling route adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteMetric {
    /// `joiners_<route>`: trainees of a supply route who joined the workforce that year.
    Joiners,
    /// `pipeline_<route>`: trainees in training at the end of the year, spread over the
    /// roles they are expected to join.
    Pipeline,
    /// `upskilled_<route>`: staff who completed an upskilling route that year, counted
    /// where they moved to.
    Upskilled,
}

impl RouteMetric {
    /// The prefix of its name, before the route's name.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Joiners => "joiners_",
            Self::Pipeline => "pipeline_",
            Self::Upskilled => "upskilled_",
        }
    }

    /// Stock or flow.
    pub const fn kind(self) -> Kind {
        match self {
            Self::Pipeline => Kind::Stock,
            Self::Joiners | Self::Upskilled => Kind::Flow,
        }
    }
}

/// The metrics of each DDaT skill level, when a scenario asks for `skill_levels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkillMetric {
    /// `wte_<level>`: WTE in post in the bands of each role at that level.
    Wte,
    /// `demand_wte_<level>`: the establishment at that level, at the base year's mix of
    /// levels in each role and place.
    DemandWte,
    /// `gap_wte_<level>`: demand less staff in post at that level (derived after roll-up).
    GapWte,
}

impl SkillMetric {
    /// Every skill metric, recorded ones first.
    pub const ALL: [Self; 3] = [Self::Wte, Self::DemandWte, Self::GapWte];

    /// The prefix of its name, before the level's name.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Wte => "wte_",
            Self::DemandWte => "demand_wte_",
            Self::GapWte => "gap_wte_",
        }
    }
}

/// One measure of the outputs: a fixed metric, a route's metric or a skill level's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// A fixed metric.
    Metric(Metric),
    /// A metric of the named route.
    Route(RouteMetric, String),
    /// A metric of a DDaT skill level (index into [`crate::taxonomy::SKILL_LEVELS`]).
    Skill(SkillMetric, usize),
}

impl Measure {
    /// The measure a name in the outputs stands for, e.g. `wte` or `pipeline_apprentices`.
    /// Fixed names win over route names (`joiners_external` is a fixed metric).
    pub fn parse(name: &str) -> Option<Self> {
        if let Some(m) = Metric::ALL.into_iter().find(|m| m.name() == name) {
            return Some(Self::Metric(m));
        }
        let skill = SkillMetric::ALL.into_iter().find_map(|m| {
            name.strip_prefix(m.prefix())
                .and_then(crate::taxonomy::skill_level_index)
                .map(|level| Self::Skill(m, level))
        });
        if skill.is_some() {
            return skill;
        }
        [
            RouteMetric::Joiners,
            RouteMetric::Pipeline,
            RouteMetric::Upskilled,
        ]
        .into_iter()
        .find_map(|r| {
            name.strip_prefix(r.prefix())
                .filter(|route| !route.is_empty())
                .map(|route| Self::Route(r, route.to_owned()))
        })
    }

    /// Stock or flow.
    pub fn kind(&self) -> Kind {
        match self {
            Self::Metric(m) => m.kind(),
            Self::Route(r, _) => r.kind(),
            Self::Skill(..) => Kind::Stock,
        }
    }

    /// The unit it is counted in.
    pub fn unit(&self) -> Unit {
        match self {
            Self::Metric(m) => m.unit(),
            Self::Route(..) => Unit::People,
            Self::Skill(..) => Unit::Wte,
        }
    }

    /// The fixed metric, if it is one.
    pub fn metric(&self) -> Option<Metric> {
        match self {
            Self::Metric(m) => Some(*m),
            Self::Route(..) | Self::Skill(..) => None,
        }
    }
}

impl From<Metric> for Measure {
    fn from(m: Metric) -> Self {
        Self::Metric(m)
    }
}

impl PartialEq<Metric> for Measure {
    fn eq(&self, other: &Metric) -> bool {
        matches!(self, Self::Metric(m) if m == other)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Metric(m) => f.pad(m.name()),
            Self::Route(r, route) => f.pad(&format!("{}{route}", r.prefix())),
            Self::Skill(m, level) => f.pad(&format!(
                "{}{}",
                m.prefix(),
                crate::taxonomy::SKILL_LEVELS[*level]
            )),
        }
    }
}

/// Where each measure sits in a role x region's record: the recorded fixed metrics, then
/// `joiners_<route>` and `pipeline_<route>` per supply route, then `upskilled_<route>` per
/// upskilling route (routes in name order), then, with skill levels, `wte_<level>` and
/// `demand_wte_<level>` per level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    routes: Vec<String>,
    upskilling: Vec<String>,
    skill_levels: bool,
}

impl Layout {
    /// The layout of a model with these supply and upskilling routes, and skill-level
    /// metrics or not.
    pub fn new(routes: Vec<String>, upskilling: Vec<String>, skill_levels: bool) -> Self {
        Self {
            routes,
            upskilling,
            skill_levels,
        }
    }

    /// Values recorded per role x region and year.
    pub fn stride(&self) -> usize {
        self.skill_start() + self.n_skill_slots()
    }

    fn skill_start(&self) -> usize {
        Metric::RECORDED.len() + 2 * self.routes.len() + self.upskilling.len()
    }

    fn n_skill_slots(&self) -> usize {
        if self.skill_levels {
            2 * crate::taxonomy::N_SKILL_LEVELS
        } else {
            0
        }
    }

    /// Whether the record holds the skill-level metrics.
    pub fn has_skill_levels(&self) -> bool {
        self.skill_levels
    }

    /// Position of level `level`'s recorded metric `m` (`Wte` or `DemandWte`), when the
    /// layout has skill levels.
    pub fn skill_slot(&self, m: SkillMetric, level: usize) -> Option<usize> {
        let n = crate::taxonomy::N_SKILL_LEVELS;
        let offset = match m {
            SkillMetric::Wte => 0,
            SkillMetric::DemandWte => n,
            SkillMetric::GapWte => return None,
        };
        self.skill_levels
            .then(|| self.skill_start() + offset + level)
    }

    /// Position of route `k`'s metric `m` in a record.
    pub fn route_slot(&self, m: RouteMetric, k: usize) -> usize {
        let n_fixed = Metric::RECORDED.len();
        match m {
            RouteMetric::Joiners => n_fixed + k,
            RouteMetric::Pipeline => n_fixed + self.routes.len() + k,
            RouteMetric::Upskilled => n_fixed + 2 * self.routes.len() + k,
        }
    }

    /// The record positions of every supply route's `joiners_<route>`.
    pub fn route_joiners(&self) -> std::ops::Range<usize> {
        let n_fixed = Metric::RECORDED.len();
        n_fixed..n_fixed + self.routes.len()
    }

    /// Every recorded measure, in record order.
    pub fn measures(&self) -> Vec<Measure> {
        let route = |m: RouteMetric, names: &[String]| {
            names
                .iter()
                .map(move |n| Measure::Route(m, n.clone()))
                .collect::<Vec<_>>()
        };
        Metric::RECORDED
            .into_iter()
            .map(Measure::Metric)
            .chain(route(RouteMetric::Joiners, &self.routes))
            .chain(route(RouteMetric::Pipeline, &self.routes))
            .chain(route(RouteMetric::Upskilled, &self.upskilling))
            .chain(
                [SkillMetric::Wte, SkillMetric::DemandWte]
                    .into_iter()
                    .filter(|_| self.skill_levels)
                    .flat_map(|m| {
                        (0..crate::taxonomy::N_SKILL_LEVELS).map(move |l| Measure::Skill(m, l))
                    }),
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_measure() {
        for m in Metric::ALL {
            assert_eq!(Measure::parse(m.name()), Some(Measure::Metric(m)));
        }
        let layout = Layout::new(vec!["a".into(), "b".into()], vec!["c".into()], true);
        let measures = layout.measures();
        assert_eq!(measures.len(), layout.stride());
        for (i, m) in measures.iter().enumerate() {
            assert_eq!(Measure::parse(&m.to_string()).as_ref(), Some(m));
            if let Some(k) = m.metric().and_then(Metric::recorded_slot) {
                assert_eq!(k, i);
            }
        }
        assert_eq!(layout.route_slot(RouteMetric::Pipeline, 1), 23);
        assert_eq!(layout.route_slot(RouteMetric::Upskilled, 0), 24);
        assert_eq!(Measure::parse("joiners_"), None);
        assert_eq!(Measure::parse("wtee"), None);
    }
}
