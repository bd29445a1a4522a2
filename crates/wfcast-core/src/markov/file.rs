//! Markov model files as written, and the checks that turn one into a [`MarkovModel`],
//! every mistake located at its line and column.

use std::path::Path;

use nalgebra::{DMatrix, RowDVector};
use serde::Deserialize;
use toml::Spanned;

use super::{DEFAULT_PERIODS, MAX_PEOPLE, MAX_PERIODS, MAX_STATES, MarkovModel, TOLERANCE};
use crate::error::{Error, Location, Result};

type Numbers = Spanned<Vec<Spanned<f64>>>;

/// A model file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MarkovFile {
    states: Option<Spanned<Vec<Spanned<String>>>>,
    stock: Option<Numbers>,
    transitions: Option<Spanned<Vec<Numbers>>>,
    recruits: Option<Numbers>,
    periods: Option<Spanned<i64>>,
    target: Option<Numbers>,
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
pub(super) struct Checker<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) errors: Vec<Error>,
}

impl Checker<'_> {
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.path, self.text, offset)
    }

    fn push(&mut self, offset: usize, message: String, help: impl Into<String>) {
        let err = Error::input(self.at(offset), message).with_help(help);
        self.errors.push(err);
    }

    pub(super) fn check(mut self, file: MarkovFile) -> Result<MarkovModel> {
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
        if n > MAX_STATES {
            self.push(
                states.span().start,
                format!("`states` lists {n} states, more than the {MAX_STATES} a model may have"),
                "a manpower model has tens of states (grades, roles); its analysis inverts an \
                 n x n matrix, which for many thousands of states would run for hours",
            );
            return Err(Error::collect(self.errors)
                .err()
                .unwrap_or_else(|| Error::Model("too many states".into())));
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
pub(super) fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let err = Error::toml(path, text, e);
    if e.message().contains("invalid type") {
        return err.with_help(
            "states is a list of names; stock, recruits and target are lists of numbers; transitions is a list of rows of numbers; periods is a whole number",
        );
    }
    err
}
