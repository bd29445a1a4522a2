//! The Markov core of classic manpower planning: a stock row vector `n` moved by a
//! transition matrix `P` (row = from, column = to; `1 - row sum` = leaving) plus recruits:
//! `n(t+1) = n(t) P + r`. The expected-value engine and `wfcast markov` share it.

use nalgebra::{DMatrix, RowDVector};

/// One period of a Markov manpower model: `stock P + recruits`.
///
/// ```
/// use nalgebra::{DMatrix, RowDVector};
/// let p = DMatrix::from_row_slice(2, 2, &[0.5, 0.5, 0.0, 0.8]);
/// let n = wfcast_core::markov::step(&RowDVector::from_row_slice(&[10.0, 10.0]), &p, Some(&RowDVector::from_row_slice(&[4.0, 0.0])));
/// assert_eq!(n.as_slice(), &[9.0, 13.0]);
/// ```
pub fn step(stock: &RowDVector<f64>, p: &DMatrix<f64>, recruits: Option<&RowDVector<f64>>) -> RowDVector<f64> {
    let moved = stock * p;
    match recruits {
        Some(r) => moved + r,
        None => moved,
    }
}
