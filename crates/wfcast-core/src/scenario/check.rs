//! Checks of a scenario chain: rates that add up to more than everyone, distributions that
//! leave a parameter's range, and names the baseline does not know.

use toml::Spanned;

use super::file::Loaded;
use super::levers::NameKind;
use super::rules::RULES;
use crate::error::{Error, Location, did_you_mean};
use crate::input::Baseline;
use crate::taxonomy::{AGE_BANDS, BANDS};

pub(super) fn check_names(l: &Loaded, baseline: &Baseline, chain: &[Loaded]) -> Vec<Error> {
    let roles: Vec<&str> = baseline.roles.iter().map(|r| r.id.as_str()).collect();
    // any place but the top: a coarser place's override covers every place under it
    let regions: Vec<&str> = baseline.geography.nodes()[1..]
        .iter()
        .map(|p| p.id.as_str())
        .collect();
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
            NameKind::Region => ("place", regions.clone()),
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
