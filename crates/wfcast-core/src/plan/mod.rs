//! Planning: the least-cost package of policy levers (bigger intakes, premiums, an
//! international drive, a retention programme) that meets a target, such as a vacancy rate
//! of at most 10% in 2030, with a stated probability. `wfcast plan` runs it; docs/model.md
//! ("Planning") gives the method, the costs and the limits.
//!
//! - [`load_plan`] reads and checks a plan file and the scenario it plans for;
//! - [`Evaluator`] runs and judges one package of settings on a set of draws;
//! - [`find`] is the search itself over any [`Judge`] of packages;
//! - [`search`] finds the package on the model, and checks it on the scenario's own draws.

mod evaluate;
mod file;
mod levers;
mod pattern;
mod search;
mod target;

pub use evaluate::{Evaluation, Evaluator, Outcomes, Z_ONE_SIDED_95, wilson_lower};
pub use file::{
    DEFAULT_MAX_CANDIDATES, DEFAULT_SEARCH_DRAWS, MAX_LEVERS, MAX_SEARCH_DRAWS, MAX_SETTINGS,
    MIN_SEARCH_DRAWS, Plan, load_plan,
};
pub use levers::{LeverKind, PlanLever, package_text};
pub use pattern::{Found, Judge, find};
pub use search::{Outcome, most_draws, search};
pub use target::{Bound, Target, Years};
