//! The levers a plan may pull, what a setting of each costs, and the scenario file a
//! package of settings is: the planned scenario extended by the levers as `[policy]`
//! entries, the same file `wfcast run` reads.

use crate::scenario::Scenario;

/// What a lever changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeverKind {
    /// Extra starters a year on a supply route, or extra places on an upskilling route
    /// (named).
    Intake(String),
    /// A recruitment and retention premium, percent of basic pay.
    Premium,
    /// An international recruitment drive: percentage points of the vacancies left after
    /// domestic hiring filled from abroad.
    International,
    /// A retention programme: percent fewer leavers.
    Retention,
}

impl LeverKind {
    /// The lowest and highest setting the model accepts.
    pub(crate) fn limits(&self) -> (f64, f64) {
        match self {
            Self::Intake(_) => (0.0, 1e6),
            Self::Premium | Self::International => (0.0, 100.0),
            // a programme that removed every leaver is no programme the data describe
            Self::Retention => (0.0, 90.0),
        }
    }

    /// What a setting is, with its unit, for tables and charts.
    pub fn unit(&self) -> &'static str {
        match self {
            Self::Intake(_) => "extra starters (or places) a year",
            Self::Premium => "% of basic pay",
            Self::International => "points of remaining vacancies filled from abroad",
            Self::Retention => "% fewer leavers",
        }
    }

    pub(crate) fn range_help(&self) -> &'static str {
        match self {
            Self::Intake(_) => {
                "extra starters (or places) a year nationally, e.g. range = [0, 400]"
            }
            Self::Premium => "percent of basic pay, e.g. range = [0, 20]",
            Self::International => {
                "percentage points of the vacancies left after domestic hiring, e.g. range = [0, 20]"
            }
            Self::Retention => "percent fewer leavers, e.g. range = [0, 20]",
        }
    }

    pub(crate) fn cost_help(&self) -> &'static str {
        match self {
            Self::Intake(_) => "cost = pounds per extra starter (the whole course), e.g. 30000",
            Self::Premium => {
                "the premium's pay is costed by the pay model; `cost` adds pounds a year per point"
            }
            Self::International | Self::Retention => {
                "cost = pounds a year per percentage point of the setting, e.g. 1.5e6"
            }
        }
    }
}

/// One lever of a plan with the settings the search may choose.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLever {
    /// Its name in the plan file, e.g. `graduates`.
    pub name: String,
    /// What it changes.
    pub kind: LeverKind,
    /// Role ids covered (every role when empty); premium, international and retention.
    pub roles: Vec<String>,
    /// Region ids covered (every region when empty).
    pub regions: Vec<String>,
    /// The settings, lowest first, in the kind's unit (see [`LeverKind::unit`]).
    pub settings: Vec<f64>,
    /// First calendar year in force.
    pub from: i32,
    /// Pounds per unit: per extra starter for an intake, a year per point otherwise.
    pub cost: f64,
}

impl PlanLever {
    /// The cost of `setting` that does not depend on the draws, in pounds over the years to
    /// the `horizon`, each year discounted by `discount`: an intake's extra starters times
    /// the cost of a course, or the setting's points times the yearly cost per point. A
    /// premium's pay is measured from the draws on top of this.
    ///
    /// ```
    /// use wfcast_core::plan::{LeverKind, PlanLever};
    /// let l = PlanLever { name: "grads".into(), kind: LeverKind::Intake("graduate_scheme".into()),
    ///     roles: vec![], regions: vec![], settings: vec![0.0, 100.0], from: 2026, cost: 30_000.0 };
    /// // 100 extra starters a year in 2026-2030 at 30,000 a course, undiscounted
    /// assert_eq!(l.fixed_cost(100.0, 2030, &|_| 1.0), 5.0 * 100.0 * 30_000.0);
    /// ```
    pub fn fixed_cost(&self, setting: f64, horizon: i32, discount: &dyn Fn(i32) -> f64) -> f64 {
        (self.from..=horizon)
            .map(|y| setting * self.cost * discount(y))
            .sum()
    }

    /// The lever's `[policy]` entry at `setting` in a scenario extending `planned`, or
    /// `None` when the setting changes nothing (zero). The kind of list it joins is the
    /// first value.
    fn entry(&self, setting: f64, planned: &Scenario) -> Option<(&'static str, toml::Table)> {
        if setting == 0.0 {
            return None;
        }
        let mut t = toml::Table::new();
        let scope = |t: &mut toml::Table| {
            if !self.roles.is_empty() {
                t.insert("roles".into(), self.roles.clone().into());
            }
            if !self.regions.is_empty() {
                t.insert("regions".into(), self.regions.clone().into());
            }
        };
        let list = match &self.kind {
            LeverKind::Intake(route) => {
                t.insert("route".into(), route.clone().into());
                let base = central_intake(planned, route, self.from);
                t.insert("multiplier".into(), (1.0 + setting / base).into());
                "intake"
            }
            LeverKind::Premium => {
                scope(&mut t);
                t.insert("percent".into(), setting.into());
                "premium"
            }
            LeverKind::International => {
                scope(&mut t);
                t.insert("extra_fill".into(), (setting / 100.0).into());
                "international"
            }
            LeverKind::Retention => {
                scope(&mut t);
                t.insert("multiplier".into(), (1.0 - setting / 100.0).into());
                "retention"
            }
        };
        t.insert("from".into(), i64::from(self.from).into());
        Some((list, t))
    }
}

/// A route's central intake (or places) a year in `year` in `planned`: the file's central
/// value times the intake changes already in force then, so that an intake lever's setting
/// is extra starters on top of what the scenario plans. At least one, so a route with no
/// intake gets its extra starters as a multiple of one.
fn central_intake(planned: &Scenario, route: &str, year: i32) -> f64 {
    let spec = &planned.spec;
    let central = spec
        .routes
        .iter()
        .find(|r| r.name == route)
        .map(|r| r.intake.central())
        .or_else(|| {
            spec.upskilling
                .iter()
                .find(|u| u.name == route)
                .map(|u| u.places.central())
        })
        .unwrap_or(1.0);
    let changes: f64 = spec
        .levers
        .intake
        .iter()
        .filter(|c| c.route == route && c.from <= year)
        .map(|c| c.multiplier)
        .product();
    (central * changes).max(1.0)
}

/// The text of the scenario file that is `planned` with `levers` at `settings`: it extends
/// `extends`, is named `name`, runs `draws` draws from `seed`, and restates the planned
/// scenario's `[policy]` lists with each lever's entry added (a child's list replaces the
/// inherited one). `header` is written as comments at the top.
#[allow(clippy::too_many_arguments)]
pub fn package_text(
    planned: &Scenario,
    levers: &[PlanLever],
    settings: &[f64],
    extends: &str,
    name: &str,
    description: &str,
    run: (u64, u64),
    header: &str,
) -> String {
    let mut doc = toml::Table::new();
    doc.insert("extends".into(), extends.into());
    let mut scenario = toml::Table::new();
    scenario.insert("name".into(), name.into());
    scenario.insert("description".into(), description.into());
    scenario.insert("draws".into(), (run.0 as i64).into());
    scenario.insert("seed".into(), (run.1 as i64).into());
    doc.insert("scenario".into(), scenario.into());
    let mut policy = planned.policy_toml();
    for (lever, &setting) in levers.iter().zip(settings) {
        if let Some((list, entry)) = lever.entry(setting, planned) {
            let slot = policy
                .entry(list.to_owned())
                .or_insert_with(|| toml::Value::Array(Vec::new()));
            if let Some(a) = slot.as_array_mut() {
                a.push(entry.into());
            }
        }
    }
    if !policy.is_empty() {
        doc.insert("policy".into(), policy.into());
    }
    let body = toml::to_string(&doc).unwrap_or_default();
    let comments: String = header.lines().map(|l| format!("# {l}\n")).collect();
    format!("{comments}{body}")
}
