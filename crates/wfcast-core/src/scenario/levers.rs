//! Supply routes (pipelines), demand programmes and policy levers as written in scenario
//! files. Each is a plain record; the engines turn them into flows.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::limits::{
    COURSE_YEARS, INTAKE, INTAKE_MULTIPLIER, LEVER_YEAR, Limit, PREMIUM_PERCENT, PROGRAMME_WTE,
    RETENTION_MULTIPLIER, SHARE, WEIGHT,
};
use super::uncertain::Uncertain;
use super::values::short;

/// A training route into the workforce, e.g. the NHS graduate DDaT scheme: trainees enter
/// each year, spend `course_years` in training, and those who complete and stay join the
/// staff in post in the roles of `roles`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pipeline {
    /// Trainees starting each year, nationally (split by region as `regions`, or by the
    /// regional share of the workforce).
    pub intake: Spanned<Uncertain>,
    /// Years in training before completing.
    pub course_years: Spanned<i64>,
    /// Share of trainees who complete.
    pub completion: Spanned<Uncertain>,
    /// Share of completers who take an NHS digital post.
    pub retention: Spanned<Uncertain>,
    /// Role mix of completers: role id -> weight (weights are normalised).
    pub roles: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// Agenda for Change band completers join at, e.g. "5".
    pub entry_band: Spanned<String>,
    /// Age band completers join at, e.g. "20-24".
    pub entry_age: Spanned<String>,
    /// Optional regional split of the intake: region id -> weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
}

/// A demand programme: a named step change in the establishment, e.g. an EPR roll-out that
/// adds WTE to some roles and regions from a given year.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Programme {
    /// What the programme is.
    pub name: String,
    /// WTE added in total across the roles and regions covered (negative removes posts).
    pub wte: Spanned<Uncertain>,
    /// First year the posts are funded.
    pub from: Spanned<i64>,
    /// Roles covered (all if absent), shared in proportion to their base establishment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Spanned<String>>,
    /// Regions covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
}

/// A recruitment and retention premium: pay for the covered roles and regions rises by
/// `percent` from year `from`, which narrows the gap to the market (more vacancies filled,
/// fewer leavers, through the labour-market elasticities) and raises pay cost.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Premium {
    /// Percent of basic pay, e.g. 10.
    pub percent: Spanned<f64>,
    /// First year paid.
    pub from: Spanned<i64>,
    /// Roles covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Spanned<String>>,
    /// Regions covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
}

/// A retention initiative: leaving rates of the covered roles and regions are multiplied by
/// `multiplier` from year `from` (0.85 = 15% fewer leavers).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Retention {
    /// Multiplier on leaving rates.
    pub multiplier: Spanned<f64>,
    /// First year in force.
    pub from: Spanned<i64>,
    /// Roles covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Spanned<String>>,
    /// Regions covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
}

/// An international recruitment drive: from year `from`, an extra share of the vacancies
/// left after domestic hiring is filled from abroad.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InternationalDrive {
    /// Extra share of remaining vacancies filled internationally (0.1 = 10%).
    pub extra_fill: Spanned<f64>,
    /// First year in force.
    pub from: Spanned<i64>,
    /// Roles covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Spanned<String>>,
    /// Regions covered (all if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
}

/// A change to a pipeline's intake from a given year (2.0 = double the intake).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IntakeChange {
    /// The route, as named under `[pipelines]`.
    pub route: Spanned<String>,
    /// Multiplier on the route's intake.
    pub multiplier: Spanned<f64>,
    /// First year of the changed intake.
    pub from: Spanned<i64>,
}

/// The `[policy]` table: lists of levers. A child scenario's list of a kind replaces the
/// inherited list of that kind.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Policy {
    /// Recruitment and retention premiums.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<Vec<Premium>>,
    /// Retention initiatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Vec<Retention>>,
    /// International recruitment drives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub international: Option<Vec<InternationalDrive>>,
    /// Pipeline intake changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<Vec<IntakeChange>>,
}

impl Policy {
    /// Overlays `child` on `self`: each list the child gives replaces the inherited one.
    pub(crate) fn merged_with(self, child: Self) -> Self {
        Self {
            premium: child.premium.or(self.premium),
            retention: child.retention.or(self.retention),
            international: child.international.or(self.international),
            intake: child.intake.or(self.intake),
        }
    }
}

/// A role-to-role move: each year a share `rate` of the staff who stay in role `from`
/// move to role `to` (same band, age and region), e.g. data analyst -> data scientist.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleMove {
    /// Role moved out of.
    pub from: Spanned<String>,
    /// Role moved into.
    pub to: Spanned<String>,
    /// Annual probability for a person staying in `from`.
    pub rate: Spanned<Uncertain>,
}

impl RoleMove {
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        uncertain_check(&self.rate, SHARE, "rate", &mut p);
        if self.from.get_ref() == self.to.get_ref() {
            p.push((
                self.to.span(),
                format!("a move from `{}` to itself", self.to.get_ref()),
                "give two different roles".into(),
            ));
        }
        p
    }

    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        vec![(&self.from, NameKind::Role), (&self.to, NameKind::Role)]
    }
}

/// What kind of name a key or value refers to, for checking it against the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    Role,
    Region,
    Band,
    AgeBand,
    Route,
}

/// A problem found in a lever: where (byte span), what, and how to fix it.
pub(crate) type Problem = (Range<usize>, String, String);

/// A route's `regions` that give no region a positive weight: with nothing to share the
/// intake by, it would all go to one region, so such a mix is refused like all-zero role
/// weights. `fallback` locates an empty mix, which has no value to point at.
pub(crate) fn region_mix_check(
    regions: Option<&BTreeMap<Spanned<String>, Spanned<f64>>>,
    fallback: Range<usize>,
    problems: &mut Vec<Problem>,
) {
    let Some(mix) = regions else { return };
    if mix.values().map(|w| *w.get_ref()).sum::<f64>() <= 0.0 {
        problems.push((
            mix.values().next().map_or(fallback, Spanned::span),
            "the route's `regions` give no region a positive weight".into(),
            "give at least one region a weight above 0, e.g. regions = { london = 0.3, midlands = 0.7 }, or leave `regions` out to share by the workforce".into(),
        ));
    }
}

pub(crate) fn range_check(
    v: &Spanned<f64>,
    Limit { lo, hi }: Limit,
    what: &str,
    problems: &mut Vec<Problem>,
) {
    let x = *v.get_ref();
    if !x.is_finite() || x < lo || x > hi {
        problems.push((
            v.span(),
            format!("{what} = {} is out of range", crate::error::number(x)),
            format!("{what} must be from {lo} to {hi}"),
        ));
    }
}

fn year_check(v: &Spanned<i64>, problems: &mut Vec<Problem>) {
    let y = *v.get_ref();
    if !LEVER_YEAR.contains(&y) {
        problems.push((
            v.span(),
            format!("from = {y} is not a plausible year"),
            "give a calendar year such as 2026".into(),
        ));
    }
}

pub(crate) fn uncertain_check(
    v: &Spanned<Uncertain>,
    Limit { lo, hi }: Limit,
    what: &str,
    problems: &mut Vec<Problem>,
) {
    let u = v.get_ref();
    let (a, b) = u.support();
    let c = u.central();
    if !(lo..=hi).contains(&c) || a.is_finite() && a < lo || b.is_finite() && b > hi {
        problems.push((
            v.span(),
            format!("{what} = {u} is out of range"),
            format!("{what} must lie from {lo} to {hi}"),
        ));
    } else if let Some((p10, p90)) = u.p10_p90()
        && (p10 < lo || p90 > hi)
    {
        // the rule of `values::check_range`: a normal's P10 and P90 must lie in the range
        problems.push((
            v.span(),
            format!(
                "{what} = {u}: its P10 and P90 are {}, {}, outside the valid range: more than a tenth of the draws would be cut off at a bound",
                short(p10),
                short(p90)
            ),
            format!("{what} must lie from {lo} to {hi}: narrow the distribution"),
        ));
    }
}

fn scope_names<'a>(
    roles: &'a [Spanned<String>],
    regions: &'a [Spanned<String>],
    out: &mut Vec<(&'a Spanned<String>, NameKind)>,
) {
    out.extend(roles.iter().map(|r| (r, NameKind::Role)));
    out.extend(regions.iter().map(|r| (r, NameKind::Region)));
}

impl Pipeline {
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        uncertain_check(&self.intake, INTAKE, "intake", &mut p);
        uncertain_check(&self.completion, SHARE, "completion", &mut p);
        uncertain_check(&self.retention, SHARE, "retention", &mut p);
        let years = *self.course_years.get_ref();
        if !COURSE_YEARS.contains(&years) {
            p.push((
                self.course_years.span(),
                format!("course_years = {years} is out of range"),
                format!(
                    "a course lasts {} to {} years",
                    COURSE_YEARS.start(),
                    COURSE_YEARS.end()
                ),
            ));
        }
        for w in self
            .roles
            .values()
            .chain(self.regions.iter().flat_map(|r| r.values()))
        {
            range_check(w, WEIGHT, "weight", &mut p);
        }
        if self.roles.values().map(|w| *w.get_ref()).sum::<f64>() <= 0.0 {
            p.push((
                self.entry_band.span(),
                "the route's `roles` give no role a positive weight".into(),
                "e.g. roles = { data_analyst = 0.6, data_engineer = 0.4 }".into(),
            ));
        }
        region_mix_check(self.regions.as_ref(), self.entry_band.span(), &mut p);
        p
    }

    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        let mut out: Vec<_> = self.roles.keys().map(|k| (k, NameKind::Role)).collect();
        out.extend(
            self.regions
                .iter()
                .flat_map(|r| r.keys())
                .map(|k| (k, NameKind::Region)),
        );
        out.push((&self.entry_band, NameKind::Band));
        out.push((&self.entry_age, NameKind::AgeBand));
        out
    }
}

impl Programme {
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        uncertain_check(&self.wte, PROGRAMME_WTE, "wte", &mut p);
        year_check(&self.from, &mut p);
        p
    }
}

impl Policy {
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        for x in self.premium.iter().flatten() {
            range_check(&x.percent, PREMIUM_PERCENT, "percent", &mut p);
            year_check(&x.from, &mut p);
        }
        for x in self.retention.iter().flatten() {
            range_check(&x.multiplier, RETENTION_MULTIPLIER, "multiplier", &mut p);
            year_check(&x.from, &mut p);
        }
        for x in self.international.iter().flatten() {
            range_check(&x.extra_fill, SHARE, "extra_fill", &mut p);
            year_check(&x.from, &mut p);
        }
        for x in self.intake.iter().flatten() {
            range_check(&x.multiplier, INTAKE_MULTIPLIER, "multiplier", &mut p);
            year_check(&x.from, &mut p);
        }
        p
    }

    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        let mut out = Vec::new();
        for x in self.premium.iter().flatten() {
            scope_names(&x.roles, &x.regions, &mut out);
        }
        for x in self.retention.iter().flatten() {
            scope_names(&x.roles, &x.regions, &mut out);
        }
        for x in self.international.iter().flatten() {
            scope_names(&x.roles, &x.regions, &mut out);
        }
        out.extend(
            self.intake
                .iter()
                .flatten()
                .map(|x| (&x.route, NameKind::Route)),
        );
        out
    }
}

impl Programme {
    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        let mut out = Vec::new();
        scope_names(&self.roles, &self.regions, &mut out);
        out
    }
}
