//! Correlated assumptions: `[[correlation]]` entries say that two uncertain inputs move
//! together, as a rank (Spearman) correlation, drawn through a Gaussian copula: a tight
//! labour market means both a low fill rate and more leavers. docs/model.md, section 3.

use std::ops::Range;

use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Most correlated entries a scenario may have: the copula's matrix is factorised once,
/// but each draw multiplies by it, and no real set of assumptions needs more.
pub const MAX_CORRELATED: usize = 64;

/// A `[[correlation]]` table as written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CorrelationFile {
    /// The two entries, by their names in `sensitivity.csv` (e.g. `recruitment.fill_rate.all`).
    pub between: Spanned<Vec<String>>,
    /// Their rank correlation, above -1 and below 1.
    pub rank: Spanned<f64>,
}

impl CorrelationFile {
    /// Problems of the table on its own: the number of names, the range of the rank.
    pub(crate) fn problems(&self) -> Vec<(Range<usize>, String, String)> {
        let mut p = Vec::new();
        let names = self.between.get_ref();
        if names.len() != 2 || names[0] == names[1] {
            p.push((
                self.between.span(),
                "`between` must name two different uncertain entries".into(),
                "e.g. between = [\"recruitment.fill_rate.all\", \"leaving.multiplier.all\"]".into(),
            ));
        }
        let r = *self.rank.get_ref();
        if !(r > -1.0 && r < 1.0) {
            p.push((
                self.rank.span(),
                format!("rank = {r} must be above -1 and below 1"),
                "a rank correlation, e.g. -0.5; inputs that always move together are one input"
                    .into(),
            ));
        }
        p
    }
}

/// Two uncertain entries that move together, with their rank correlation.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// The two entries' names, as in `sensitivity.csv`.
    pub between: [String; 2],
    /// Their rank (Spearman) correlation.
    pub rank: f64,
}

/// The correlation of the normal scores that gives the rank correlation `rank` under a
/// Gaussian copula: `2 sin(pi rank / 6)` (Pearson 1907), whatever the inputs' distributions.
///
/// ```
/// use wfcast_core::scenario::normal_correlation;
/// assert_eq!(normal_correlation(0.0), 0.0);
/// assert!((normal_correlation(0.5) - 0.5176).abs() < 1e-4);
/// ```
pub fn normal_correlation(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

/// The copula over a scenario's correlated entries: their names, and the lower Cholesky
/// factor `L` of the normal scores' correlation matrix, so that `z = L e` turns independent
/// standard normals `e` into correlated ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Copula {
    /// The correlated entries, in the order the factor's rows are.
    pub names: Vec<String>,
    factor: DMatrix<f64>,
}

impl Copula {
    /// The copula of `pairs`, `None` without any, or why the correlations cannot all hold
    /// at once (their matrix is not positive definite).
    pub fn new(pairs: &[Correlation]) -> Result<Option<Self>, String> {
        let mut names: Vec<String> = Vec::new();
        for p in pairs {
            for n in &p.between {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        if names.is_empty() {
            return Ok(None);
        }
        let at = |n: &str| names.iter().position(|x| x == n).unwrap_or(0);
        let mut m = DMatrix::<f64>::identity(names.len(), names.len());
        for p in pairs {
            let (i, j) = (at(&p.between[0]), at(&p.between[1]));
            let r = normal_correlation(p.rank);
            m[(i, j)] = r;
            m[(j, i)] = r;
        }
        match m.cholesky() {
            Some(c) => Ok(Some(Self {
                names,
                factor: c.l(),
            })),
            None => Err(format!(
                "the correlations among {} cannot all hold at once: their matrix is not \
                 positive definite",
                names.join(", ")
            )),
        }
    }

    /// Correlated standard normals `L e` from the independent ones `e` (in `names` order).
    pub fn correlate(&self, e: &[f64]) -> Vec<f64> {
        (0..self.names.len())
            .map(|i| (0..=i).map(|j| self.factor[(i, j)] * e[j]).sum())
            .collect()
    }
}

/// The names of a scenario's uncertain entries, as a draw samples them (and as
/// `sensitivity.csv` names them): every parameter entry covering some role and region, then
/// the pipelines', programmes', role moves' and upskilling routes' numbers. The model's
/// sampling plan names its entries the same way (tested).
pub(crate) fn uncertain_names(
    params: &super::Parameters,
    spec: &super::Spec,
    baseline: &crate::input::Baseline,
) -> Vec<String> {
    let chains = baseline.geography.chains();
    let mut names: Vec<String> = Vec::new();
    for (rule, param) in super::RULES.iter().zip(&params.values) {
        for role in &baseline.roles {
            for chain in &chains {
                if let Some((key, value)) = param.lookup_within(&role.id, chain) {
                    let name = format!("{}.{key}", rule.path);
                    if !value.is_fixed() && !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    let mut push = |name: String, value: &super::Uncertain| {
        if !value.is_fixed() {
            names.push(name);
        }
    };
    for r in &spec.routes {
        push(format!("pipelines.{}.intake", r.name), &r.intake);
        push(format!("pipelines.{}.completion", r.name), &r.completion);
        push(format!("pipelines.{}.retention", r.name), &r.retention);
    }
    for p in &spec.programmes {
        push(format!("demand.programme.{}", p.name), &p.wte);
    }
    for m in &spec.role_moves {
        push(m.name.clone(), &m.rate);
    }
    for u in &spec.upskilling {
        push(format!("upskilling.{}.places", u.name), &u.places);
        push(format!("upskilling.{}.completion", u.name), &u.completion);
    }
    names
}
