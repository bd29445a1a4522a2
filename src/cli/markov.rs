//! `wfcast markov`'s help on its model file and outputs, and its `--format` values: argument
//! definitions, kept with the other arguments.

use clap::ValueEnum;

/// How `wfcast markov` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum MarkovFormat {
    /// Aligned columns for a person to read.
    #[default]
    Table,
    /// One JSON object.
    Json,
    /// A tidy long table: metric,period,state,value.
    Csv,
}

/// Shown after `wfcast markov --help`: the file format and the outputs.
pub(crate) const AFTER_HELP: &str = "\
The model file (TOML):
  states = [\"Analyst\", \"Senior analyst\", \"Lead\"]
  stock = [8, 10, 4]                  # people in each state now
  transitions = [[0.5, 0.5, 0.0],     # row = from, column = to, per period;
                 [0.1, 0.7, 0.1],     # 1 - row sum = probability of leaving
                 [0.0, 0.25, 0.5]]
  recruits = [4, 5, 0]                # optional, added at the end of every period
  periods = 1                         # optional, default 1 (--periods overrides)
  target = [10, 10, 5]                # optional: a structure to reach and hold

Each period n(k) = n(k-1) P + recruits. Expected periods in the system (counting the
current one) are the row sums of (I - Q)^-1, Q = the transition matrix. Required
recruitment = target - stock P: what must join next period to reach the target from
today's stock; a negative number means more people than the target would be in that
state even with no recruits, so the structure is not maintainable by recruitment alone.

--format json: one object with states, projection (index 0 = stock, k = after k
periods), leavers (index k-1 = left during period k), leaving, recruits,
expected_periods, periods_in_state ((I - Q)^-1), steady_state (recruits (I - Q)^-1),
and with a target: target, without_recruits (stock P), required_recruitment,
maintainable.

--format csv: one tidy long table with header metric,period,state,value. Metrics:
  stock                 people in the state at the end of the period (0 = now)
  leavers, recruits     flows during the period (periods 1..N)
  leaving               probability of leaving per period (period blank)
  expected_periods      expected periods in the system (period blank)
  steady_state          long-run stock with these recruits (period blank)
  target, required_recruitment   with a target (period blank); the target is
                        maintainable when no required_recruitment is negative.
Filter on metric in a spreadsheet or pivot it (e.g. pandas pivot on period x state).";
