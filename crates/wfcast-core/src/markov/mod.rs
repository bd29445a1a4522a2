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

use crate::error::{Error, Location, Result};
use nalgebra::{DMatrix, RowDVector};

mod file;

use file::{Checker, MarkovFile, toml_error};

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
/// Most states a model may have: the expected time in the system inverts an n x n
/// matrix (n cubed work), about a second at this size and hours at tens of thousands.
pub const MAX_STATES: usize = 2_000;

/// Numbers of people above this (a trillion) are refused as typing mistakes.
pub const MAX_PEOPLE: f64 = 1e12;

/// Periods projected when neither the file nor the command line says.
pub const DEFAULT_PERIODS: usize = 1;

/// How far a row may sum above 1, or a leaving probability sit above 0, and still count as
/// exactly 1 or 0: decimal fractions such as 0.1 + 0.7 + 0.2 are not exact in binary.
const TOLERANCE: f64 = 1e-9;

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
        let bytes = crate::input::read_bounded(path).map_err(|e| {
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
