//! Small-number suppression of a published two-way table with its totals, as NHS
//! statistics publish counts: cells from 1 to `threshold - 1` are hidden (primary
//! suppression), and further cells are hidden (complementary suppression) until no hidden
//! value can be worked out exactly from the values shown and the totals.
//!
//! Written by hand: the published tools for this (sdcTable, tau-Argus) are R and Java. The
//! table and its totals are treated as one grid with an extra row (column totals) and an
//! extra column (row totals); each line of the grid sums to its total, so every entry sits
//! in one row equation and one column equation. Seen that way the hidden entries are the
//! edges of a bipartite graph between rows and columns, and a hidden entry can be worked out
//! exactly when, and only when, its edge is a bridge of that graph (on no cycle of hidden
//! entries). The rule is therefore: hide more until no hidden edge is a bridge.

/// A grid of counts with its totals, and which entries are hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// `(rows + 1) x (cols + 1)` values, row-major: the last column holds row totals, the
    /// last row column totals, the corner the grand total.
    pub values: Vec<u64>,
    /// Whether each entry is hidden, in the same layout.
    pub hidden: Vec<bool>,
    /// Rows of the table (without the totals row).
    pub rows: usize,
    /// Columns of the table (without the totals column).
    pub cols: usize,
}

impl Suppressed {
    /// Index of entry `(i, j)` of the grid, totals included.
    pub fn at(&self, i: usize, j: usize) -> usize {
        i * (self.cols + 1) + j
    }
}

/// Hides every count of `table` (`rows x cols`, row-major) and its totals that is from 1
/// to `threshold - 1`, then enough others that none can be recovered by differencing.
///
/// ```
/// use wfcast_core::import::suppress;
/// // two places by two roles; place 2 has 2 staff in role 1
/// let s = suppress(&[10, 12, 2, 9], 2, 2, 5);
/// // the 2 is hidden, and so is a second count in its row and in its column
/// assert!(s.hidden[s.at(1, 0)]);
/// assert_eq!(s.hidden.iter().filter(|&&h| h).count(), 4);
/// ```
pub fn suppress(table: &[u64], rows: usize, cols: usize, threshold: u64) -> Suppressed {
    let w = cols + 1;
    let mut values = vec![0u64; (rows + 1) * w];
    for i in 0..rows {
        for j in 0..cols {
            let v = table[i * cols + j];
            values[i * w + j] = v;
            values[i * w + cols] += v;
            values[rows * w + j] += v;
            values[rows * w + cols] += v;
        }
    }
    let hidden = values.iter().map(|&v| v > 0 && v < threshold).collect();
    let mut s = Suppressed {
        values,
        hidden,
        rows,
        cols,
    };
    // every step hides one more entry, and a grid with everything hidden has no bridge
    // (rows and columns form a complete bipartite graph), so this ends
    loop {
        if let Some(k) = lone_in_line(&s) {
            s.hidden[k] = true;
        } else if let Some((i, j)) = first_bridge(&s) {
            let k = complement(&s, i, j).or_else(|| smallest_shown(&s, Line::Row(i)));
            match k {
                Some(k) => s.hidden[k] = true,
                None => break,
            }
        } else {
            break;
        }
    }
    s
}

/// A row or column of the grid, totals included.
#[derive(Clone, Copy)]
enum Line {
    Row(usize),
    Col(usize),
}

fn line(s: &Suppressed, l: Line) -> Vec<(usize, usize)> {
    match l {
        Line::Row(i) => (0..=s.cols).map(|j| (i, j)).collect(),
        Line::Col(j) => (0..=s.rows).map(|i| (i, j)).collect(),
    }
}

/// The count to hide next in a line: cells before totals; then one whose crossing line
/// also has a lone hidden entry (it protects both at once); counts above zero before
/// zeros; then the smallest, then the first.
fn smallest_shown(s: &Suppressed, along: Line) -> Option<usize> {
    let hidden_in = |l: Line| {
        line(s, l)
            .iter()
            .filter(|&&(a, b)| s.hidden[s.at(a, b)])
            .count()
    };
    let along_row = matches!(along, Line::Row(_));
    line(s, along)
        .into_iter()
        .filter(|&(a, b)| !s.hidden[s.at(a, b)])
        .min_by_key(|&(a, b)| {
            let v = s.values[s.at(a, b)];
            let crossing = if along_row {
                Line::Col(b)
            } else {
                Line::Row(a)
            };
            (
                a == s.rows || b == s.cols,
                hidden_in(crossing) != 1,
                v == 0,
                v,
                a,
                b,
            )
        })
        .map(|(a, b)| s.at(a, b))
}

/// A line with exactly one hidden entry gives it away as its total less the rest: the
/// count to hide beside it.
fn lone_in_line(s: &Suppressed) -> Option<usize> {
    let lines = (0..=s.rows)
        .map(Line::Row)
        .chain((0..=s.cols).map(Line::Col));
    for l in lines {
        if line(s, l)
            .iter()
            .filter(|&&(a, b)| s.hidden[s.at(a, b)])
            .count()
            == 1
        {
            return smallest_shown(s, l);
        }
    }
    None
}

/// Union-find over the grid's row and column vertices (rows `0..=rows`, then columns).
fn components(s: &Suppressed, skip: Option<(usize, usize)>) -> Vec<usize> {
    let n = s.rows + 1 + s.cols + 1;
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for i in 0..=s.rows {
        for j in 0..=s.cols {
            if s.hidden[s.at(i, j)] && skip != Some((i, j)) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, s.rows + 1 + j));
                parent[a] = b;
            }
        }
    }
    (0..n).map(|x| root(&mut parent, x)).collect()
}

/// The first hidden entry that is a bridge: without it, its row and column fall apart.
fn first_bridge(s: &Suppressed) -> Option<(usize, usize)> {
    (0..=s.rows)
        .flat_map(|i| (0..=s.cols).map(move |j| (i, j)))
        .filter(|&(i, j)| s.hidden[s.at(i, j)])
        .find(|&(i, j)| {
            let c = components(s, Some((i, j)));
            c[i] != c[s.rows + 1 + j]
        })
}

/// The shown entry to hide so that bridge `(i, j)` lies on a cycle: one joining the row's
/// side to the column's side, chosen as [`smallest_shown`] chooses.
fn complement(s: &Suppressed, i: usize, j: usize) -> Option<usize> {
    let c = components(s, Some((i, j)));
    let row_side = c[i];
    let col_side = c[s.rows + 1 + j];
    (0..=s.rows)
        .flat_map(|a| (0..=s.cols).map(move |b| (a, b)))
        .filter(|&(a, b)| !s.hidden[s.at(a, b)])
        .filter(|&(a, b)| {
            let (ra, cb) = (c[a], c[s.rows + 1 + b]);
            (ra == row_side && cb == col_side) || (ra == col_side && cb == row_side)
        })
        .min_by_key(|&(a, b)| {
            let v = s.values[s.at(a, b)];
            (a == s.rows || b == s.cols, v == 0, v, a, b)
        })
        .map(|(a, b)| s.at(a, b))
}

#[cfg(test)]
mod tests {
    use nalgebra::DMatrix;
    use proptest::prelude::*;

    use super::*;

    /// Whether hidden entry `k` is fixed by the equations (each row and column of the grid
    /// sums to its total) given every shown value: by linear algebra, independent of the
    /// graph argument the suppression uses. `k` is fixed when adding the unit vector on `k`
    /// to the equations' rows (restricted to the hidden entries) does not raise their rank.
    fn recoverable(s: &Suppressed, k: usize) -> bool {
        let hidden: Vec<usize> = (0..s.hidden.len()).filter(|&x| s.hidden[x]).collect();
        let mut eqs: Vec<Vec<f64>> = Vec::new();
        for i in 0..=s.rows {
            // row i: cells minus the row's total
            eqs.push(
                hidden
                    .iter()
                    .map(|&x| {
                        let (a, b) = (x / (s.cols + 1), x % (s.cols + 1));
                        if a != i {
                            0.0
                        } else if b == s.cols {
                            -1.0
                        } else {
                            1.0
                        }
                    })
                    .collect(),
            );
        }
        for j in 0..=s.cols {
            eqs.push(
                hidden
                    .iter()
                    .map(|&x| {
                        let (a, b) = (x / (s.cols + 1), x % (s.cols + 1));
                        if b != j {
                            0.0
                        } else if a == s.rows {
                            -1.0
                        } else {
                            1.0
                        }
                    })
                    .collect(),
            );
        }
        let m = |rows: &[Vec<f64>]| DMatrix::from_fn(rows.len(), hidden.len(), |r, c| rows[r][c]);
        let rank = |rows: &[Vec<f64>]| m(rows).rank(1e-9);
        let before = rank(&eqs);
        let mut with = eqs.clone();
        with.push(
            hidden
                .iter()
                .map(|&x| if x == k { 1.0 } else { 0.0 })
                .collect(),
        );
        rank(&with) == before
    }

    #[test]
    fn a_lone_small_cell_gets_complements_in_its_row_and_column() {
        // place C has 3 data scientists: hiding only the 3 would leave it as
        // C's total minus C's other roles
        let table = [40, 22, 15, 31, 18, 9, 12, 3, 25];
        let s = suppress(&table, 3, 3, 5);
        assert!(s.hidden[s.at(2, 1)]);
        for k in (0..s.hidden.len()).filter(|&k| s.hidden[k]) {
            assert!(!recoverable(&s, k), "entry {k} can be worked out: {s:?}");
        }
        // the complements are the smallest counts that close the cycle, not the totals
        assert!(!s.hidden[s.at(3, 3)] && !s.hidden[s.at(2, 3)]);
        assert_eq!(s.hidden.iter().filter(|&&h| h).count(), 4);
    }

    #[test]
    fn a_small_total_is_protected_too() {
        // place B has 3 staff in all: its row total is small and its cells with it
        let s = suppress(&[30, 40, 1, 2], 2, 2, 5);
        assert!(s.hidden[s.at(1, 2)] && s.hidden[s.at(1, 0)] && s.hidden[s.at(1, 1)]);
        for k in (0..s.hidden.len()).filter(|&k| s.hidden[k]) {
            assert!(!recoverable(&s, k), "entry {k}: {s:?}");
        }
    }

    #[test]
    fn nothing_is_hidden_when_every_count_is_large_or_zero() {
        let s = suppress(&[10, 0, 7, 25], 2, 2, 5);
        assert!(s.hidden.iter().all(|h| !h));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Over random tables with many small counts, no hidden entry (cell or total)
        /// can be recovered from the shown ones, and every count from 1 to 4 is hidden.
        #[test]
        fn no_hidden_count_is_recoverable(
            rows in 1usize..5, cols in 1usize..5,
            seed in proptest::collection::vec(0u64..12, 16),
        ) {
            let table: Vec<u64> = (0..rows * cols).map(|k| seed[k]).collect();
            let s = suppress(&table, rows, cols, 5);
            for k in 0..s.values.len() {
                if s.values[k] > 0 && s.values[k] < 5 {
                    prop_assert!(s.hidden[k]);
                }
                if s.hidden[k] {
                    prop_assert!(!recoverable(&s, k), "entry {} of {:?}", k, s);
                }
            }
        }
    }
}
