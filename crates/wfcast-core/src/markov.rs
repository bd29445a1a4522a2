//! The Markov core of classic manpower planning: a stock row vector `n` moved by a
//! transition matrix `P` (row = from, column = to; `1 - row sum` = leaving) plus recruits:
//! `n(t+1) = n(t) P + r`. The expected-value engine and `wfcast markov` share it.
//!
//! `wfcast markov` reads a small TOML file into a [`MarkovModel`] (checked, with every
//! mistake located at its line and column) and [`MarkovModel::analyse`] returns a
//! [`MarkovAnalysis`]: the projection period by period, leavers, the expected number of
//! periods a person spends in the system (row sums of the fundamental matrix `(I - Q)^-1`),
//! the long-run stock under constant recruitment, and the recruitment needed to reach a
//! target structure.

use std::path::{Path, PathBuf};

use nalgebra::{DMatrix, RowDVector};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location, Result};

/// One period of a Markov manpower model: `stock P + recruits`.
///
/// ```
/// use nalgebra::{DMatrix, RowDVector};
/// let p = DMatrix::from_row_slice(2, 2, &[0.5, 0.5, 0.0, 0.8]);
/// let n = wfcast_core::markov::step(&RowDVector::from_row_slice(&[10.0, 10.0]), &p, Some(&RowDVector::from_row_slice(&[4.0, 0.0])));
/// assert_eq!(n.as_slice(), &[9.0, 13.0]);
/// ```
pub fn step(
    stock: &RowDVector<f64>,
    p: &DMatrix<f64>,
    recruits: Option<&RowDVector<f64>>,
) -> RowDVector<f64> {
    let moved = stock * p;
    match recruits {
        Some(r) => moved + r,
        None => moved,
    }
}

/// Projections longer than this many periods are refused.
pub const MAX_PERIODS: usize = 10_000;

/// Numbers of people above this (a trillion) are refused as typing mistakes.
pub const MAX_PEOPLE: f64 = 1e12;

/// Periods projected when neither the file nor the command line says.
pub const DEFAULT_PERIODS: usize = 1;

/// How far a row may sum above 1, or a leaving probability sit above 0, and still count as
/// exactly 1 or 0: decimal fractions such as 0.1 + 0.7 + 0.2 are not exact in binary.
const TOLERANCE: f64 = 1e-9;

type Numbers = Spanned<Vec<Spanned<f64>>>;

/// A model file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkovFile {
    states: Option<Spanned<Vec<Spanned<String>>>>,
    stock: Option<Numbers>,
    transitions: Option<Spanned<Vec<Numbers>>>,
    recruits: Option<Numbers>,
    periods: Option<Spanned<i64>>,
    target: Option<Numbers>,
}

/// A Markov manpower model read from a file and checked: states, the people in each now,
/// the probabilities of moving between them each period, and optional recruits and target.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkovModel {
    path: PathBuf,
    states: Vec<String>,
    stock: RowDVector<f64>,
    transitions: DMatrix<f64>,
    recruits: Option<RowDVector<f64>>,
    target: Option<RowDVector<f64>>,
    periods: usize,
}

/// The results of a Markov analysis, per state in the order of the file's `states`.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkovAnalysis {
    /// The state names.
    pub states: Vec<String>,
    /// People in each state: index 0 is the stock now, index k the stock after k periods.
    pub projection: Vec<Vec<f64>>,
    /// People leaving from each state: index k-1 is those who left during period k.
    pub leavers: Vec<Vec<f64>>,
    /// People recruited into each state at the end of every period (zeros when none).
    pub recruits: Vec<f64>,
    /// The probability of leaving the system from each state in one period (`1 - row sum`).
    pub leaving: Vec<f64>,
    /// Expected periods a person now in each state spends in the system, counting the
    /// current one: the row sums of the fundamental matrix `(I - Q)^-1`.
    pub expected_periods: Vec<f64>,
    /// The fundamental matrix `(I - Q)^-1`: row i, column j is the expected number of
    /// periods a person now in state i spends in state j.
    pub periods_in_state: Vec<Vec<f64>>,
    /// The stock the projection settles at if the same recruits join every period:
    /// `recruits (I - Q)^-1` (all zero without recruits: everyone eventually leaves).
    pub steady_state: Vec<f64>,
    /// The recruitment needed to reach the target, when the file gives one.
    pub target: Option<TargetCheck>,
}

/// Whether a target structure can be reached next period by recruitment alone.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// The structure wanted, people per state.
    pub target: Vec<f64>,
    /// Where today's stock would be next period with no recruits: `stock P`.
    pub without_recruits: Vec<f64>,
    /// Recruits needed in each state: `target - stock P`. Negative where more people than
    /// the target would be there even with no recruits, which recruitment cannot undo.
    pub required_recruitment: Vec<f64>,
    /// True when no state needs negative recruitment.
    pub maintainable: bool,
}

impl MarkovModel {
    /// Reads and checks the model file at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| {
            let err = Error::input(
                Location::file(path),
                format!("cannot read the model file: {e}"),
            );
            if e.kind() == std::io::ErrorKind::NotFound {
                err.with_help("check the path")
            } else {
                err
            }
        })?;
        let text = Error::utf8(path, bytes, "save it as UTF-8")?;

        Self::from_toml(path, &text)
    }

    /// Parses and checks a model from TOML text, as if read from `path`. All the problems
    /// found are reported together, each at its line and column.
    pub fn from_toml(path: &Path, text: &str) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(
                Error::input(Location::file(path), "the model file is empty").with_help(
                    "a model needs at least `states`, `stock` and `transitions`; see `wfcast markov --help`",
                ),
            );
        }
        let file: MarkovFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        Checker {
            path,
            text,
            errors: Vec::new(),
        }
        .check(file)
    }

    /// The file the model was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The state names, in the file's order.
    pub fn states(&self) -> &[String] {
        &self.states
    }

    /// People in each state now.
    pub fn stock(&self) -> &RowDVector<f64> {
        &self.stock
    }

    /// The transition matrix `P` (row = from, column = to, per period).
    pub fn transitions(&self) -> &DMatrix<f64> {
        &self.transitions
    }

    /// Recruits added to each state at the end of every period, if any.
    pub fn recruits(&self) -> Option<&RowDVector<f64>> {
        self.recruits.as_ref()
    }

    /// The target structure, if the file gives one.
    pub fn target(&self) -> Option<&RowDVector<f64>> {
        self.target.as_ref()
    }

    /// Periods to project as the file says (1 when it does not).
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Projects `periods` periods ahead and works out the expected time in the system, the
    /// long-run stock and, with a target, the recruitment needed to reach it.
    pub fn analyse(&self, periods: usize) -> Result<MarkovAnalysis> {
        if periods == 0 || periods > MAX_PERIODS {
            return Err(Error::input(
                Location::file(&self.path),
                format!("periods = {periods} must be from 1 to {MAX_PERIODS}"),
            )
            .with_help("e.g. --periods 10"));
        }
        let n = self.states.len();
        let leaving: Vec<f64> = (0..n)
            .map(|i| {
                let stay = self.transitions.row(i).sum();
                let leave = 1.0 - stay;
                if leave <= TOLERANCE { 0.0 } else { leave }
            })
            .collect();

        let mut projection = Vec::with_capacity(periods + 1);
        let mut leavers = Vec::with_capacity(periods);
        let mut current = self.stock.clone();
        projection.push(to_vec(&current));
        for _ in 0..periods {
            leavers.push(current.iter().zip(&leaving).map(|(s, l)| s * l).collect());
            current = step(&current, &self.transitions, self.recruits.as_ref());
            projection.push(to_vec(&current));
        }

        let fundamental = (DMatrix::identity(n, n) - &self.transitions)
            .lu()
            .try_inverse()
            .ok_or_else(|| {
                Error::Model(
                    "I - Q could not be inverted although every state has a way out".into(),
                )
            })?
            // Every entry is a sum of probabilities, so never below 0; clear rounding noise.
            .map(|x| x.max(0.0));
        let periods_in_state: Vec<Vec<f64>> = (0..n)
            .map(|i| to_vec(&fundamental.row(i).into_owned()))
            .collect();
        let expected_periods = (0..n).map(|i| fundamental.row(i).sum()).collect();
        let recruits = self
            .recruits
            .clone()
            .unwrap_or_else(|| RowDVector::zeros(n));
        let steady_state = to_vec(&(&recruits * &fundamental));

        let target = self.target.as_ref().map(|target| {
            let without = &self.stock * &self.transitions;
            let required: Vec<f64> = target
                .iter()
                .zip(without.iter())
                .map(|(t, w)| {
                    let r = t - w;
                    // 10 - (4 + 6) may come out as -1e-15: that is zero, not a shortfall.
                    if r.abs() <= TOLERANCE * (1.0 + t.abs().max(w.abs())) {
                        0.0
                    } else {
                        r
                    }
                })
                .collect();
            TargetCheck {
                target: to_vec(target),
                without_recruits: to_vec(&without),
                maintainable: required.iter().all(|r| *r >= 0.0),
                required_recruitment: required,
            }
        });

        let analysis = MarkovAnalysis {
            states: self.states.clone(),
            projection,
            leavers,
            recruits: to_vec(&recruits),
            leaving,
            expected_periods,
            periods_in_state,
            steady_state,
            target,
        };
        if !analysis.is_finite() {
            return Err(Error::input(
                Location::file(&self.path),
                "the numbers are too large to compute with: the results overflow",
            )
            .with_help("count in larger units (e.g. thousands of people) or make every state easier to leave"));
        }
        Ok(analysis)
    }
}

impl MarkovAnalysis {
    /// Number of periods projected.
    pub fn periods(&self) -> usize {
        self.projection.len().saturating_sub(1)
    }

    fn is_finite(&self) -> bool {
        let all = |v: &[f64]| v.iter().all(|x| x.is_finite());
        self.projection.iter().all(|v| all(v))
            && self.leavers.iter().all(|v| all(v))
            && self.periods_in_state.iter().all(|v| all(v))
            && all(&self.expected_periods)
            && all(&self.steady_state)
            && self.target.as_ref().is_none_or(|t| {
                all(&t.target) && all(&t.without_recruits) && all(&t.required_recruitment)
            })
    }
}

fn to_vec(v: &RowDVector<f64>) -> Vec<f64> {
    v.iter().copied().collect()
}

/// A number for a message: at most six decimals, no trailing zeros.
fn show(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// The state names as a short list for messages: `A`, `B` and `C`.
fn name_list(names: &[&str]) -> String {
    const SHOWN: usize = 6;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let mut out = match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        k => format!("{} and {}", quoted[..k - 1].join(", "), quoted[k - 1]),
    };
    if names.len() > SHOWN {
        out = format!("{} and {} more", quoted.join(", "), names.len() - SHOWN);
    }
    out
}

/// Checks a parsed file, collecting every problem with its place.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<Error>,
}

impl Checker<'_> {
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.path, self.text, offset)
    }

    fn push(&mut self, offset: usize, message: String, help: impl Into<String>) {
        let err = Error::input(self.at(offset), message).with_help(help);
        self.errors.push(err);
    }

    fn check(mut self, file: MarkovFile) -> Result<MarkovModel> {
        if file.states.is_none()
            && file.stock.is_none()
            && file.transitions.is_none()
            && file.recruits.is_none()
            && file.periods.is_none()
            && file.target.is_none()
        {
            return Err(Error::input(
                Location::file(self.path),
                "the model file is empty: it has no keys",
            )
            .with_help(
                "a model needs at least `states`, `stock` and `transitions`; see `wfcast markov --help`",
            ));
        }
        let missing = |key: &str, what: &str, example: &str| {
            Error::input(
                Location::file(self.path),
                format!("missing `{key}`: {what}"),
            )
            .with_help(format!("add e.g. `{key} = {example}`"))
        };
        let mut absent = Vec::new();
        if file.states.is_none() {
            absent.push(missing(
                "states",
                "the names of the states (grades, roles)",
                "[\"Analyst\", \"Senior analyst\", \"Lead\"]",
            ));
        }
        if file.stock.is_none() {
            absent.push(missing(
                "stock",
                "the number of people in each state now",
                "[8, 10, 4]",
            ));
        }
        if file.transitions.is_none() {
            absent.push(missing(
                "transitions",
                "the probabilities of moving from each state (row) to each state (column) in one period",
                "[[0.5, 0.5, 0.0], [0.1, 0.7, 0.1], [0.0, 0.25, 0.5]]",
            ));
        }
        let (Some(states), Some(stock), Some(transitions)) =
            (file.states, file.stock, file.transitions)
        else {
            return Err(Error::collect(absent)
                .err()
                .unwrap_or_else(|| Error::Model("a required key is missing".into())));
        };

        let names: Vec<&str> = states
            .get_ref()
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect();
        let n = names.len();
        if n == 0 {
            self.push(
                states.span().start,
                "`states` is empty: a model needs at least one state".into(),
                "list the states, e.g. `states = [\"Analyst\", \"Senior analyst\", \"Lead\"]`",
            );
            return Err(Error::collect(self.errors)
                .err()
                .unwrap_or_else(|| Error::Model("no states".into())));
        }
        for (i, name) in states.get_ref().iter().enumerate() {
            let start = name.span().start;
            if name.get_ref().trim().is_empty() {
                self.push(
                    start,
                    format!("state {} has an empty name", i + 1),
                    "give every state a name, e.g. \"Analyst\"",
                );
            } else if let Some(first) = names[..i].iter().position(|m| *m == names[i]) {
                self.push(
                    start,
                    format!(
                        "state `{}` is listed twice (states {} and {})",
                        names[i],
                        first + 1,
                        i + 1
                    ),
                    "each state needs its own name: rename or remove one",
                );
            }
        }
        let label = |i: usize| match names.get(i) {
            Some(name) => format!("`{name}`"),
            None => format!("number {}", i + 1),
        };
        let all_states = name_list(&names);

        // Vectors: one non-negative finite number per state.
        let stock_v = self.vector(
            &stock,
            "stock",
            "people in each state now",
            &names,
            &all_states,
        );
        let recruits_v = file.recruits.as_ref().and_then(|r| {
            self.vector(
                r,
                "recruits",
                "people recruited into each state every period",
                &names,
                &all_states,
            )
        });
        let target_v = file.target.as_ref().and_then(|t| {
            self.vector(
                t,
                "target",
                "people wanted in each state",
                &names,
                &all_states,
            )
        });

        // The transition matrix: n rows of n probabilities, each row summing to at most 1.
        let rows = transitions.get_ref();
        if rows.len() != n {
            self.push(
                transitions.span().start,
                format!(
                    "`transitions` has {} rows but there are {n} states ({all_states})",
                    rows.len()
                ),
                "give one row per state, in the order of `states`: row = from, column = to",
            );
        }
        let mut matrix_ok = rows.len() == n;
        for (i, row) in rows.iter().enumerate() {
            let from = label(i);
            let cells = row.get_ref();
            if cells.len() != n {
                matrix_ok = false;
                self.push(
                    row.span().start,
                    format!(
                        "row {} ({from}) of `transitions` has {} numbers but there are {n} states ({all_states})",
                        i + 1,
                        cells.len()
                    ),
                    "give one probability per state the people may move to, in the order of `states`",
                );
            }
            let mut row_ok = true;
            for (j, cell) in cells.iter().enumerate() {
                let x = *cell.get_ref();
                let what = format!("`transitions` from {from} to {}", label(j));
                if !x.is_finite() {
                    row_ok = false;
                    self.push(
                        cell.span().start,
                        format!("{what} is {x}: every probability must be a finite number"),
                        "write a probability from 0 to 1, e.g. 0.25",
                    );
                } else if x < 0.0 {
                    row_ok = false;
                    self.push(
                        cell.span().start,
                        format!("{what} is {}: a probability cannot be negative", show(x)),
                        "write a probability from 0 to 1; 0 if nobody moves that way",
                    );
                }
            }
            let sum: f64 = cells.iter().map(|c| *c.get_ref()).sum();
            if row_ok && sum > 1.0 + TOLERANCE {
                self.push(
                    row.span().start,
                    format!(
                        "row {} ({from}) of `transitions` sums to {}, above 1: the chances of staying in or moving from a state cannot add up to more than 1",
                        i + 1,
                        show(sum)
                    ),
                    "lower some entries; 1 - the row sum is the probability of leaving in a period",
                );
            }
            matrix_ok &= row_ok;
        }

        let periods = match &file.periods {
            Some(p) => {
                let v = *p.get_ref();
                if v < 1 || v > MAX_PERIODS as i64 {
                    self.push(
                        p.span().start,
                        format!("periods = {v} must be from 1 to {MAX_PERIODS}"),
                        "e.g. periods = 10",
                    );
                }
                usize::try_from(v).unwrap_or(DEFAULT_PERIODS)
            }
            None => DEFAULT_PERIODS,
        };

        let (Some(stock_v), true) = (stock_v, matrix_ok) else {
            return Err(self.finish());
        };
        if !self.errors.is_empty()
            || file.recruits.is_some() && recruits_v.is_none()
            || file.target.is_some() && target_v.is_none()
        {
            return Err(self.finish());
        }
        let p = DMatrix::from_fn(n, n, |i, j| *rows[i].get_ref()[j].get_ref());

        // I - Q can be inverted exactly when everyone, from every state, can eventually leave.
        let groups = closed_groups(&p);
        for group in &groups {
            let group_names: Vec<&str> = group.iter().map(|&i| names[i]).collect();
            let (message, help) = if let [only] = group_names[..] {
                (
                    format!(
                        "nobody ever leaves `{only}`: its row of `transitions` keeps everyone in `{only}` (it sums to 1 with no move out), so someone there would stay forever and the expected time in the system is infinite (I - Q cannot be inverted)"
                    ),
                    format!(
                        "give `{only}` a chance of leaving: make its row sum below 1 (e.g. 0.9 to stay if 10% leave each period)"
                    ),
                )
            } else {
                let list = name_list(&group_names);
                (
                    format!(
                        "nobody ever leaves {list}: people in them only move between them and their rows of `transitions` sum to 1, so someone there would stay forever and the expected time in the system is infinite (I - Q cannot be inverted)"
                    ),
                    "give at least one of them a chance of leaving (make its row sum below 1), or let people move from one of them to a state people leave".into(),
                )
            };
            self.push(rows[group[0]].span().start, message, help);
        }
        if !groups.is_empty() {
            return Err(self.finish());
        }

        Ok(MarkovModel {
            path: self.path.to_owned(),
            states: names.iter().map(|s| (*s).to_owned()).collect(),
            stock: stock_v,
            transitions: p,
            recruits: recruits_v,
            target: target_v,
            periods,
        })
    }

    /// Checks one per-state vector; returns it when it is right.
    fn vector(
        &mut self,
        v: &Numbers,
        key: &str,
        meaning: &str,
        names: &[&str],
        all_states: &str,
    ) -> Option<RowDVector<f64>> {
        let n = names.len();
        let values = v.get_ref();
        let mut ok = true;
        if values.len() != n {
            ok = false;
            self.push(
                v.span().start,
                format!(
                    "`{key}` has {} numbers but there are {n} states ({all_states})",
                    values.len()
                ),
                format!("give one number per state ({meaning}), in the order of `states`"),
            );
        }
        for (i, value) in values.iter().enumerate() {
            let x = *value.get_ref();
            let which = match names.get(i) {
                Some(name) => format!("`{key}` of `{name}`"),
                None => format!("number {} of `{key}`", i + 1),
            };
            if !x.is_finite() {
                ok = false;
                self.push(
                    value.span().start,
                    format!("{which} is {x}: every number must be finite"),
                    format!("write an ordinary number: {meaning}"),
                );
            } else if x < 0.0 {
                ok = false;
                self.push(
                    value.span().start,
                    format!("{which} is {}: it cannot be negative", show(x)),
                    format!("write 0 or more: {meaning}"),
                );
            } else if x > MAX_PEOPLE {
                ok = false;
                self.push(
                    value.span().start,
                    format!("{which} is {x:e}: that is more people than anyone employs"),
                    format!("write at most {MAX_PEOPLE:e}: {meaning}"),
                );
            }
        }
        ok.then(|| RowDVector::from_iterator(n, values.iter().map(|x| *x.get_ref())))
    }

    fn finish(self) -> Error {
        Error::collect(self.errors)
            .err()
            .unwrap_or_else(|| Error::Model("the model file was refused without a reason".into()))
    }
}

/// Groups of states nobody ever leaves: every move with a positive probability from a
/// state in a group stays in the group, and no row in it sums below 1. Each group lists its
/// states in the file's order; the groups come in the order of their first state. I - Q can
/// be inverted exactly when there is none.
fn closed_groups(p: &DMatrix<f64>) -> Vec<Vec<usize>> {
    let n = p.nrows();
    let reach = |from: usize| -> Vec<bool> {
        let mut seen = vec![false; n];
        seen[from] = true;
        let mut queue = vec![from];
        while let Some(i) = queue.pop() {
            for j in 0..n {
                if !seen[j] && p[(i, j)] > 0.0 {
                    seen[j] = true;
                    queue.push(j);
                }
            }
        }
        seen
    };
    // States from which some chain of moves reaches a state people leave.
    let mut escapes: Vec<bool> = (0..n).map(|i| 1.0 - p.row(i).sum() > TOLERANCE).collect();
    let mut queue: Vec<usize> = (0..n).filter(|&i| escapes[i]).collect();
    while let Some(j) = queue.pop() {
        for i in 0..n {
            if !escapes[i] && p[(i, j)] > 0.0 {
                escapes[i] = true;
                queue.push(i);
            }
        }
    }
    // The others are trapped, and so is every state they move to. A trapped state is in a
    // closed group when every state it can reach can reach it back.
    let trapped: Vec<(usize, Vec<bool>)> = (0..n)
        .filter(|&i| !escapes[i])
        .map(|i| (i, reach(i)))
        .collect();
    let reaches = |j: usize, i: usize| {
        trapped
            .iter()
            .find(|(k, _)| *k == j)
            .is_some_and(|(_, r)| r[i])
    };
    let mut grouped = vec![false; n];
    let mut groups = Vec::new();
    for (i, r) in &trapped {
        if grouped[*i] {
            continue;
        }
        let members: Vec<usize> = (0..n).filter(|&j| r[j]).collect();
        if members.iter().all(|&j| reaches(j, *i)) {
            members.iter().for_each(|&j| grouped[j] = true);
            groups.push(members);
        }
    }
    if groups.is_empty() && !trapped.is_empty() {
        // Cannot happen (a finite trapped set always holds a closed group); refuse anyway.
        groups.push(trapped.iter().map(|(i, _)| *i).collect());
    }
    groups
}

/// A TOML error located in the file, with a hint on the shapes of the values when a value
/// has the wrong type.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let err = Error::toml(path, text, e);
    if e.message().contains("invalid type") {
        return err.with_help(
            "states is a list of names; stock, recruits and target are lists of numbers; transitions is a list of rows of numbers; periods is a whole number",
        );
    }
    err
}
