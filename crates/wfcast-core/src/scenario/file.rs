//! Scenario files as written: the TOML tables with their source positions, reading a file
//! and the files it `extends`, and the checks of values that need no baseline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::band_matrix::BandMatrix;
use super::correlation::CorrelationFile;
use super::levers::{Pipeline, Policy, Problem, Programme, RoleMove};
use super::param::Param;
use super::rules::{ParamId, RULES};
use super::shipped::{SHIPPED, SHIPPED_PREFIX, shipped_text};
use super::upskilling::Upskilling;
use super::values::{check_range, moves_above_one};
use crate::error::{Error, Location, Result};

/// The `[scenario]` table: what the scenario is called and how it is run.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HeaderFile {
    pub(super) name: Option<Spanned<String>>,
    pub(super) description: Option<String>,
    pub(super) base_year: Option<Spanned<i64>>,
    pub(super) horizon: Option<Spanned<i64>>,
    pub(super) draws: Option<Spanned<i64>>,
    pub(super) seed: Option<Spanned<i64>>,
    pub(super) skill_levels: Option<bool>,
}

/// `[demand]`: how the funded establishment grows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DemandFile {
    pub(super) growth: Option<Spanned<Param>>,
    pub(super) growth_year_sd: Option<Spanned<Param>>,
    pub(super) growth_role_year_sd: Option<Spanned<Param>>,
    pub(super) automation: Option<Spanned<Param>>,
    pub(super) programme: Option<Vec<Programme>>,
}

/// `[leaving]`: a multiplier on the data's leaver rates, and its year-to-year variation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LeavingFile {
    pub(super) multiplier: Option<Spanned<Param>>,
    pub(super) joiner_exposure: Option<Spanned<Param>>,
    pub(super) year_sd: Option<Spanned<Param>>,
}

/// `[retirement]`: a multiplier on the data's rates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MultiplierFile {
    pub(super) multiplier: Option<Spanned<Param>>,
}

/// `[promotion]`: a multiplier on the data's promotion rates, and optional explicit band
/// transition matrices that replace them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PromotionFile {
    pub(super) multiplier: Option<Spanned<Param>>,
    pub(super) matrix: Option<BandMatrix>,
}

/// `[recruitment]`: how vacancies are filled from outside.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecruitmentFile {
    pub(super) fill_rate: Option<Spanned<Param>>,
    pub(super) fill_year_sd: Option<Spanned<Param>>,
    pub(super) international_fill: Option<Spanned<Param>>,
    pub(super) return_rate: Option<Spanned<Param>>,
}

/// `[labour_market]`: how filling and leaving respond to pay against the market.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LabourMarketFile {
    pub(super) fill_elasticity: Option<Spanned<Param>>,
    pub(super) leaving_elasticity: Option<Spanned<Param>>,
    pub(super) market_pay_growth: Option<Spanned<Param>>,
    pub(super) pool_growth: Option<Spanned<Param>>,
    pub(super) matching: Option<Spanned<Param>>,
}

/// `[baseline]`: how far the base year's counts may be off (multipliers on the data).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BaselineFile {
    pub(super) stock: Option<Spanned<Param>>,
    pub(super) vacancies: Option<Spanned<Param>>,
}

/// One scenario file as written, before inheritance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScenarioFile {
    pub(super) extends: Option<Spanned<String>>,
    pub(super) scenario: Option<HeaderFile>,
    pub(super) baseline: Option<BaselineFile>,
    pub(super) demand: Option<DemandFile>,
    pub(super) leaving: Option<LeavingFile>,
    pub(super) retirement: Option<MultiplierFile>,
    pub(super) promotion: Option<PromotionFile>,
    pub(super) recruitment: Option<RecruitmentFile>,
    pub(super) labour_market: Option<LabourMarketFile>,
    pub(super) pipelines: Option<BTreeMap<Spanned<String>, Pipeline>>,
    pub(super) policy: Option<Policy>,
    pub(super) mobility: Option<MobilityFile>,
    pub(super) upskilling: Option<BTreeMap<Spanned<String>, Upskilling>>,
    pub(super) correlation: Option<Vec<CorrelationFile>>,
}

/// `[mobility]`: moves between roles and regions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MobilityFile {
    pub(super) region_move: Option<Spanned<Param>>,
    pub(super) role_move: Option<Vec<RoleMove>>,
}

impl ScenarioFile {
    /// The parameter at `id` if this file gives it.
    pub(super) fn param(&self, id: ParamId) -> Option<&Spanned<Param>> {
        use ParamId as P;
        match id {
            P::Growth => self.demand.as_ref()?.growth.as_ref(),
            P::GrowthYearSd => self.demand.as_ref()?.growth_year_sd.as_ref(),
            P::GrowthRoleYearSd => self.demand.as_ref()?.growth_role_year_sd.as_ref(),
            P::LeavingYearSd => self.leaving.as_ref()?.year_sd.as_ref(),
            P::JoinerExposure => self.leaving.as_ref()?.joiner_exposure.as_ref(),
            P::FillYearSd => self.recruitment.as_ref()?.fill_year_sd.as_ref(),
            P::Automation => self.demand.as_ref()?.automation.as_ref(),
            P::Leaving => self.leaving.as_ref()?.multiplier.as_ref(),
            P::Retirement => self.retirement.as_ref()?.multiplier.as_ref(),
            P::Promotion => self.promotion.as_ref()?.multiplier.as_ref(),
            P::FillRate => self.recruitment.as_ref()?.fill_rate.as_ref(),
            P::InternationalFill => self.recruitment.as_ref()?.international_fill.as_ref(),
            P::ReturnRate => self.recruitment.as_ref()?.return_rate.as_ref(),
            P::FillElasticity => self.labour_market.as_ref()?.fill_elasticity.as_ref(),
            P::LeavingElasticity => self.labour_market.as_ref()?.leaving_elasticity.as_ref(),
            P::MarketPayGrowth => self.labour_market.as_ref()?.market_pay_growth.as_ref(),
            P::PoolGrowth => self.labour_market.as_ref()?.pool_growth.as_ref(),
            P::Matching => self.labour_market.as_ref()?.matching.as_ref(),
            P::RegionMove => self.mobility.as_ref()?.region_move.as_ref(),
            P::BaseStock => self.baseline.as_ref()?.stock.as_ref(),
            P::BaseVacancies => self.baseline.as_ref()?.vacancies.as_ref(),
        }
    }
}

/// A file of an inheritance chain, parsed.
pub(super) struct Loaded {
    pub(super) path: PathBuf,
    pub(super) text: String,
    pub(super) file: ScenarioFile,
    /// Values out of range, reported with the chain's other problems.
    pub(super) problems: Vec<Error>,
}

fn read_text(path: &Path, referenced_from: Option<Location>) -> Result<String> {
    let referenced_from_extends = referenced_from.is_some();
    let bytes = crate::input::read_bounded(path).map_err(|e| {
        let (loc, what) = match referenced_from {
            Some(loc) => (
                loc,
                format!(
                    "`extends` names {}, which cannot be read: {e}",
                    path.display()
                ),
            ),
            None => (
                Location::file(path),
                format!("cannot read the scenario file: {e}"),
            ),
        };
        let shipped = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .filter(|stem| {
                SHIPPED
                    .iter()
                    .any(|(f, _)| f.trim_end_matches(".toml") == *stem)
            });
        match e.kind() {
            std::io::ErrorKind::NotFound if shipped.is_some() => {
                Error::input(loc, what).with_help(format!(
                    "to use the scenario shipped with wfcast, write `{SHIPPED_PREFIX}{}`",
                    shipped.unwrap_or_default()
                ))
            }
            std::io::ErrorKind::NotFound if referenced_from_extends => Error::input(loc, what)
                .with_help("check the path; `extends` is relative to the file that contains it"),
            std::io::ErrorKind::NotFound => Error::input(loc, what)
                .with_help("check the path; a relative path starts from the folder wfcast runs in"),
            _ if path.is_dir() => {
                Error::input(loc, what).with_help("name a scenario file (.toml), not a folder")
            }
            _ => Error::input(loc, what),
        }
    })?;
    let text = Error::utf8(path, bytes, "save it as UTF-8")?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// Longest `extends` chain read: far beyond any real one, and it keeps a chain of thousands of
/// files (each canonicalised and compared with every earlier one) from running for minutes.
pub const MAX_EXTENDS: usize = 64;

pub(super) fn read_chain(path: &Path) -> Result<Vec<Loaded>> {
    let mut chain: Vec<Loaded> = Vec::new();
    let mut next = Some((path.to_owned(), None));
    while let Some((path, from)) = next.take() {
        if chain.len() == MAX_EXTENDS {
            return Err(Error::input(
                from.unwrap_or_else(|| Location::file(&path)),
                format!("`extends` chains more than {MAX_EXTENDS} files"),
            )
            .with_help("a scenario extends a few others at most: shorten the chain"));
        }
        // a shipped scenario is read from the binary, under its embedded path
        let at = from.clone().unwrap_or_else(|| Location::file(&path));
        let shipped = shipped_text(&path, at).transpose()?;
        let path = shipped
            .as_ref()
            .map_or(path, |(embedded, _)| embedded.clone());
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(first) = chain.iter().position(|l| {
            std::fs::canonicalize(&l.path).unwrap_or_else(|_| l.path.clone()) == canonical
        }) {
            let cycle: Vec<String> = chain[first..]
                .iter()
                .map(|l| l.path.display().to_string())
                .chain([path.display().to_string()])
                .collect();
            return Err(Error::input(
                from.unwrap_or_else(|| Location::file(&path)),
                format!("`extends` makes a cycle: {}", cycle.join(" -> ")),
            )
            .with_help("a scenario may extend another, but never itself through a chain"));
        }
        let text = match shipped {
            Some((_, text)) => text.to_owned(),
            None => read_text(&path, from)?,
        };
        let (file, problems) = parse_file(&path, &text)?;
        if let Some(parent) = &file.extends {
            let target = if parent.get_ref().starts_with(SHIPPED_PREFIX) {
                PathBuf::from(parent.get_ref())
            } else {
                path.parent()
                    .unwrap_or(Path::new(""))
                    .join(parent.get_ref())
            };
            next = Some((
                target,
                Some(Location::at_offset(&path, &text, parent.span().start)),
            ));
        }
        chain.push(Loaded {
            path,
            text,
            file,
            problems,
        });
    }
    Ok(chain)
}

/// Parses one file: an error if it is not a scenario file at all (syntax, unknown keys,
/// types), otherwise the file and the problems of its values, which are reported together
/// with the problems found once the chain is resolved.
pub(super) fn parse_file(path: &Path, text: &str) -> Result<(ScenarioFile, Vec<Error>)> {
    if text.trim().is_empty() {
        return Err(
            Error::input(Location::file(path), "the scenario file is empty")
                .with_help("start from `wfcast init`, which writes a commented example"),
        );
    }
    let file: ScenarioFile = crate::toml_all::parse(path, text)?;
    let mut errors = Vec::new();
    for rule in &RULES {
        let Some(param) = file.param(rule.id) else {
            continue;
        };
        for (key, value) in param.get_ref().entries() {
            let span = if value.span().is_empty() {
                param.span()
            } else {
                value.span()
            };
            if let Some(msg) = check_range(value.get_ref(), rule) {
                errors.push(
                    Error::input(
                        Location::at_offset(path, text, span.start),
                        format!("{}.{key} = {}: {msg}", rule.path, value.get_ref()),
                    )
                    .with_help(format!(
                        "{} is {}, from {} to {}",
                        rule.path, rule.meaning, rule.lo, rule.hi
                    )),
                );
            }
        }
    }
    let mut problems: Vec<Problem> = Vec::new();
    problems.extend(
        file.pipelines
            .iter()
            .flatten()
            .flat_map(|(_, p)| p.problems()),
    );
    problems.extend(
        file.demand
            .iter()
            .flat_map(|d| d.programme.iter().flatten())
            .flat_map(Programme::problems),
    );
    problems.extend(file.policy.iter().flat_map(Policy::problems));
    problems.extend(
        file.upskilling
            .iter()
            .flatten()
            .flat_map(|(_, u)| u.problems()),
    );
    for (name, _) in file.upskilling.iter().flatten() {
        if file
            .pipelines
            .iter()
            .flatten()
            .any(|(p, _)| p.get_ref() == name.get_ref())
        {
            problems.push((
                name.span(),
                format!(
                    "`{}` names both a pipeline and an upskilling route",
                    name.get_ref()
                ),
                "give each route its own name (policy.intake changes find routes by name)".into(),
            ));
        }
    }
    problems.extend(
        file.promotion
            .iter()
            .flat_map(|p| p.matrix.iter())
            .flat_map(BandMatrix::problems),
    );
    problems.extend(
        file.mobility
            .iter()
            .flat_map(|m| m.role_move.iter().flatten())
            .flat_map(RoleMove::problems),
    );
    problems.extend(
        file.correlation
            .iter()
            .flatten()
            .flat_map(CorrelationFile::problems),
    );
    if let Some(moves) = file.mobility.as_ref().and_then(|m| m.role_move.as_deref()) {
        problems.extend(moves_above_one(moves));
    }
    // report in file order, whichever table each problem came from
    problems.sort_by_key(|p| p.0.start);
    for (span, message, help) in problems {
        errors.push(
            Error::input(Location::at_offset(path, text, span.start), message).with_help(help),
        );
    }
    Ok((file, errors))
}
