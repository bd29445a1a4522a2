//! Scenario files: reading, inheritance (`extends`), validation with file:line:col errors,
//! and the resolved scenario the engine runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::band_matrix::BandMatrix;
use crate::baseline::Baseline;
use crate::error::{Error, Location, Result, did_you_mean};
use crate::levers::{NameKind, Pipeline, Policy, Problem, Programme, RoleMove};
use crate::param::Param;
use crate::taxonomy::{AGE_BANDS, BANDS, REGIONS};
use crate::uncertain::Uncertain;
use crate::upskilling::Upskilling;

/// Default number of draws when a scenario does not say.
pub const DEFAULT_DRAWS: u64 = 1000;
/// Default master seed when a scenario does not say.
pub const DEFAULT_SEED: u64 = 20_300_101;
/// Default last projected year.
pub const DEFAULT_HORIZON: i32 = 2030;
/// Draws above this are refused: at about 10 ms a draw it would run for days.
pub const MAX_DRAWS: u64 = 10_000_000;
/// Projections beyond this many years are refused.
pub const MAX_YEARS: i32 = 50;

/// The `[scenario]` table: what the scenario is called and how it is run.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderFile {
    name: Option<Spanned<String>>,
    description: Option<String>,
    base_year: Option<Spanned<i64>>,
    horizon: Option<Spanned<i64>>,
    draws: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
}

/// `[demand]`: how the funded establishment grows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandFile {
    growth: Option<Spanned<Param>>,
    automation: Option<Spanned<Param>>,
    programme: Option<Vec<Programme>>,
}

/// `[leaving]`, `[retirement]`, `[promotion]`: a multiplier on the data's rates.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MultiplierFile {
    multiplier: Option<Spanned<Param>>,
}

/// `[promotion]`: a multiplier on the data's promotion rates, and optional explicit band
/// transition matrices that replace them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PromotionFile {
    multiplier: Option<Spanned<Param>>,
    matrix: Option<BandMatrix>,
}

/// `[recruitment]`: how vacancies are filled from outside.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecruitmentFile {
    fill_rate: Option<Spanned<Param>>,
    international_fill: Option<Spanned<Param>>,
    return_rate: Option<Spanned<Param>>,
}

/// `[labour_market]`: how filling and leaving respond to pay against the market.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabourMarketFile {
    fill_elasticity: Option<Spanned<Param>>,
    leaving_elasticity: Option<Spanned<Param>>,
    market_pay_growth: Option<Spanned<Param>>,
}

/// One scenario file as written, before inheritance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    extends: Option<Spanned<String>>,
    scenario: Option<HeaderFile>,
    demand: Option<DemandFile>,
    leaving: Option<MultiplierFile>,
    retirement: Option<MultiplierFile>,
    promotion: Option<PromotionFile>,
    recruitment: Option<RecruitmentFile>,
    labour_market: Option<LabourMarketFile>,
    pipelines: Option<BTreeMap<Spanned<String>, Pipeline>>,
    policy: Option<Policy>,
    mobility: Option<MobilityFile>,
    upskilling: Option<BTreeMap<Spanned<String>, Upskilling>>,
}

/// `[mobility]`: moves between roles and regions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MobilityFile {
    region_move: Option<Spanned<Param>>,
    role_move: Option<Vec<RoleMove>>,
}

impl ScenarioFile {
    /// The parameter at `id` if this file gives it.
    fn param(&self, id: ParamId) -> Option<&Spanned<Param>> {
        use ParamId as P;
        match id {
            P::Growth => self.demand.as_ref()?.growth.as_ref(),
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
            P::RegionMove => self.mobility.as_ref()?.region_move.as_ref(),
        }
    }
}

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

    /// The valid range of the parameter at `path`.
    pub fn range(path: &str) -> (f64, f64) {
        RULES
            .iter()
            .find(|r| r.path == path)
            .map_or((f64::MIN, f64::MAX), |r| (r.lo, r.hi))
    }
}

/// A scenario after inheritance: everything the engine needs, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Short name, used as the output folder and the `scenario` column.
    pub name: String,
    /// What this future assumes, in a sentence or two.
    pub description: String,
    /// The year of the baseline data.
    pub base_year: i32,
    /// The last projected year.
    pub horizon: i32,
    /// Number of Monte Carlo draws (draw 0 is the central projection).
    pub draws: u64,
    /// Master seed; draw i uses a stream derived from (seed, i).
    pub seed: u64,
    /// The model parameters.
    pub params: Parameters,
    /// Supply routes by name.
    pub pipelines: BTreeMap<String, Pipeline>,
    /// Upskilling routes (e.g. the Digital Academy) by name.
    pub upskilling: BTreeMap<String, Upskilling>,
    /// Demand programmes (step changes in establishment).
    pub programmes: Vec<Programme>,
    /// Policy levers.
    pub policy: Policy,
    /// Role-to-role moves (a child's list replaces the inherited one).
    pub role_moves: Vec<RoleMove>,
    /// Explicit band transition matrices (`[promotion.matrix]`), replacing the data's
    /// promotion rates where given.
    pub band_matrix: BandMatrix,
    /// Every file read, child first, with its text (for hashes in `run.json`).
    pub sources: Vec<(PathBuf, String)>,
}

impl Scenario {
    /// Reads `path` and every file it `extends`, checks them against `baseline`, and
    /// returns the merged scenario. All problems found are reported together.
    pub fn load(path: &Path, baseline: &Baseline) -> Result<Self> {
        let chain = read_chain(path)?;
        Self::from_chain(chain, baseline)
    }

    /// Parses a scenario from text (no `extends`), as if read from `name`.
    pub fn from_str(name: &Path, text: &str, baseline: &Baseline) -> Result<Self> {
        let (file, problems) = parse_file(name, text)?;
        if let Some(ext) = &file.extends {
            return Err(Error::input(
                Location::at_offset(name, text, ext.span().start),
                "`extends` needs a scenario read from disk",
            )
            .with_help("save the file and run it by path"));
        }
        Self::from_chain(
            vec![Loaded {
                path: name.to_owned(),
                text: text.to_owned(),
                file,
                problems,
            }],
            baseline,
        )
    }

    /// Years projected after the base year.
    pub fn years(&self) -> usize {
        (self.horizon - self.base_year) as usize
    }

    /// The fully resolved scenario as TOML (what `resolved.toml` holds).
    pub fn to_toml(&self) -> String {
        let mut doc = toml::Table::new();
        let mut header = toml::Table::new();
        header.insert("name".into(), self.name.clone().into());
        header.insert("description".into(), self.description.clone().into());
        header.insert("base_year".into(), i64::from(self.base_year).into());
        header.insert("horizon".into(), i64::from(self.horizon).into());
        header.insert("draws".into(), (self.draws as i64).into());
        header.insert("seed".into(), (self.seed as i64).into());
        doc.insert("scenario".into(), header.into());
        for (rule, param) in RULES.iter().zip(&self.params.values) {
            let (section, key) = rule.path.split_once('.').unwrap_or((rule.path, ""));
            if let (Ok(value), Some(t)) =
                (toml::Value::try_from(param), section_mut(&mut doc, section))
            {
                t.insert(key.to_owned(), value);
            }
        }
        if let (false, Ok(v), Some(t)) = (
            self.programmes.is_empty(),
            toml::Value::try_from(&self.programmes),
            section_mut(&mut doc, "demand"),
        ) {
            t.insert("programme".into(), v);
        }
        if let (false, Ok(v)) = (
            self.pipelines.is_empty(),
            toml::Value::try_from(&self.pipelines),
        ) {
            doc.insert("pipelines".into(), v);
        }
        if let (false, Ok(v)) = (
            self.upskilling.is_empty(),
            toml::Value::try_from(&self.upskilling),
        ) {
            doc.insert("upskilling".into(), v);
        }
        if let (false, Ok(v), Some(t)) = (
            self.role_moves.is_empty(),
            toml::Value::try_from(&self.role_moves),
            section_mut(&mut doc, "mobility"),
        ) {
            t.insert("role_move".into(), v);
        }
        if let (false, Ok(v), Some(t)) = (
            self.band_matrix.is_empty(),
            toml::Value::try_from(&self.band_matrix),
            section_mut(&mut doc, "promotion"),
        ) {
            t.insert("matrix".into(), v);
        }
        if let (true, Ok(v)) = (
            self.policy != Policy::default(),
            toml::Value::try_from(&self.policy),
        ) {
            doc.insert("policy".into(), v);
        }
        let body = toml::to_string(&doc)
            .unwrap_or_else(|e| format!("# could not write the resolved scenario: {e}\n"));
        let from: Vec<String> = self
            .sources
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        format!(
            "# Resolved by wfcast {} from: {}\n# Inheritance applied; defaults filled in.\n\n{body}",
            env!("CARGO_PKG_VERSION"),
            from.join(" <- ")
        )
    }

    fn from_chain(mut chain: Vec<Loaded>, baseline: &Baseline) -> Result<Self> {
        let mut errors: Vec<Error> = Vec::new();
        for i in 0..chain.len() {
            errors.append(&mut chain[i].problems);
            errors.extend(check_names(&chain[i], baseline, &chain));
        }
        let root = &chain[0];
        let defined =
            |get: &dyn Fn(&HeaderFile) -> Option<Spanned<i64>>| -> Option<(Spanned<i64>, &Loaded)> {
                chain
                    .iter()
                    .find_map(|l| l.file.scenario.as_ref().and_then(get).map(|v| (v, l)))
            };
        let at = |l: &Loaded, span: std::ops::Range<usize>| {
            Location::at_offset(&l.path, &l.text, span.start)
        };

        let base_year = match defined(&|h| h.base_year.clone()) {
            Some((v, l)) if *v.get_ref() != i64::from(baseline.base_year) => {
                errors.push(
                    Error::input(
                        at(l, v.span()),
                        format!(
                            "base_year = {} but the baseline data describe {}",
                            v.get_ref(),
                            baseline.base_year
                        ),
                    )
                    .with_help(format!(
                        "set base_year = {} or use data for that year",
                        baseline.base_year
                    )),
                );
                baseline.base_year
            }
            _ => baseline.base_year,
        };
        let horizon = match defined(&|h| h.horizon.clone()) {
            Some((v, l)) => {
                let h = *v.get_ref();
                if h <= i64::from(base_year) || h > i64::from(base_year + MAX_YEARS) {
                    errors.push(Error::input(at(l, v.span()), format!("horizon = {h} must be after the base year {base_year} and at most {}", base_year + MAX_YEARS))
                        .with_help(format!("e.g. horizon = {DEFAULT_HORIZON}")));
                }
                i32::try_from(h).unwrap_or(DEFAULT_HORIZON)
            }
            None => DEFAULT_HORIZON,
        };
        let draws = match defined(&|h| h.draws.clone()) {
            Some((v, l)) => {
                let d = *v.get_ref();
                if d < 1 || d as u64 > MAX_DRAWS {
                    errors.push(
                        Error::input(
                            at(l, v.span()),
                            format!("draws = {d} must be from 1 to {MAX_DRAWS}"),
                        )
                        .with_help("1,000 draws give stable P10/P90; 10,000 for publication"),
                    );
                }
                d.max(1) as u64
            }
            None => DEFAULT_DRAWS,
        };
        let seed = match defined(&|h| h.seed.clone()) {
            Some((v, l)) => {
                if *v.get_ref() < 0 {
                    errors.push(Error::input(at(l, v.span()), "seed must be 0 or more"));
                }
                v.get_ref().unsigned_abs()
            }
            None => DEFAULT_SEED,
        };
        Error::collect(errors)?;
        let name = chain
            .iter()
            .find_map(|l| {
                l.file
                    .scenario
                    .as_ref()
                    .and_then(|h| h.name.as_ref())
                    .map(|n| n.get_ref().clone())
            })
            .unwrap_or_else(|| {
                root.path
                    .file_stem()
                    .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
            });
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
            || name.starts_with('.')
        {
            let (loc, help) = match chain.iter().find_map(|l| {
                l.file
                    .scenario
                    .as_ref()
                    .and_then(|h| h.name.as_ref())
                    .map(|n| (l, n.span()))
            }) {
                Some((l, span)) => (
                    at(l, span),
                    "use letters, digits, `-`, `_` and `.` (it names the output folder)",
                ),
                None => (Location::file(&root.path), "add [scenario] name = \"...\""),
            };
            return Err(Error::input(
                loc,
                format!("scenario name `{name}` cannot be used as a folder name"),
            )
            .with_help(help));
        }
        let description = chain
            .iter()
            .find_map(|l| l.file.scenario.as_ref().and_then(|h| h.description.clone()))
            .unwrap_or_default();

        let values =
            RULES.map(|rule| {
                chain.iter().rev().fold(
                    Param::national(Uncertain::Fixed(rule.default)),
                    |acc, l| match l.file.param(rule.id) {
                        Some(p) => acc.merged_with(p.get_ref().clone()),
                        None => acc,
                    },
                )
            });
        let mut pipelines = BTreeMap::new();
        let mut upskilling = BTreeMap::new();
        let mut programmes = Vec::new();
        let mut policy = Policy::default();
        let mut role_moves = Vec::new();
        let mut band_matrix = BandMatrix::default();
        for l in chain.iter().rev() {
            if let Some(m) = l.file.promotion.as_ref().and_then(|p| p.matrix.clone()) {
                band_matrix = band_matrix.merged_with(m);
            }
            if let Some(m) = l.file.mobility.as_ref().and_then(|m| m.role_move.clone()) {
                role_moves = m;
            }
            for (route, p) in l.file.pipelines.iter().flatten() {
                pipelines.insert(route.get_ref().clone(), p.clone());
            }
            for (route, u) in l.file.upskilling.iter().flatten() {
                upskilling.insert(route.get_ref().clone(), u.clone());
            }
            if let Some(p) = l.file.demand.as_ref().and_then(|d| d.programme.clone()) {
                programmes = p;
            }
            if let Some(p) = &l.file.policy {
                policy = policy.merged_with(p.clone());
            }
        }
        Ok(Self {
            name,
            description,
            base_year,
            horizon,
            draws,
            seed,
            params: Parameters { values },
            pipelines,
            upskilling,
            programmes,
            policy,
            role_moves,
            band_matrix,
            sources: chain.into_iter().map(|l| (l.path, l.text)).collect(),
        })
    }
}

/// The table `name` of `doc`, created if missing.
fn section_mut<'a>(doc: &'a mut toml::Table, name: &str) -> Option<&'a mut toml::Table> {
    doc.entry(name.to_owned())
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
}

/// A file of an inheritance chain, parsed.
struct Loaded {
    path: PathBuf,
    text: String,
    file: ScenarioFile,
    /// Values out of range, reported with the chain's other problems.
    problems: Vec<Error>,
}

fn read_text(path: &Path, referenced_from: Option<Location>) -> Result<String> {
    let referenced_from_extends = referenced_from.is_some();
    let bytes = std::fs::read(path).map_err(|e| {
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
        match e.kind() {
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

fn read_chain(path: &Path) -> Result<Vec<Loaded>> {
    let mut chain: Vec<Loaded> = Vec::new();
    let mut next = Some((path.to_owned(), None));
    while let Some((path, from)) = next.take() {
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
        let text = read_text(&path, from)?;
        let (file, problems) = parse_file(&path, &text)?;
        if let Some(parent) = &file.extends {
            let target = path
                .parent()
                .unwrap_or(Path::new(""))
                .join(parent.get_ref());
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
fn parse_file(path: &Path, text: &str) -> Result<(ScenarioFile, Vec<Error>)> {
    if text.trim().is_empty() {
        return Err(
            Error::input(Location::file(path), "the scenario file is empty")
                .with_help("start from `wfcast init`, which writes a commented example"),
        );
    }
    let file: ScenarioFile = toml::from_str(text).map_err(|e| Error::toml(path, text, &e))?;
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

/// The roles whose moves out add up to more than everyone: each move's rate may be valid on
/// its own while together they would move more people than the role has.
fn moves_above_one(moves: &[RoleMove]) -> Vec<Problem> {
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
fn check_range(u: &Uncertain, rule: &ParamRule) -> Option<String> {
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

fn check_names(l: &Loaded, baseline: &Baseline, chain: &[Loaded]) -> Vec<Error> {
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

/// A commented starter scenario, as written by `wfcast init`.
pub const STARTER: &str = include_str!("../../../scenarios/starter.toml");

/// The shipped scenarios, compiled in: `(file name, text)`.
pub const SHIPPED: [(&str, &str); 4] = [
    ("base.toml", include_str!("../../../scenarios/base.toml")),
    (
        "data-driven.toml",
        include_str!("../../../scenarios/data-driven.toml"),
    ),
    (
        "investment-stalls.toml",
        include_str!("../../../scenarios/investment-stalls.toml"),
    ),
    (
        "grow-our-own.toml",
        include_str!("../../../scenarios/grow-our-own.toml"),
    ),
];

/// The scenarios `wfcast run` runs when given no file: the two futures.
pub const DEFAULT_RUN: [&str; 2] = ["data-driven.toml", "investment-stalls.toml"];

/// Loads a shipped scenario by file name, resolving `extends` among the shipped files.
pub fn load_shipped(name: &str, baseline: &Baseline) -> Result<Scenario> {
    let lookup = |n: &str| SHIPPED.iter().find(|(f, _)| *f == n).map(|(_, t)| *t);
    let mut chain = Vec::new();
    let mut next = Some(name.to_owned());
    while let Some(n) = next.take() {
        let path = PathBuf::from(format!("embedded:scenarios/{n}"));
        let text = lookup(&n)
            .ok_or_else(|| Error::input(Location::file(&path), "no such shipped scenario"))?;
        if chain.len() > SHIPPED.len() {
            return Err(Error::input(
                Location::file(&path),
                "`extends` makes a cycle among the shipped scenarios",
            ));
        }
        let (file, problems) = parse_file(&path, text)?;
        next = file.extends.as_ref().map(|e| e.get_ref().clone());
        chain.push(Loaded {
            path,
            text: text.to_owned(),
            file,
            problems,
        });
    }
    Scenario::from_chain(chain, baseline)
}
