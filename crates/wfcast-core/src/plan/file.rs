//! Plan files as written (TOML with source positions) and their checks, with the same
//! conventions and located errors as scenario files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::levers::{LeverKind, PlanLever};
use super::target::{Bound, Target, Years};
use crate::error::{Error, Location, Result, did_you_mean};
use crate::input::Baseline;
use crate::model::{Measure, Metric};
use crate::scenario::{Chain, SHIPPED_PREFIX, Scenario};

/// Default draws per candidate while searching.
pub const DEFAULT_SEARCH_DRAWS: u64 = 200;
/// Fewest draws per candidate: with fewer the probability's standard error is too wide to
/// choose between packages.
pub const MIN_SEARCH_DRAWS: u64 = 20;
/// Most draws per candidate while searching (the final check uses the scenario's draws).
pub const MAX_SEARCH_DRAWS: u64 = 100_000;
/// Default cap on the candidates a search evaluates.
pub const DEFAULT_MAX_CANDIDATES: u64 = 150;
/// Most levers a plan may have.
pub const MAX_LEVERS: usize = 12;
/// Most settings one lever's range may hold (`(to - from) / step + 1`).
pub const MAX_SETTINGS: usize = 201;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: Header,
    target: TargetFile,
    lever: BTreeMap<Spanned<String>, LeverFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    name: Spanned<String>,
    scenario: Spanned<String>,
    #[serde(default)]
    description: String,
    draws: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
    discount_rate: Option<Spanned<f64>>,
    budget: Option<Spanned<f64>>,
    max_candidates: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    metric: Spanned<String>,
    at_most: Option<Spanned<f64>>,
    at_least: Option<Spanned<f64>>,
    year: Option<Spanned<i64>>,
    from: Option<Spanned<i64>>,
    role: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    probability: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LeverFile {
    kind: Spanned<String>,
    route: Option<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    regions: Vec<Spanned<String>>,
    range: Spanned<Vec<f64>>,
    step: Spanned<f64>,
    from: Option<Spanned<i64>>,
    cost: Option<Spanned<f64>>,
}

/// A plan, checked against the scenario it plans for.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Its name: the output folder is `plan-<name>`.
    pub name: String,
    /// What it asks, in a sentence.
    pub description: String,
    /// The plan file.
    pub path: PathBuf,
    /// The scenario planned for, as the plan file names it (`shipped:<name>` or a path
    /// relative to the plan file).
    pub scenario: String,
    /// The planned scenario's file, as read (the shipped name, or the path from the folder
    /// wfcast runs in).
    pub scenario_path: PathBuf,
    /// Draws per candidate while searching.
    pub search_draws: u64,
    /// The seed of the search's draws (the final check uses the scenario's own).
    pub search_seed: u64,
    /// Yearly discount rate on costs (0 for none; the Green Book's is 0.035).
    pub discount_rate: f64,
    /// The most a package may cost in total, if capped (GBP).
    pub budget: Option<f64>,
    /// The most candidates the search evaluates.
    pub max_candidates: u64,
    /// What the package must achieve.
    pub target: Target,
    /// The levers, in name order.
    pub levers: Vec<PlanLever>,
}

/// Reads the plan file at `path` and the scenario it names, checks both against
/// `baseline`, and returns the plan, the scenario's chain of files (to extend with lever
/// packages) and the scenario itself. All problems of the plan are reported together.
pub fn load_plan(path: &Path, baseline: &Baseline) -> Result<(Plan, Chain, Scenario)> {
    let bytes = crate::input::read_bounded(path).map_err(|e| {
        Error::input(
            Location::file(path),
            format!("cannot read the plan file: {e}"),
        )
        .with_help("check the path; a relative path starts from the folder wfcast runs in")
    })?;
    let text = Error::utf8(path, bytes, "save it as UTF-8")?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
    if text.trim().is_empty() {
        return Err(Error::input(Location::file(path), "the plan file is empty")
            .with_help("start from plans/data-driven.toml, which is commented"));
    }
    let file: PlanFile = crate::toml_all::parse(path, &text)?;
    let at = |span: std::ops::Range<usize>| Location::at_offset(path, &text, span.start);
    let named = file.plan.scenario.get_ref();
    let scenario_path = if named.starts_with(SHIPPED_PREFIX) {
        PathBuf::from(named)
    } else {
        path.parent().unwrap_or(Path::new("")).join(named)
    };
    if !named.starts_with(SHIPPED_PREFIX) && !scenario_path.is_file() {
        return Err(Error::input(
            at(file.plan.scenario.span()),
            format!(
                "scenario = \"{named}\": {} is not a file",
                scenario_path.display()
            ),
        )
        .with_help("a path is relative to the plan file; a shipped future is `shipped:<name>`"));
    }
    let (chain, scenario) = Chain::read(&scenario_path, baseline)?;
    let mut errors = Vec::new();
    let mut problem = |span: std::ops::Range<usize>, msg: String, help: &str| {
        errors.push(Error::input(at(span), msg).with_help(help.to_owned()));
    };
    let h = &file.plan;
    check_name(h.name.get_ref(), h.name.span(), &mut problem);
    let search_draws = match &h.draws {
        Some(d) => {
            let n = *d.get_ref();
            if n < MIN_SEARCH_DRAWS as i64 || n > MAX_SEARCH_DRAWS as i64 {
                problem(
                    d.span(),
                    format!("draws = {n} must be from {MIN_SEARCH_DRAWS} to {MAX_SEARCH_DRAWS}"),
                    "the draws each candidate is judged on while searching; 200 is a good start",
                );
            }
            n.clamp(MIN_SEARCH_DRAWS as i64, MAX_SEARCH_DRAWS as i64) as u64
        }
        None => DEFAULT_SEARCH_DRAWS,
    };
    let search_seed = match &h.seed {
        Some(s) if *s.get_ref() < 0 => {
            problem(s.span(), "seed must be 0 or more".into(), "e.g. seed = 1");
            0
        }
        Some(s) => s.get_ref().unsigned_abs(),
        // the search's draws differ from the check's, so the check is not the draws the
        // package was chosen on
        None => scenario.seed.wrapping_add(1),
    };
    let discount_rate = match &h.discount_rate {
        Some(r) if !(0.0..=0.2).contains(r.get_ref()) => {
            problem(
                r.span(),
                format!("discount_rate = {} must be from 0 to 0.2", r.get_ref()),
                "a yearly rate, e.g. 0.035 (HM Treasury's Green Book)",
            );
            0.0
        }
        Some(r) => *r.get_ref(),
        None => 0.0,
    };
    let budget = match &h.budget {
        Some(b) if !(b.get_ref().is_finite() && *b.get_ref() >= 0.0) => {
            problem(
                b.span(),
                format!(
                    "budget = {} must be a sum of pounds, 0 or more",
                    b.get_ref()
                ),
                "the most the package may cost over the years to the horizon, e.g. 50e6",
            );
            None
        }
        b => b.as_ref().map(|b| *b.get_ref()),
    };
    let max_candidates = match &h.max_candidates {
        Some(m) if !(1..=10_000).contains(m.get_ref()) => {
            problem(
                m.span(),
                format!("max_candidates = {} must be from 1 to 10000", m.get_ref()),
                "the most lever packages the search evaluates; 150 is the default",
            );
            DEFAULT_MAX_CANDIDATES
        }
        Some(m) => *m.get_ref() as u64,
        None => DEFAULT_MAX_CANDIDATES,
    };
    let target = check_target(&file.target, &scenario, baseline, &mut problem);
    if file.lever.is_empty() {
        problem(
            0..0,
            "the plan has no lever".into(),
            "add at least one [lever.<name>] table",
        );
    }
    if file.lever.len() > MAX_LEVERS {
        problem(
            0..0,
            format!(
                "the plan has {} levers, more than {MAX_LEVERS}",
                file.lever.len()
            ),
            "a search over so many levers would not finish in a meeting: choose the likeliest",
        );
    }
    let levers: Vec<PlanLever> = file
        .lever
        .iter()
        .filter_map(|(name, l)| check_lever(name, l, &scenario, baseline, &mut problem))
        .collect();
    overlapping_premiums(&levers, &file.lever, &mut problem);
    Error::collect(errors)?;
    let plan = Plan {
        name: h.name.get_ref().clone(),
        description: h.description.clone(),
        path: path.to_owned(),
        scenario: named.clone(),
        scenario_path,
        search_draws,
        search_seed,
        discount_rate,
        budget,
        max_candidates,
        target: target.ok_or_else(|| Error::Model("target unchecked".into()))?,
        levers,
    };
    Ok((plan, chain, scenario))
}

type Report<'a> = dyn FnMut(std::ops::Range<usize>, String, &str) + 'a;

fn check_name(name: &str, span: std::ops::Range<usize>, problem: &mut Report<'_>) {
    // the same rule as a scenario's name, which also names a folder
    if let Some((message, help)) = crate::scenario::name_problem(name) {
        problem(
            span,
            message.replacen("scenario name", "plan name", 1),
            help,
        );
    }
}

fn check_target(
    t: &TargetFile,
    scenario: &Scenario,
    baseline: &Baseline,
    problem: &mut Report<'_>,
) -> Option<Target> {
    let routes = route_names(scenario);
    let metric = match Measure::parse(t.metric.get_ref()) {
        Some(Measure::Route(_, route)) if !routes.contains(&route.as_str()) => {
            problem(
                t.metric.span(),
                format!(
                    "`{}` has no route `{route}` for `{}`",
                    scenario.name,
                    t.metric.get_ref()
                ),
                &format!("the scenario's routes: {}", routes.join(", ")),
            );
            None
        }
        Some(m) => Some(m),
        None => {
            let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
            let help = did_you_mean(t.metric.get_ref(), names.iter().copied()).map_or_else(
                || {
                    format!(
                        "one of: {}, or a route's, e.g. joiners_<route>",
                        names.join(", ")
                    )
                },
                |m| format!("did you mean `{m}`?"),
            );
            problem(
                t.metric.span(),
                format!("unknown metric `{}`", t.metric.get_ref()),
                &help,
            );
            None
        }
    };
    let (bound, threshold) = match (&t.at_most, &t.at_least) {
        (Some(v), None) => (Bound::AtMost, v),
        (None, Some(v)) => (Bound::AtLeast, v),
        _ => {
            problem(
                t.metric.span(),
                "the target needs exactly one of `at_most` and `at_least`".into(),
                "e.g. at_most = 0.1 for a vacancy rate of at most 10%",
            );
            return None;
        }
    };
    if !threshold.get_ref().is_finite() {
        problem(
            threshold.span(),
            "the threshold must be a finite number".into(),
            "e.g. at_most = 0.1",
        );
    }
    if metric.as_ref().is_some_and(|m| *m == Metric::VacancyRate)
        && !(0.0..=1.0).contains(threshold.get_ref())
    {
        problem(
            threshold.span(),
            format!(
                "a vacancy rate of {} is not a share from 0 to 1",
                threshold.get_ref()
            ),
            "write 10% as 0.1",
        );
    }
    let p = *t.probability.get_ref();
    if !(p > 0.0 && p < 1.0) {
        problem(
            t.probability.span(),
            format!("probability = {p} must be above 0 and below 1"),
            "e.g. probability = 0.8: the package meets the target in 80% of draws",
        );
    }
    let first = i64::from(scenario.base_year) + 1;
    let last = i64::from(scenario.horizon);
    let year_ok = |y: &Spanned<i64>, problem: &mut Report<'_>| {
        if !(first..=last).contains(y.get_ref()) {
            problem(
                y.span(),
                format!(
                    "year {} is outside the projected years {first} to {last} of `{}`",
                    y.get_ref(),
                    scenario.name
                ),
                "choose a projected year (the base year is data, not a result)",
            );
        }
        i32::try_from(*y.get_ref()).unwrap_or(scenario.horizon)
    };
    let years = match (&t.year, &t.from) {
        (Some(_), Some(from)) => {
            problem(
                from.span(),
                "give `year` (one year) or `from` (every year from it), not both".into(),
                "remove one of them",
            );
            Years::In(scenario.horizon)
        }
        (Some(y), None) => Years::In(year_ok(y, problem)),
        (None, Some(y)) => Years::From(year_ok(y, problem)),
        (None, None) => Years::In(scenario.horizon),
    };
    let role = t.role.as_ref().and_then(|r| {
        let found = baseline.role_index(r.get_ref());
        if found.is_none() {
            let help = did_you_mean(r.get_ref(), baseline.roles.iter().map(|x| x.id.as_str()))
                .map_or("`wfcast list roles` lists them".to_owned(), |m| {
                    format!("did you mean `{m}`?")
                });
            problem(r.span(), format!("unknown role `{}`", r.get_ref()), &help);
        }
        found
    });
    let region = t.region.as_ref().and_then(|r| {
        let found = region_of(baseline, r.get_ref());
        if found.is_none() {
            problem(
                r.span(),
                format!("unknown region `{}`", r.get_ref()),
                "`wfcast list regions` lists them",
            );
        }
        found
    });
    Some(Target {
        metric: metric?,
        bound,
        threshold: *threshold.get_ref(),
        years,
        role,
        region,
        probability: p,
    })
}

/// The scenario's supply and upskilling routes, by name.
fn route_names(scenario: &Scenario) -> Vec<&str> {
    let spec = &scenario.spec;
    spec.routes
        .iter()
        .map(|r| r.name.as_str())
        .chain(spec.upskilling.iter().map(|u| u.name.as_str()))
        .collect()
}

/// A place below the top, at any level, by id or by name (`london` or `London`).
fn region_of(baseline: &Baseline, name: &str) -> Option<usize> {
    baseline.geography.lookup(name).filter(|&node| node > 0)
}

fn check_lever(
    name: &Spanned<String>,
    l: &LeverFile,
    scenario: &Scenario,
    baseline: &Baseline,
    problem: &mut Report<'_>,
) -> Option<PlanLever> {
    let kinds = ["intake", "premium", "international", "retention"];
    let kind = match l.kind.get_ref().as_str() {
        "intake" => {
            let Some(route) = &l.route else {
                problem(
                    l.kind.span(),
                    format!(
                        "lever `{}` changes an intake but names no route",
                        name.get_ref()
                    ),
                    "add route = \"<a pipeline or upskilling route of the scenario>\"",
                );
                return None;
            };
            let routes = route_names(scenario);
            if !routes.contains(&route.get_ref().as_str()) {
                let help = did_you_mean(route.get_ref(), routes.iter().copied()).map_or_else(
                    || format!("the scenario's routes: {}", routes.join(", ")),
                    |m| format!("did you mean `{m}`?"),
                );
                problem(
                    route.span(),
                    format!("`{}` has no route `{}`", scenario.name, route.get_ref()),
                    &help,
                );
                return None;
            }
            LeverKind::Intake(route.get_ref().clone())
        }
        "premium" => LeverKind::Premium,
        "international" => LeverKind::International,
        "retention" => LeverKind::Retention,
        other => {
            let help = did_you_mean(other, kinds).map_or_else(
                || format!("one of: {}", kinds.join(", ")),
                |m| format!("did you mean `{m}`?"),
            );
            problem(
                l.kind.span(),
                format!("unknown lever kind `{other}`"),
                &help,
            );
            return None;
        }
    };
    if l.route.is_some() && !matches!(kind, LeverKind::Intake(_)) {
        problem(
            l.route.as_ref().map_or(0..0, Spanned::span),
            format!("a `{}` lever has no route", l.kind.get_ref()),
            "remove `route`, or use kind = \"intake\"",
        );
    }
    if matches!(kind, LeverKind::Intake(_)) && !(l.roles.is_empty() && l.regions.is_empty()) {
        problem(
            l.kind.span(),
            "an intake lever covers its route, not roles or regions".into(),
            "remove `roles` and `regions` (the route's own mix applies)",
        );
    }
    let mut roles = Vec::new();
    for r in &l.roles {
        if baseline.role_index(r.get_ref()).is_none() {
            problem(
                r.span(),
                format!("unknown role `{}`", r.get_ref()),
                "`wfcast list roles` lists them",
            );
        }
        roles.push(r.get_ref().clone());
    }
    let mut regions = Vec::new();
    for r in &l.regions {
        match region_of(baseline, r.get_ref()) {
            Some(node) => regions.push(baseline.geography.nodes()[node].id.clone()),
            None => problem(
                r.span(),
                format!("unknown region `{}`", r.get_ref()),
                "`wfcast list regions` lists them",
            ),
        }
    }
    let settings = settings(&l.range, &l.step, &kind, problem)?;
    let first = i64::from(scenario.base_year) + 1;
    let from = match &l.from {
        Some(y) if !(first..=i64::from(scenario.horizon)).contains(y.get_ref()) => {
            problem(
                y.span(),
                format!(
                    "from = {} is outside the projected years {first} to {}",
                    y.get_ref(),
                    scenario.horizon
                ),
                "the first year the lever is in force",
            );
            scenario.base_year + 1
        }
        Some(y) => i32::try_from(*y.get_ref()).unwrap_or(scenario.base_year + 1),
        None => scenario.base_year + 1,
    };
    let cost = match (&l.cost, &kind) {
        (Some(c), _) if !(c.get_ref().is_finite() && *c.get_ref() >= 0.0) => {
            problem(
                c.span(),
                format!("cost = {} must be a sum of pounds, 0 or more", c.get_ref()),
                kind.cost_help(),
            );
            0.0
        }
        (Some(c), _) => *c.get_ref(),
        (None, LeverKind::Premium) => 0.0,
        (None, _) => {
            problem(
                l.kind.span(),
                format!("lever `{}` has no cost", name.get_ref()),
                kind.cost_help(),
            );
            0.0
        }
    };
    Some(PlanLever {
        name: name.get_ref().clone(),
        kind,
        roles,
        regions,
        settings,
        from,
        cost,
    })
}

/// The settings of a lever's range, from `range[0]` to `range[1]` by `step`.
fn settings(
    range: &Spanned<Vec<f64>>,
    step: &Spanned<f64>,
    kind: &LeverKind,
    problem: &mut Report<'_>,
) -> Option<Vec<f64>> {
    let (lo, hi) = match range.get_ref().as_slice() {
        [lo, hi] if lo.is_finite() && hi.is_finite() && lo <= hi => (*lo, *hi),
        _ => {
            problem(
                range.span(),
                "range must be two numbers, lowest first".into(),
                kind.range_help(),
            );
            return None;
        }
    };
    let (min, max) = kind.limits();
    if lo < min || hi > max {
        problem(
            range.span(),
            format!("range [{lo}, {hi}] goes outside {min} to {max}"),
            kind.range_help(),
        );
        return None;
    }
    let s = *step.get_ref();
    if !(s.is_finite() && s > 0.0) {
        problem(
            step.span(),
            format!("step = {s} must be above 0"),
            "the distance between two settings tried",
        );
        return None;
    }
    let count = ((hi - lo) / s).round();
    if ((hi - lo) / s - count).abs() > 1e-9 * count.max(1.0) {
        problem(
            step.span(),
            format!("step = {s} does not divide the range [{lo}, {hi}] into whole steps"),
            "choose a step that reaches the top of the range exactly",
        );
        return None;
    }
    if count as usize + 1 > MAX_SETTINGS {
        problem(
            step.span(),
            format!(
                "step = {s} makes {} settings, more than {MAX_SETTINGS}",
                count + 1.0
            ),
            "use a coarser step",
        );
        return None;
    }
    // each setting computed from the start, so no rounding builds up along the range
    Some((0..=count as usize).map(|i| lo + s * i as f64).collect())
}

/// Refuses two premium levers paying the same role and region: each premium's cost is
/// measured on the staff it covers, so overlapping premiums would count the same pay twice.
fn overlapping_premiums(
    levers: &[PlanLever],
    files: &BTreeMap<Spanned<String>, LeverFile>,
    problem: &mut Report<'_>,
) {
    let premiums: Vec<&PlanLever> = levers
        .iter()
        .filter(|l| l.kind == LeverKind::Premium)
        .collect();
    for (i, a) in premiums.iter().enumerate() {
        for b in &premiums[i + 1..] {
            let meet = |x: &[String], y: &[String]| {
                x.is_empty() || y.is_empty() || x.iter().any(|v| y.contains(v))
            };
            if meet(&a.roles, &b.roles) && meet(&a.regions, &b.regions) {
                let span = files
                    .iter()
                    .find(|(n, _)| n.get_ref() == &b.name)
                    .map_or(0..0, |(n, _)| n.span());
                problem(
                    span,
                    format!(
                        "premium levers `{}` and `{}` both pay some of the same staff",
                        a.name, b.name
                    ),
                    "give each premium lever roles or regions of its own",
                );
            }
        }
    }
}
