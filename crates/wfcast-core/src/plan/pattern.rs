//! The search itself, apart from the model: a pattern search over the levers' settings
//! (by index), coarse steps first. Up: from every lever at its lowest setting, take the
//! move that cuts the shortfall most per pound until a package meets the target. Down: try
//! cheaper neighbours (one lever lower, or one lower and another higher) that still meet
//! it, halving the step until it is one setting. Every package is judged once (a cache).

use std::collections::BTreeMap;

use super::evaluate::Evaluation;
use crate::error::Result;

/// What the search asks of a model: to judge a package of settings, given by each lever's
/// setting index.
pub trait Judge {
    /// The highest setting index of each lever.
    fn tops(&self) -> Vec<usize>;
    /// The part of a package's cost known without judging it: never more than its cost.
    fn fixed_cost(&self, levels: &[usize]) -> f64;
    /// Judges the package `levels`.
    fn judge(&mut self, levels: &[usize]) -> Result<Evaluation>;
}

/// Every package judged, in order, and the one chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The packages judged (setting indices), in the order judged.
    pub levels: Vec<Vec<usize>>,
    /// Their evaluations, in the same order.
    pub candidates: Vec<Evaluation>,
    /// The index of the chosen one: the cheapest feasible, or else the most probable within
    /// the budget (cheapest among equals).
    pub chosen: usize,
}

/// The packages judged so far and the search's limits.
pub(crate) struct Memo<'j> {
    judge: &'j mut dyn Judge,
    seen: BTreeMap<Vec<usize>, Evaluation>,
    order: Vec<Vec<usize>>,
    need: f64,
    max: u64,
}

impl<'j> Memo<'j> {
    /// A search of `judge` for a probability of at least `need`, judging at most `max`
    /// packages (the checks of a package in the end excepted).
    pub(crate) fn new(judge: &'j mut dyn Judge, need: f64, max: u64) -> Self {
        Self {
            judge,
            seen: BTreeMap::new(),
            order: Vec::new(),
            need,
            max,
        }
    }

    fn left(&self) -> bool {
        (self.order.len() as u64) < self.max
    }

    pub(crate) fn eval(&mut self, levels: &[usize]) -> Result<Evaluation> {
        if let Some(e) = self.seen.get(levels) {
            return Ok(e.clone());
        }
        let e = self.judge.judge(levels)?;
        self.seen.insert(levels.to_vec(), e.clone());
        self.order.push(levels.to_vec());
        Ok(e)
    }

    fn feasible(&self, levels: &[usize]) -> bool {
        self.seen.get(levels).is_some_and(|e| e.feasible(self.need))
    }

    fn chosen(&self) -> usize {
        let all = || self.order.iter().map(|l| &self.seen[l]).enumerate();
        let cheapest = all()
            .filter(|(_, e)| e.feasible(self.need))
            .min_by(|(_, a), (_, b)| a.cost.total_cmp(&b.cost));
        // the most probable package the budget allows (the one the plan can offer)
        let likeliest = || {
            all()
                .filter(|(_, e)| e.within_budget)
                .max_by(|(_, x), (_, y)| {
                    x.probability
                        .total_cmp(&y.probability)
                        .then(y.cost.total_cmp(&x.cost))
                })
        };
        cheapest.or_else(likeliest).map_or(0, |(i, _)| i)
    }

    /// What was judged, and the choice.
    pub(crate) fn found(&self) -> Found {
        Found {
            levels: self.order.clone(),
            candidates: self.order.iter().map(|l| self.seen[l].clone()).collect(),
            chosen: self.chosen(),
        }
    }

    /// The package one setting above `at` on the lever whose step helps most per pound,
    /// within the budget; `None` when every lever is at its top.
    pub(crate) fn strengthen(&mut self, at: &[usize]) -> Result<Option<Vec<usize>>> {
        self.best_step(at, 1)
    }

    /// The package `step` settings above `at` (at most its top) on the lever whose move
    /// helps most per pound, within the budget; `None` when no lever can move within it.
    fn best_step(&mut self, at: &[usize], step: usize) -> Result<Option<Vec<usize>>> {
        let tops = self.judge.tops();
        let here = self.eval(at)?;
        let mut best: Option<(f64, Vec<usize>)> = None;
        for i in (0..tops.len()).filter(|&i| at[i] < tops[i]) {
            let mut m = at.to_vec();
            m[i] = (m[i] + step).min(tops[i]);
            let e = self.eval(&m)?;
            let score = rate(&here, &e);
            if e.within_budget && best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, m));
            }
        }
        Ok(best.map(|(_, m)| m))
    }
}

/// Searches `memo`'s judge for the least-cost feasible package.
pub(crate) fn pattern_search(memo: &mut Memo<'_>) -> Result<()> {
    let tops = memo.judge.tops();
    let mut current = vec![0; tops.len()];
    memo.eval(&current)?;
    let widest = tops.iter().copied().max().unwrap_or(0);
    // the largest power of two at most an eighth of the widest range: coarse first
    let mut step = 1usize;
    while step * 8 <= widest {
        step *= 2;
    }
    while !memo.feasible(&current) && memo.left() {
        match memo.best_step(&current, step)? {
            Some(m) => current = m,
            None if step > 1 => step /= 2,
            None => break,
        }
    }
    if !memo.feasible(&current) {
        return Ok(());
    }
    loop {
        let mut improved = false;
        for m in neighbours(&current, &tops, step) {
            if !memo.left() {
                return Ok(());
            }
            let cost_here = memo.eval(&current)?.cost;
            if memo.judge.fixed_cost(&m) >= cost_here {
                continue;
            }
            let e = memo.eval(&m)?;
            if e.feasible(memo.need) && e.cost < cost_here {
                current = m;
                improved = true;
                break;
            }
        }
        if !improved {
            if step == 1 {
                return Ok(());
            }
            step /= 2;
        }
    }
}

/// The progress from `here` to `there` per pound: the cut in the shortfall (or, where it
/// does not move, the gain in probability) over the extra cost. A free step that helps
/// ranks first; one that does not help ranks by its cost, cheapest first, below any that
/// helps.
fn rate(here: &Evaluation, there: &Evaluation) -> f64 {
    let extra = (there.cost - here.cost).max(0.0);
    let cut = here.shortfall - there.shortfall;
    let gain = if cut > 0.0 {
        cut
    } else {
        // a tiny weight keeps a probability gain below any cut in the shortfall
        1e-12 * (there.probability - here.probability)
    };
    if gain <= 0.0 {
        return -1.0 - extra;
    }
    if extra == 0.0 {
        f64::INFINITY
    } else {
        gain / extra
    }
}

/// The moves down from `at` by `step`: one lever lower, or one lower and another higher.
fn neighbours(at: &[usize], tops: &[usize], step: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for i in (0..at.len()).filter(|&i| at[i] > 0) {
        let mut down = at.to_vec();
        down[i] = at[i].saturating_sub(step);
        out.push(down.clone());
        for j in (0..at.len()).filter(|&j| j != i && at[j] < tops[j]) {
            let mut swap = down.clone();
            swap[j] = (at[j] + step).min(tops[j]);
            out.push(swap);
        }
    }
    out
}

/// Searches `judge` for the cheapest package that meets the target with probability at
/// least `need` (sure at 95%), judging at most `max` packages.
///
/// ```
/// use wfcast_core::plan::{Evaluation, Judge, find};
/// // one lever, settings 0..=10 at 1 pound each; a package meets the target when its
/// // setting is at least 7, in every one of 100 draws
/// struct Toy;
/// impl Judge for Toy {
///     fn tops(&self) -> Vec<usize> { vec![10] }
///     fn fixed_cost(&self, l: &[usize]) -> f64 { l[0] as f64 }
///     fn judge(&mut self, l: &[usize]) -> wfcast_core::Result<Evaluation> {
///         let margins = vec![7.0 - l[0] as f64; 100];
///         Ok(Evaluation::new(vec![l[0] as f64], vec![l[0] as f64], &margins, 0.8, None))
///     }
/// }
/// let found = find(&mut Toy, 0.8, 100)?;
/// assert_eq!(found.levels[found.chosen], vec![7]);
/// # Ok::<(), wfcast_core::Error>(())
/// ```
pub fn find(judge: &mut dyn Judge, need: f64, max: u64) -> Result<Found> {
    let mut memo = Memo::new(judge, need, max);
    pattern_search(&mut memo)?;
    Ok(memo.found())
}
