//! Scenario files: reading, inheritance (`extends`), validation with file:line:col errors,
//! and the resolved scenario the engine runs.

mod band_matrix;
mod check;
mod combined;
mod correlation;
mod file;
mod labels;
mod levers;
pub mod limits;
mod param;
mod rules;
mod shipped;
mod spec;
mod uncertain;
mod upskilling;
mod values;

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::error::{Error, Location, Result};
use crate::input::Baseline;
use check::check_names;
pub use file::MAX_EXTENDS;
use file::{HeaderFile, Loaded, parse_file, read_chain};
use levers::Policy;

pub(crate) use correlation::uncertain_names;
pub use correlation::{Copula, Correlation, MAX_CORRELATED, normal_correlation};
pub use labels::parameter_label;
pub use param::{EntryKey, Param};
pub use rules::{ParamId, ParamRule, Parameters, RULES};
pub use shipped::{DEFAULT_RUN, SHIPPED, SHIPPED_PREFIX, STARTER, shipped_names};
use spec::Written;
pub use spec::{
    BandMoves, BandRows, DemandProgramme, IntakeChange, Lever, Levers, RoleMove, Route, Scope,
    Spec, Upskill,
};
pub use uncertain::Uncertain;

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
/// Longest scenario name, in bytes of UTF-8 (a letter of the English alphabet is one byte).
/// The name is a folder name, file systems allow 255 bytes, and the staging names add a
/// prefix to it; 100 is far more than a readable name needs.
pub const MAX_NAME_BYTES: usize = 100;

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
    /// Whether the outputs also break WTE and demand down by DDaT skill level
    /// (`wte_<level>`, `demand_wte_<level>`, `gap_wte_<level>`).
    pub skill_levels: bool,
    /// The model parameters.
    pub params: Parameters,
    /// Routes, programmes, levers and moves, as the model reads them.
    pub spec: Spec,
    /// Every file read, child first, with its text (for hashes in `run.json`).
    pub sources: Vec<(PathBuf, String)>,
    /// The tables as written after inheritance, for `resolved.toml`.
    written: Written,
}

/// Loads a shipped scenario by name (`data-driven` or `data-driven.toml`), resolving
/// `extends` among the shipped files.
///
/// ```
/// use wfcast_core::{Baseline, load_shipped};
/// let s = load_shipped("investment-stalls", &Baseline::embedded()?)?;
/// assert_eq!(s.name, "investment-stalls");
/// # Ok::<(), wfcast_core::Error>(())
/// ```
pub fn load_shipped(name: &str, baseline: &Baseline) -> Result<Scenario> {
    Scenario::load(Path::new(&format!("{SHIPPED_PREFIX}{name}")), baseline)
}

impl Scenario {
    /// Reads `path` and every file it `extends`, checks them against `baseline`, and
    /// returns the merged scenario. All problems found are reported together.
    ///
    /// `path` may name a shipped scenario as `shipped:<name>` (see [`SHIPPED_PREFIX`]), and
    /// so may the `extends` of any file.
    pub fn load(path: &Path, baseline: &Baseline) -> Result<Self> {
        let chain = read_chain(path)?;
        Self::from_chain(chain, baseline)
    }

    /// The scenario's `[policy]` lists after inheritance, as TOML (an empty table when it has
    /// none): what a file extending it restates before adding levers of its own, since a
    /// child's list of a kind replaces the inherited one.
    pub fn policy_toml(&self) -> toml::Table {
        match toml::Value::try_from(&self.written.policy) {
            Ok(toml::Value::Table(t)) => t,
            _ => toml::Table::new(),
        }
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
        if self.skill_levels {
            header.insert("skill_levels".into(), true.into());
        }
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
            self.written.programmes.is_empty(),
            toml::Value::try_from(&self.written.programmes),
            section_mut(&mut doc, "demand"),
        ) {
            t.insert("programme".into(), v);
        }
        if let (false, Ok(v)) = (
            self.written.pipelines.is_empty(),
            toml::Value::try_from(&self.written.pipelines),
        ) {
            doc.insert("pipelines".into(), v);
        }
        if let (false, Ok(v)) = (
            self.written.upskilling.is_empty(),
            toml::Value::try_from(&self.written.upskilling),
        ) {
            doc.insert("upskilling".into(), v);
        }
        if let (false, Ok(v), Some(t)) = (
            self.written.role_moves.is_empty(),
            toml::Value::try_from(&self.written.role_moves),
            section_mut(&mut doc, "mobility"),
        ) {
            t.insert("role_move".into(), v);
        }
        if let (false, Ok(v), Some(t)) = (
            self.written.band_matrix.is_empty(),
            toml::Value::try_from(&self.written.band_matrix),
            section_mut(&mut doc, "promotion"),
        ) {
            t.insert("matrix".into(), v);
        }
        if let (false, Ok(v)) = (
            self.written.correlations.is_empty(),
            toml::Value::try_from(&self.written.correlations),
        ) {
            doc.insert("correlation".into(), v);
        }
        if let (true, Ok(v)) = (
            self.written.policy != Policy::default(),
            toml::Value::try_from(&self.written.policy),
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
        let skill_levels = chain
            .iter()
            .find_map(|l| l.file.scenario.as_ref().and_then(|h| h.skill_levels))
            .unwrap_or(false);
        errors.extend(combined::intake_problems(&chain, horizon));
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
        if let Some((problem, help)) = name_problem(&name) {
            let (loc, help) = match chain.iter().find_map(|l| {
                l.file
                    .scenario
                    .as_ref()
                    .and_then(|h| h.name.as_ref())
                    .map(|n| (l, n.span()))
            }) {
                Some((l, span)) => (at(l, span), help),
                None => (Location::file(&root.path), "add [scenario] name = \"...\""),
            };
            return Err(Error::input(loc, problem).with_help(help));
        }
        // a name taken from a parent would publish into the parent's folder, replacing its
        // results: the file run must name itself
        let inherited = root.file.scenario.as_ref().is_none_or(|h| h.name.is_none());
        if let Some(parent) = chain
            .iter()
            .skip(1)
            .find(|l| l.file.scenario.as_ref().is_some_and(|h| h.name.is_some()))
            .filter(|_| inherited)
        {
            return Err(Error::input(
                Location::file(&root.path),
                format!(
                    "the scenario name `{name}` is inherited from {}: this scenario's \
                         results would replace that one's in out/{name}/",
                    parent.path.display()
                ),
            )
            .with_help("give this file its own name: [scenario] name = \"...\""));
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
        let mut written = Written::default();
        let Written {
            pipelines,
            upskilling,
            programmes,
            policy,
            role_moves,
            band_matrix,
            correlations,
        } = &mut written;
        for l in chain.iter().rev() {
            if let Some(m) = l.file.promotion.as_ref().and_then(|p| p.matrix.clone()) {
                *band_matrix = std::mem::take(band_matrix).merged_with(m);
            }
            if let Some(m) = l.file.mobility.as_ref().and_then(|m| m.role_move.clone()) {
                *role_moves = m;
            }
            for (route, p) in l.file.pipelines.iter().flatten() {
                pipelines.insert(route.get_ref().clone(), p.clone());
            }
            for (route, u) in l.file.upskilling.iter().flatten() {
                upskilling.insert(route.get_ref().clone(), u.clone());
            }
            if let Some(p) = l.file.demand.as_ref().and_then(|d| d.programme.clone()) {
                *programmes = p;
            }
            if let Some(p) = &l.file.policy {
                *policy = std::mem::take(policy).merged_with(p.clone());
            }
            if let Some(c) = &l.file.correlation {
                *correlations = c.clone();
            }
        }
        let params = Parameters { values };
        let spec = Spec::new(&written, baseline);
        check_correlations(&chain, &params, &spec, baseline)?;
        Ok(Self {
            name,
            description,
            base_year,
            horizon,
            draws,
            seed,
            skill_levels,
            params,
            spec,
            written,
            sources: chain.into_iter().map(|l| (l.path, l.text)).collect(),
        })
    }
}

/// A scenario file and every file it `extends`, read and checked once, so that many short
/// files extending it can be resolved without reading the chain again (`wfcast plan` tries
/// one lever package after another this way).
///
/// ```
/// use std::path::Path;
/// use wfcast_core::Baseline;
/// use wfcast_core::scenario::Chain;
/// let baseline = Baseline::embedded()?;
/// let (chain, planned) = Chain::read(Path::new("shipped:data-driven"), &baseline)?;
/// let child = "[scenario]\nname = \"bigger\"\n[[policy.retention]]\nmultiplier = 0.9\nfrom = 2026\n";
/// let s = chain.extended_by(Path::new("bigger.toml"), child, &baseline)?;
/// assert_eq!(s.horizon, planned.horizon);
/// assert_eq!(s.spec.levers.retention.len(), planned.spec.levers.retention.len() + 1);
/// # Ok::<(), wfcast_core::Error>(())
/// ```
pub struct Chain {
    files: Vec<(PathBuf, String, file::ScenarioFile)>,
}

impl Chain {
    /// Reads `path` and the files it extends, and resolves them on `baseline`.
    pub fn read(path: &Path, baseline: &Baseline) -> Result<(Self, Scenario)> {
        let loaded = read_chain(path)?;
        let files = loaded
            .iter()
            .map(|l| (l.path.clone(), l.text.clone(), l.file.clone()))
            .collect();
        let scenario = Scenario::from_chain(loaded, baseline)?;
        Ok((Self { files }, scenario))
    }

    /// The scenario of `text` (as if read from `path`) extending this chain: the same as
    /// saving `text` with an `extends` naming the chain's first file and loading it. An
    /// `extends` in `text` is not followed: this chain is its parent.
    pub fn extended_by(&self, path: &Path, text: &str, baseline: &Baseline) -> Result<Scenario> {
        let (file, problems) = parse_file(path, text)?;
        let mut chain = vec![Loaded {
            path: path.to_owned(),
            text: text.to_owned(),
            file,
            problems,
        }];
        chain.extend(self.files.iter().map(|(path, text, file)| Loaded {
            path: path.clone(),
            text: text.clone(),
            file: file.clone(),
            problems: Vec::new(),
        }));
        Scenario::from_chain(chain, baseline)
    }
}

/// Checks the correlations the scenario gives (the list of the last file in the chain that
/// has one): each names an uncertain entry of the scenario, each pair once, and together
/// they can hold at once.
fn check_correlations(
    chain: &[Loaded],
    params: &Parameters,
    spec: &Spec,
    baseline: &Baseline,
) -> Result<()> {
    let Some((l, list)) = chain
        .iter()
        .find_map(|l| l.file.correlation.as_ref().map(|c| (l, c)))
    else {
        return Ok(());
    };
    let at = |span: std::ops::Range<usize>| Location::at_offset(&l.path, &l.text, span.start);
    let names = uncertain_names(params, spec, baseline);
    let mut errors = Vec::new();
    let mut seen: Vec<[String; 2]> = Vec::new();
    for c in list {
        for n in c.between.get_ref() {
            if !names.contains(n) {
                let help = crate::error::did_you_mean(n, names.iter().map(String::as_str))
                    .map_or_else(
                        || "name an uncertain entry as sensitivity.csv's `parameter` column does, e.g. recruitment.fill_rate.all".to_owned(),
                        |m| format!("did you mean `{m}`?"),
                    );
                errors.push(
                    Error::input(
                        at(c.between.span()),
                        format!("`{n}` is not an uncertain entry of this scenario"),
                    )
                    .with_help(help),
                );
            }
        }
        let mut pair = [0, 1].map(|i| c.between.get_ref().get(i).cloned().unwrap_or_default());
        pair.sort();
        if seen.contains(&pair) {
            errors.push(
                Error::input(
                    at(c.between.span()),
                    format!(
                        "the correlation of `{}` and `{}` is given twice",
                        pair[0], pair[1]
                    ),
                )
                .with_help("keep one"),
            );
        }
        seen.push(pair);
    }
    Error::collect(errors)?;
    let pairs: Vec<Correlation> = spec.correlations.clone();
    let entries = seen
        .iter()
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if entries > MAX_CORRELATED {
        return Err(Error::input(
            at(list[0].between.span()),
            format!("{entries} entries are correlated, more than {MAX_CORRELATED}"),
        )
        .with_help("correlate the few assumptions that matter most"));
    }
    Copula::new(&pairs).map(|_| ()).map_err(|why| {
        Error::input(at(list[0].between.span()), why).with_help(
            "rank correlations must be consistent: e.g. A and B at 0.9 and B and C at 0.9 need A and C well above 0",
        )
    })
}

/// Why `name` cannot name an output folder, with the fix, if it cannot.
pub(crate) fn name_problem(name: &str) -> Option<(String, &'static str)> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        || name.starts_with('.')
    {
        return Some((
            format!("scenario name `{name}` cannot be used as a folder name"),
            "use letters, digits, `-`, `_` and `.` (it names the output folder)",
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        // quoting 300 characters back would bury the message
        let start: String = name.chars().take(20).collect();
        return Some((
            format!(
                "scenario name `{start}...` is {} characters long ({} bytes), more than the {MAX_NAME_BYTES} bytes a name may have",
                name.chars().count(),
                name.len()
            ),
            "shorten it (it names the output folder); accented and non-Latin letters take 2 to 4 bytes each",
        ));
    }
    None
}

/// The table `name` of `doc`, created if missing.
fn section_mut<'a>(doc: &'a mut toml::Table, name: &str) -> Option<&'a mut toml::Table> {
    doc.entry(name.to_owned())
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
}
