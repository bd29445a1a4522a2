//! Explicit annual band transition matrices: instead of the data's one-step promotion rates,
//! a scenario may say, per role or nationally, where the staff of each Agenda for Change
//! band move in a year (up one band, up two, or down), e.g.
//! ```toml
//! [promotion.matrix.all]
//! 5 = { 6 = 0.06, 7 = 0.01 }     # from band 5: 6% to band 6, 1% to band 7, the rest stay
//! 7 = { 8a = 0.04, 6 = 0.005 }   # demotion is allowed
//! 9 = {}                         # an empty row: nobody moves out of band 9
//! [promotion.matrix.role.data_scientist]
//! 5 = { 6 = 0.10, 7 = 0.02 }
//! ```
//! A row replaces the data's promotion rate for its from-band; bands without a row keep the
//! data's rate. `promotion.multiplier` scales every probability of a row.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::levers::{NameKind, Problem};

/// One row as written: to band -> annual probability. The probabilities sum to at most 1;
/// the rest stays in the band.
pub(super) type BandRow = BTreeMap<Spanned<String>, Spanned<f64>>;

/// One matrix as written: from band -> row.
pub(super) type BandRows = BTreeMap<Spanned<String>, BandRow>;

/// `[promotion.matrix]`: a national matrix (`all`) and per-role matrices (`role.<id>`); a
/// role's row wins over the national row of the same band.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BandMatrix {
    /// The matrix for every role without its own. It replaces `data/bands.csv`'s promotion
    /// rates, so each role's `promotion_multiplier` from `data/roles.csv` still applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<BandRows>,
    /// Per-role matrices, keyed by role id: taken as written (no role multiplier).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub role: BTreeMap<Spanned<String>, BandRows>,
}

impl BandMatrix {
    /// Overlays `child` on `self` (the inherited matrices): a matrix the child gives, national
    /// or for a role, replaces the inherited one whole.
    pub(crate) fn merged_with(mut self, child: Self) -> Self {
        if child.all.is_some() {
            self.all = child.all;
        }
        self.role.extend(child.role);
        self
    }

    /// True when no matrix is given.
    pub(crate) fn is_empty(&self) -> bool {
        self.all.is_none() && self.role.is_empty()
    }

    fn matrices(&self) -> impl Iterator<Item = &BandRows> {
        self.all.iter().chain(self.role.values())
    }

    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        for rows in self.matrices() {
            for (from, row) in rows {
                let mut sum = 0.0;
                for (to, prob) in row {
                    let x = *prob.get_ref();
                    if !x.is_finite() || !(0.0..=1.0).contains(&x) {
                        p.push((
                            prob.span(),
                            format!(
                                "band {} -> {}: probability {} is out of range",
                                from.get_ref(),
                                to.get_ref(),
                                crate::error::number(x)
                            ),
                            "an annual probability, from 0 to 1".into(),
                        ));
                    } else {
                        sum += x;
                    }
                    if to.get_ref() == from.get_ref() {
                        p.push((
                            to.span(),
                            format!("band {} moves to itself", from.get_ref()),
                            "leave the diagonal out: whoever does not move stays in the band"
                                .into(),
                        ));
                    }
                }
                if sum > 1.0 + 1e-9 {
                    p.push((
                        from.span(),
                        format!(
                            "the row of band {} sums to {sum}, more than 1",
                            from.get_ref()
                        ),
                        "a row gives the probabilities of moving out of the band in a year; they must sum to at most 1 (the rest stays)".into(),
                    ));
                }
            }
        }
        p
    }

    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        let mut out: Vec<_> = self.role.keys().map(|k| (k, NameKind::Role)).collect();
        for rows in self.matrices() {
            for (from, row) in rows {
                out.push((from, NameKind::Band));
                out.extend(row.keys().map(|k| (k, NameKind::Band)));
            }
        }
        out
    }
}
