//! Rank correlations of the sampled uncertain parameters with an output across draws.
//!
//! The partial rank correlation coefficient (PRCC) is the correlation between the
//! ranks of a parameter and of the output once the (ranked) other parameters are accounted
//! for. Ranks make it robust to monotone non-linearity; the partial form separates parameters
//! that move together. It is computed from the inverse of the rank correlation matrix:
//! `PRCC_j = -C⁻¹[j,y] / sqrt(C⁻¹[j,j] C⁻¹[y,y])`. The plain Spearman correlation is given too.

use nalgebra::DMatrix;

/// Fewest draws a ranking is made from: with fewer, ranks say nothing.
pub const MIN_SENSITIVITY_DRAWS: u64 = 3;

/// The rank correlations of one uncertain parameter with the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Influence {
    /// The parameter entry, e.g. `demand.growth.all` or `pipelines.apprenticeships.intake`.
    pub parameter: String,
    /// Partial rank correlation with the output, in [-1, 1]; NaN when it cannot be computed
    /// (e.g. two parameters that always move together).
    pub prcc: f64,
    /// Spearman rank correlation with the output, in [-1, 1].
    pub spearman: f64,
}

/// Ranks of `xs` (1-based), ties sharing their average rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| xs[i].total_cmp(&xs[j]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Standardises `xs` to mean 0 and unit sum of squares; `None` when it does not vary.
fn standardise(xs: &[f64]) -> Option<Vec<f64>> {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let ss = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>().sqrt();
    (ss > 0.0).then(|| xs.iter().map(|x| (x - mean) / ss).collect())
}

/// Ranks parameters by their influence on `output`. `sampled` holds each draw's parameter
/// values in `names` order (draw-major), `output` each draw's output. Parameters that do not
/// vary across the draws are left out. The result is sorted by |PRCC|, largest first (by
/// |Spearman| when there are too few draws for partial correlations: PRCC is then NaN).
///
/// ```
/// use wfcast_core::analysis::influence;
/// // y rises with a, falls with b, ignores c
/// let names = ["a".to_string(), "b".to_string(), "c".to_string()];
/// let mut sampled = Vec::new();
/// let mut y = Vec::new();
/// for i in 0..50 {
///     let (a, b, c) = (i as f64, ((i * 7) % 50) as f64, ((i * 13) % 50) as f64);
///     sampled.extend([a, b, c]);
///     y.push(2.0 * a - b);
/// }
/// let inf = influence(&names, &sampled, &y);
/// assert_eq!(inf[0].parameter, "a");
/// assert!(inf[1].prcc < -0.5 && inf[2].prcc.abs() < 0.3);
/// ```
pub fn influence(names: &[String], sampled: &[f64], output: &[f64]) -> Vec<Influence> {
    let draws = output.len();
    let k = names.len();
    if k == 0 || (draws as u64) < MIN_SENSITIVITY_DRAWS || sampled.len() != k * draws {
        return Vec::new();
    }
    let Some(ry) = standardise(&ranks(output)) else {
        return Vec::new();
    };
    let mut kept: Vec<(String, Vec<f64>)> = Vec::new();
    for (j, name) in names.iter().enumerate() {
        let x: Vec<f64> = (0..draws).map(|d| sampled[d * k + j]).collect();
        if let Some(rx) = standardise(&ranks(&x)) {
            kept.push((name.clone(), rx));
        }
    }
    let m = kept.len();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let cols: Vec<&[f64]> = kept
        .iter()
        .map(|(_, r)| r.as_slice())
        .chain(std::iter::once(ry.as_slice()))
        .collect();
    let corr = DMatrix::from_fn(m + 1, m + 1, |i, j| dot(cols[i], cols[j]));
    // A partial correlation needs more draws than variables and a non-singular matrix.
    let inverse = (draws > m + 2)
        .then(|| corr.clone().try_inverse())
        .flatten();
    let mut out: Vec<Influence> = kept
        .into_iter()
        .enumerate()
        .map(|(j, (parameter, _))| {
            let prcc = inverse.as_ref().map_or(f64::NAN, |c| {
                (-c[(j, m)] / (c[(j, j)] * c[(m, m)]).sqrt()).clamp(-1.0, 1.0)
            });
            Influence {
                parameter,
                prcc,
                spearman: corr[(j, m)],
            }
        })
        .collect();
    // By |PRCC|; when there are too few draws for partial correlations, by |Spearman|.
    out.sort_by(|a, b| {
        let key = |i: &Influence| (i.prcc.is_finite(), i.prcc.abs(), i.spearman.abs());
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(kb.2.total_cmp(&ka.2))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 5.0]), vec![2.5, 4.0, 2.5, 1.0]);
    }

    /// Two parameters: PRCC of one given the other, against the textbook partial correlation
    /// r_{xy.z} = (r_xy - r_xz r_yz) / sqrt((1 - r_xz²)(1 - r_yz²)) on the same ranks.
    #[test]
    fn matches_the_first_order_partial_correlation_formula() {
        let n = 40;
        let x: Vec<f64> = (0..n).map(|i| ((i * 17) % n) as f64).collect();
        let z: Vec<f64> = (0..n).map(|i| ((i * 11) % n) as f64 + 0.3 * x[i]).collect();
        let y: Vec<f64> = (0..n)
            .map(|i| x[i] + 0.5 * z[i] + ((i * 7) % 5) as f64)
            .collect();
        let sampled: Vec<f64> = (0..n).flat_map(|i| [x[i], z[i]]).collect();
        let got = influence(&["x".into(), "z".into()], &sampled, &y);
        let (rx, rz, ry) = (
            standardise(&ranks(&x)).unwrap(),
            standardise(&ranks(&z)).unwrap(),
            standardise(&ranks(&y)).unwrap(),
        );
        let r = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
        let (rxy, rxz, ryz) = (r(&rx, &ry), r(&rx, &rz), r(&ry, &rz));
        let expected = (rxy - rxz * ryz) / ((1.0 - rxz * rxz) * (1.0 - ryz * ryz)).sqrt();
        let px = got.iter().find(|i| i.parameter == "x").unwrap();
        assert!(
            (px.prcc - expected).abs() < 1e-12,
            "{} vs {expected}",
            px.prcc
        );
        assert!((px.spearman - rxy).abs() < 1e-12);
    }

    /// Three parameters and four draws: too few for partial correlations, so the ranking
    /// falls back to the plain rank correlations.
    #[test]
    fn too_few_draws_rank_by_spearman() {
        let sampled = [1.0, 4.0, 2.0, 2.0, 3.0, 1.0, 3.0, 1.0, 3.0, 4.0, 2.0, 4.0];
        let y = [1.0, 2.0, 3.0, 4.0];
        let got = influence(&["a".into(), "b".into(), "c".into()], &sampled, &y);
        assert!(got.iter().all(|i| i.prcc.is_nan()));
        let rho: Vec<f64> = got.iter().map(|i| i.spearman.abs()).collect();
        assert!(rho.windows(2).all(|w| w[0] >= w[1]), "{got:?}");
        assert_eq!(got[0].parameter, "a");
        assert!(
            (got[0].spearman - 1.0).abs() < 1e-12 && (got[2].spearman.abs() - 0.8).abs() < 1e-12
        );
    }

    #[test]
    fn constant_parameters_are_left_out() {
        let sampled: Vec<f64> = (0..10).flat_map(|i| [i as f64, 1.0]).collect();
        let y: Vec<f64> = (0..10).map(f64::from).collect();
        let got = influence(&["a".into(), "flat".into()], &sampled, &y);
        assert_eq!(got.len(), 1);
        assert!((got[0].spearman - 1.0).abs() < 1e-12);
    }
}
