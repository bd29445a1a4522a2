//! Checks of a scenario chain: rates that add up to more than everyone, distributions that
//! leave a parameter's range, and names the baseline does not know.

use toml::Spanned;

use super::file::Loaded;
use super::levers::{NameKind, Problem, RoleMove};
use super::rules::{ParamRule, RULES};
use super::uncertain::Uncertain;
use crate::error::{Error, Location, did_you_mean};
use crate::input::Baseline;
use crate::taxonomy::{AGE_BANDS, BANDS, REGIONS};

/// The roles whose moves out add up to more than everyone: each move's rate may be valid on
/// its own while together they would move more people than the role has.
pub(super) fn moves_above_one(moves: &[RoleMove]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, m) in moves.iter().enumerate() {
        let from = m.from.get_ref();
        if moves[..i]
            .iter()
            .any(|earlier| earlier.from.get_ref() == from)
        {
            continue;
        }
        let group: Vec<&RoleMove> = moves[i..]
            .iter()
            .filter(|o| o.from.get_ref() == from)
            .collect();
        let total: f64 = group.iter().map(|o| o.rate.get_ref().central()).sum();
        if group.len() > 1 && total > 1.0 {
            let last = group[group.len() - 1];
            problems.push((
                last.rate.span(),
                format!(
                    "the moves out of `{from}` add up to {} a year, more than everyone in the role",
                    (total * 1e6).round() / 1e6
                ),
                "the rates of all moves from one role must sum to at most 1".to_owned(),
            ));
        }
    }
    problems
}

/// Why `u` does not fit `rule`'s range, if it does not.
pub(super) fn check_range(u: &Uncertain, rule: &ParamRule) -> Option<String> {
    let (lo, hi) = u.support();
    let c = u.central();
    if !(rule.lo..=rule.hi).contains(&c) {
        return Some(format!("the central value {c} is out of range"));
    }
    if lo.is_finite() && lo < rule.lo || hi.is_finite() && hi > rule.hi {
        return Some(format!(
            "the distribution reaches [{lo}, {hi}], outside the valid range"
        ));
    }
    None
}

pub(super) fn check_names(l: &Loaded, baseline: &Baseline, chain: &[Loaded]) -> Vec<Error> {
    let roles: Vec<&str> = baseline.roles.iter().map(|r| r.id.as_str()).collect();
    let regions: Vec<&str> = REGIONS.iter().map(|r| r.0).collect();
    let routes: Vec<&str> = chain
        .iter()
        .flat_map(|c| {
            c.file
                .pipelines
                .iter()
                .flatten()
                .map(|(k, _)| k.get_ref().as_str())
                .chain(
                    c.file
                        .upskilling
                        .iter()
                        .flatten()
                        .map(|(k, _)| k.get_ref().as_str()),
                )
        })
        .collect();
    let mut errors = Vec::new();
    let mut check = |key: &Spanned<String>, kind: NameKind| {
        let (what, known): (&str, Vec<&str>) = match kind {
            NameKind::Role => ("role", roles.clone()),
            NameKind::Region => ("region", regions.clone()),
            NameKind::Band => ("band", BANDS.to_vec()),
            NameKind::AgeBand => ("age band", AGE_BANDS.to_vec()),
            NameKind::Route => ("pipeline route", routes.clone()),
        };
        if !known.contains(&key.get_ref().as_str()) {
            let err = Error::input(
                Location::at_offset(&l.path, &l.text, key.span().start),
                format!("unknown {what} `{}`", key.get_ref()),
            );
            errors.push(match did_you_mean(key.get_ref(), known.iter().copied()) {
                Some(near) => err.with_help(format!("did you mean `{near}`?")),
                None => err.with_help(format!("known {what}s: {}", known.join(", "))),
            });
        }
    };
    for rule in &RULES {
        let Some(param) = l.file.param(rule.id) else {
            continue;
        };
        let p = param.get_ref();
        p.role.keys().for_each(|k| check(k, NameKind::Role));
        p.region.keys().for_each(|k| check(k, NameKind::Region));
        for (role, by_region) in &p.role_region {
            check(role, NameKind::Role);
            by_region.keys().for_each(|k| check(k, NameKind::Region));
        }
    }
    for (_, p) in l.file.pipelines.iter().flatten() {
        p.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    for (_, u) in l.file.upskilling.iter().flatten() {
        u.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    for p in l
        .file
        .demand
        .iter()
        .flat_map(|d| d.programme.iter().flatten())
    {
        p.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    for m in l
        .file
        .mobility
        .iter()
        .flat_map(|m| m.role_move.iter().flatten())
    {
        m.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    if let Some(p) = &l.file.policy {
        p.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    for m in l.file.promotion.iter().flat_map(|p| p.matrix.iter()) {
        m.names().into_iter().for_each(|(k, kind)| check(k, kind));
    }
    errors
}

