//! Markov manpower analysis: results checked against arithmetic done by hand, and every
//! mistake in a model file reported at its line and column.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic on broken fixtures

use std::path::Path;

use nalgebra::{DMatrix, RowDVector};
use wfcast_core::Error;
use wfcast_core::markov::{MAX_PERIODS, MarkovModel, step};

/// The example of `wfcast markov --help`. Line and column numbers in the tests below
/// refer to this text.
const EXAMPLE: &str = r#"states = ["Analyst", "Senior analyst", "Lead"]
stock = [8, 10, 4]
transitions = [[0.5, 0.5, 0.0],
               [0.1, 0.7, 0.1],
               [0.0, 0.25, 0.5]]
recruits = [4, 5, 0]
periods = 1
target = [10, 10, 5]
"#;

/// Q = [[0.5, 0.5], [0, 0.8]], the two-state example worked by hand below.
const TWO_STATES: &str = r#"states = ["Junior", "Senior"]
stock = [10, 10]
transitions = [[0.5, 0.5], [0.0, 0.8]]
"#;

fn model(text: &str) -> MarkovModel {
    MarkovModel::from_toml(Path::new("team.toml"), text).unwrap()
}

fn close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-9 * (1.0 + e.abs()),
            "{actual:?} vs {expected:?}"
        );
    }
}

/// Every input error in `e`, flattened: (line, column, message, help).
fn input_errors(e: &Error) -> Vec<(Option<usize>, Option<usize>, String, String)> {
    match e {
        Error::Input {
            location,
            message,
            help,
        } => {
            assert_eq!(location.file, Path::new("team.toml"));
            vec![(
                location.line,
                location.column,
                message.clone(),
                help.clone().unwrap_or_default(),
            )]
        }
        Error::Many(all) => all.iter().flat_map(input_errors).collect(),
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// The one error `text` gives: (line, column, message, help).
fn one_error(text: &str) -> (usize, usize, String, String) {
    let e = MarkovModel::from_toml(Path::new("team.toml"), text).unwrap_err();
    assert!(e.is_user_error(), "exit code 2: {e}");
    let all = input_errors(&e);
    assert_eq!(all.len(), 1, "{e}");
    let (line, col, message, help) = all.into_iter().next().unwrap();
    let rendered = e.to_string();
    let (line, col) = (line.expect("a line"), col.expect("a column"));
    assert!(
        rendered.contains(&format!("team.toml:{line}:{col}")),
        "{rendered}"
    );
    (line, col, message, help)
}

#[test]
fn one_period_of_the_example_matches_the_hand_calculation() {
    let a = model(EXAMPLE).analyse(1).unwrap();
    assert_eq!(a.states, ["Analyst", "Senior analyst", "Lead"]);
    assert_eq!(a.periods(), 1);
    // stock P + recruits, column by column:
    //   Analyst        = 8*0.5 + 10*0.1 + 4*0.0          + 4 = 4 + 1 + 0 + 4       = 9
    //   Senior analyst = 8*0.5 + 10*0.7 + 4*0.25         + 5 = 4 + 7 + 1 + 5       = 17
    //   Lead           = 8*0.0 + 10*0.1 + 4*0.5          + 0 = 0 + 1 + 2           = 3
    close(&a.projection[0], &[8.0, 10.0, 4.0]);
    close(&a.projection[1], &[9.0, 17.0, 3.0]);
    // Leaving = 1 - row sum = [1 - 1, 1 - 0.9, 1 - 0.75] = [0, 0.1, 0.25];
    // leavers in period 1 = [8*0, 10*0.1, 4*0.25] = [0, 1, 1]. Check: 22 + 9 - 2 = 29 = 9+17+3.
    close(&a.leaving, &[0.0, 0.1, 0.25]);
    close(&a.leavers[0], &[0.0, 1.0, 1.0]);
    close(&a.recruits, &[4.0, 5.0, 0.0]);
    // Target: stock P = [4+1, 4+7+1, 1+2] = [5, 12, 3];
    // required = target - stock P = [10-5, 10-12, 5-3] = [5, -2, 2] -> not maintainable.
    let t = a.target.as_ref().unwrap();
    close(&t.target, &[10.0, 10.0, 5.0]);
    close(&t.without_recruits, &[5.0, 12.0, 3.0]);
    close(&t.required_recruitment, &[5.0, -2.0, 2.0]);
    assert!(!t.maintainable);
}

#[test]
fn expected_periods_of_the_example_solve_the_fundamental_equations_by_hand() {
    // Expected periods x = (I - Q)^-1 1 solve (I - Q) x = 1, with
    // I - Q = [[0.5, -0.5, 0], [-0.1, 0.3, -0.1], [0, -0.25, 0.5]]:
    //   0.5 x1 - 0.5 x2 = 1               -> x1 = 2 + x2
    //   -0.25 x2 + 0.5 x3 = 1             -> x3 = 2 + 0.5 x2
    //   -0.1 x1 + 0.3 x2 - 0.1 x3 = 1     -> -0.2 - 0.1 x2 + 0.3 x2 - 0.2 - 0.05 x2 = 1
    //                                     -> 0.15 x2 = 1.4 -> x2 = 28/3
    //   x1 = 34/3 = 11.33, x3 = 2 + 14/3 = 20/3 = 6.67.
    let a = model(EXAMPLE).analyse(1).unwrap();
    close(&a.expected_periods, &[34.0 / 3.0, 28.0 / 3.0, 20.0 / 3.0]);
    for (row, total) in a.periods_in_state.iter().zip(&a.expected_periods) {
        close(&[row.iter().sum()], &[*total]);
    }
}

#[test]
fn expected_periods_of_two_states_by_hand() {
    // Q = [[0.5, 0.5], [0, 0.8]]. A Senior stays each period with probability 0.8:
    // 1 / (1 - 0.8) = 5 periods. A Junior spends 1 / (1 - 0.5) = 2 periods as a Junior,
    // is promoted with probability 0.5 / (0.5 + 0) = 1 (nobody leaves from Junior) and
    // then spends 5 periods as a Senior: 2 + 5 = 7.
    // (I - Q)^-1 = [[2, 5], [0, 5]].
    let a = model(TWO_STATES).analyse(1).unwrap();
    close(&a.expected_periods, &[7.0, 5.0]);
    close(&a.periods_in_state[0], &[2.0, 5.0]);
    close(&a.periods_in_state[1], &[0.0, 5.0]);
    // No recruits: [10, 10] P = [5, 5 + 8] = [5, 13]; everyone eventually leaves.
    close(&a.projection[1], &[5.0, 13.0]);
    close(&a.recruits, &[0.0, 0.0]);
    close(&a.steady_state, &[0.0, 0.0]);
    assert!(a.target.is_none());
}

#[test]
fn two_periods_by_hand_and_many_periods_as_repeated_steps() {
    let m = model(EXAMPLE);
    let a = m.analyse(2).unwrap();
    // Period 2 from [9, 17, 3]:
    //   Analyst        = 9*0.5 + 17*0.1 + 4             = 4.5 + 1.7 + 4           = 10.2
    //   Senior analyst = 9*0.5 + 17*0.7 + 3*0.25 + 5    = 4.5 + 11.9 + 0.75 + 5   = 22.15
    //   Lead           = 17*0.1 + 3*0.5                 = 1.7 + 1.5               = 3.2
    close(&a.projection[2], &[10.2, 22.15, 3.2]);
    // Leavers in period 2 = [9*0, 17*0.1, 3*0.25] = [0, 1.7, 0.75].
    close(&a.leavers[1], &[0.0, 1.7, 0.75]);

    let a = m.analyse(25).unwrap();
    assert_eq!((a.projection.len(), a.leavers.len()), (26, 25));
    let mut n = m.stock().clone();
    for k in 1..=25 {
        let before: f64 = n.sum();
        n = step(&n, m.transitions(), m.recruits());
        close(&a.projection[k], n.as_slice());
        // Flows balance: stock(k) = stock(k-1) + recruits - leavers.
        let flows = before + a.recruits.iter().sum::<f64>() - a.leavers[k - 1].iter().sum::<f64>();
        close(&[n.sum()], &[flows]);
    }
}

#[test]
fn projection_converges_to_recruits_times_the_fundamental_matrix() {
    // Steady state n = n P + r, i.e. n (I - Q) = r with r = [4, 5, 0]:
    //   0.5 n1 - 0.1 n2            = 4   -> n1 = 8 + 0.2 n2
    //   -0.1 n2 + 0.5 n3           = 0   -> n3 = 0.2 n2
    //   -0.5 n1 + 0.3 n2 - 0.25 n3 = 5   -> -4 - 0.1 n2 + 0.3 n2 - 0.05 n2 = 5 -> n2 = 60
    //   n = [20, 60, 12]. Check: [20, 60, 12] P + r = [10+6+4, 10+42+3+5, 6+6] = [20, 60, 12].
    let a = model(EXAMPLE).analyse(2000).unwrap();
    close(&a.steady_state, &[20.0, 60.0, 12.0]);
    close(&a.projection[2000], &[20.0, 60.0, 12.0]);

    // Two states with r = [4, 0]: r (I - Q)^-1 = 4 * [2, 5] = [8, 20];
    // check: [8, 20] P + r = [4 + 4, 4 + 16] = [8, 20].
    let two = format!("{TWO_STATES}recruits = [4, 0]\n");
    let a = model(&two).analyse(MAX_PERIODS).unwrap();
    close(&a.steady_state, &[8.0, 20.0]);
    close(a.projection.last().unwrap(), &[8.0, 20.0]);
}

#[test]
fn a_target_reachable_by_recruitment_is_maintainable() {
    // Two states: [10, 10] P = [5, 13]; target [6, 13] needs [1, 0]: nothing negative.
    let text = format!("{TWO_STATES}target = [6, 13]\n");
    let a = model(&text).analyse(1).unwrap();
    let t = a.target.unwrap();
    close(&t.required_recruitment, &[1.0, 0.0]);
    assert!(t.maintainable);
}

#[test]
fn periods_come_from_the_file_or_default_to_one() {
    assert_eq!(
        model(&EXAMPLE.replace("periods = 1", "periods = 12")).periods(),
        12
    );
    assert_eq!(model(TWO_STATES).periods(), 1);
    let m = model(EXAMPLE);
    assert_eq!(m.states().len(), 3);
    assert_eq!(
        m.transitions(),
        &DMatrix::from_row_slice(3, 3, &[0.5, 0.5, 0.0, 0.1, 0.7, 0.1, 0.0, 0.25, 0.5])
    );
    assert_eq!(
        m.target(),
        Some(&RowDVector::from_row_slice(&[10.0, 10.0, 5.0]))
    );
    for bad in [0, MAX_PERIODS + 1] {
        let e = m.analyse(bad).unwrap_err();
        assert!(
            e.is_user_error() && e.to_string().contains("from 1 to 10000"),
            "{e}"
        );
    }
}

#[test]
fn rows_that_sum_to_one_up_to_rounding_are_accepted() {
    // 0.34 + 0.56 + 0.1 is 1.0000000000000002 in binary: that is 1, not a mistake.
    let row = [0.34_f64, 0.56, 0.1];
    assert!(row.iter().sum::<f64>() > 1.0);
    let text = EXAMPLE.replace("[0.1, 0.7, 0.1]", "[0.34, 0.56, 0.1]");
    let a = model(&text).analyse(1).unwrap();
    assert_eq!(a.leaving[1], 0.0);
}

#[test]
fn toml_syntax_error_is_located() {
    // Line 2 is `stock = [8, 10 4]`: the parser reads `10 4` as one unquoted value, which
    // starts at column 13.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[8, 10, 4]", "[8, 10 4]"));
    assert_eq!((line, col), (2, 13), "{message}");
    // Line 7 is `periods == 1`: the second `=` is at column 10.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("periods = 1", "periods == 1"));
    assert_eq!((line, col), (7, 10), "{message}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (line, col, message, help) = one_error(&EXAMPLE.replace("recruits =", "recruit ="));
    assert_eq!((line, col), (6, 1));
    assert!(message.contains("unknown key `recruit`"), "{message}");
    assert_eq!(help, "did you mean `recruits`?");
}

#[test]
fn wrong_types_are_located() {
    // `stock = [8, "ten", 4]`: "ten" starts at column 13.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[8, 10, 4]", "[8, \"ten\", 4]"));
    assert_eq!((line, col), (2, 13));
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn a_row_summing_above_one_names_its_state_and_sum() {
    // Row 2 starts at column 16 of line 4 (15 spaces of indentation).
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[0.1, 0.7, 0.1]", "[0.1, 0.8, 0.2]"));
    assert_eq!((line, col), (4, 16));
    assert!(
        message.contains("row 2 (`Senior analyst`)") && message.contains("sums to 1.1"),
        "{message}"
    );
}

#[test]
fn negative_and_non_finite_numbers_are_located() {
    // Line 5 `               [0.0, -0.25, 0.5]]`: 15 spaces + `[0.0, ` = 21 characters.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("0.25", "-0.25"));
    assert_eq!((line, col), (5, 22));
    assert!(
        message.contains("from `Lead` to `Senior analyst`") && message.contains("negative"),
        "{message}"
    );
    // `stock = [8, ` is 12 characters.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[8, 10, 4]", "[8, nan, 4]"));
    assert_eq!((line, col), (2, 13));
    assert!(
        message.contains("`stock` of `Senior analyst` is NaN"),
        "{message}"
    );
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[4, 5, 0]", "[4, 5, -1]"));
    assert_eq!((line, col), (6, 19));
    assert!(message.contains("`recruits` of `Lead` is -1"), "{message}");
    let (line, col, _, _) = one_error(&EXAMPLE.replace("[10, 10, 5]", "[inf, 10, 5]"));
    assert_eq!((line, col), (8, 11));
    let (line, col, _, _) = one_error(&EXAMPLE.replace("[0.5, 0.5, 0.0]", "[0.5, 0.5, -inf]"));
    assert_eq!((line, col), (3, 27));
}

#[test]
fn mismatched_lengths_are_located() {
    let cases = [
        // (from, to, line, column, words the message must contain)
        (
            "[8, 10, 4]",
            "[8, 10]",
            2,
            9,
            "`stock` has 2 numbers but there are 3 states",
        ),
        ("[4, 5, 0]", "[4, 5]", 6, 12, "`recruits` has 2 numbers"),
        (
            "[10, 10, 5]",
            "[10, 10, 5, 1]",
            8,
            10,
            "`target` has 4 numbers",
        ),
        (
            "[0.1, 0.7, 0.1]",
            "[0.1, 0.7]",
            4,
            16,
            "row 2 (`Senior analyst`) of `transitions` has 2 numbers",
        ),
        (
            "0.5, 0.5, 0.0],",
            "0.5, 0.5, 0.0]],",
            3,
            15,
            "`transitions` has 1 rows but there are 3 states",
        ),
    ];
    for (from, to, line, col, words) in cases {
        // The last case leaves the old rows 2 and 3 dangling: cut them out.
        let mut text = EXAMPLE.replace(from, to);
        if to.ends_with("]],") {
            text = text.replace(
                "]],\n               [0.1, 0.7, 0.1],\n               [0.0, 0.25, 0.5]]",
                "]]",
            );
        }
        let (l, c, message, help) = one_error(&text);
        assert_eq!((l, c), (line, col), "{text}\n{message}");
        assert!(message.contains(words), "{message}");
        assert!(!help.is_empty());
    }
}

#[test]
fn empty_and_duplicate_states_are_refused() {
    let (line, col, message, _) = one_error("states = []\nstock = []\ntransitions = []\n");
    assert_eq!((line, col), (1, 10));
    assert!(message.contains("`states` is empty"), "{message}");
    // `states = ["Analyst", "Lead", ` is 29 characters: the second "Lead" is at column 30.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("\"Senior analyst\"", "\"Lead\""));
    assert_eq!((line, col), (1, 30));
    assert!(message.contains("`Lead` is listed twice"), "{message}");
    let (line, col, message, _) = one_error(&EXAMPLE.replace("\"Lead\"", "\" \""));
    assert_eq!((line, col), (1, 40));
    assert!(message.contains("empty name"), "{message}");
}

#[test]
fn a_state_nobody_leaves_explains_the_infinite_stay() {
    // Lead keeps everyone: row 3 = [0, 0, 1], at line 5 column 16.
    let (line, col, message, help) =
        one_error(&EXAMPLE.replace("[0.0, 0.25, 0.5]", "[0.0, 0.0, 1.0]"));
    assert_eq!((line, col), (5, 16));
    assert!(
        message.contains("nobody ever leaves `Lead`")
            && message.contains("stay forever")
            && message.contains("infinite"),
        "{message}"
    );
    assert!(help.contains("row sum below 1"), "{help}");

    // Senior analyst and Lead pass people between themselves and nobody leaves either; the
    // Analyst row [0.5, 0.4, 0] lets 10% leave, so only those two are trapped.
    let text = EXAMPLE
        .replace("[0.5, 0.5, 0.0]", "[0.5, 0.4, 0.0]")
        .replace("[0.1, 0.7, 0.1]", "[0.0, 0.5, 0.5]")
        .replace("[0.0, 0.25, 0.5]", "[0.0, 0.5, 0.5]");
    let (line, col, message, _) = one_error(&text);
    assert_eq!((line, col), (4, 16));
    assert!(
        message.contains("`Senior analyst` and `Lead`") && message.contains("stay forever"),
        "{message}"
    );
}

#[test]
fn only_the_groups_nobody_leaves_are_blamed() {
    // Junior [0.5, 0.5] leaves nobody but moves people on to Senior; Senior [0, 1] keeps
    // everyone. Fixing Senior fixes both, so the error is at Senior's row:
    // `transitions = [[0.5, 0.5], ` is 27 characters.
    let text = "states = [\"Junior\", \"Senior\"]\nstock = [1, 2]\ntransitions = [[0.5, 0.5], [0.0, 1.0]]\n";
    let (line, col, message, _) = one_error(text);
    assert_eq!((line, col), (3, 28));
    assert!(
        message.contains("nobody ever leaves `Senior`") && !message.contains("Junior"),
        "{message}"
    );

    // Analyst and Lead each keep everyone; Senior analyst leaks 20%: two errors.
    let text = EXAMPLE
        .replace("[0.5, 0.5, 0.0]", "[1.0, 0.0, 0.0]")
        .replace("[0.1, 0.7, 0.1]", "[0.1, 0.6, 0.1]")
        .replace("[0.0, 0.25, 0.5]", "[0.0, 0.0, 1.0]");
    let e = MarkovModel::from_toml(Path::new("team.toml"), &text).unwrap_err();
    let all = input_errors(&e);
    let places: Vec<_> = all
        .iter()
        .map(|(l, c, _, _)| (l.unwrap(), c.unwrap()))
        .collect();
    assert_eq!(places, [(3, 16), (5, 16)], "{e}");
    assert!(
        all[0].2.contains("`Analyst`") && all[1].2.contains("`Lead`"),
        "{e}"
    );
}

#[test]
fn absurdly_large_counts_are_refused() {
    // `stock = [8, ` is 12 characters; 1e308 people would overflow the totals.
    let (line, col, message, _) = one_error(&EXAMPLE.replace("[8, 10, 4]", "[8, 1e308, 4]"));
    assert_eq!((line, col), (2, 13));
    assert!(
        message.contains("more people than anyone employs"),
        "{message}"
    );
}

#[test]
fn periods_out_of_range_in_the_file_are_located() {
    for bad in ["0", "-3", "10001"] {
        let (line, col, message, _) =
            one_error(&EXAMPLE.replace("periods = 1", &format!("periods = {bad}")));
        assert_eq!((line, col), (7, 11));
        assert!(message.contains("must be from 1 to 10000"), "{message}");
    }
}

#[test]
fn missing_keys_and_empty_files_are_input_errors() {
    let e = MarkovModel::from_toml(Path::new("team.toml"), "states = [\"A\"]\n").unwrap_err();
    let all = input_errors(&e);
    assert_eq!(all.len(), 2, "{e}");
    assert!(all[0].2.contains("missing `stock`") && all[1].2.contains("missing `transitions`"));
    let e = MarkovModel::from_toml(Path::new("team.toml"), "  \n# nothing\n").unwrap_err();
    assert!(e.is_user_error() && e.to_string().contains("empty"), "{e}");
    let e = MarkovModel::load(Path::new("/no/such/dir/team.toml")).unwrap_err();
    assert!(e.is_user_error(), "{e}");
}

#[test]
fn several_mistakes_are_reported_together() {
    let text = EXAMPLE
        .replace("[8, 10, 4]", "[8, -10, 4]")
        .replace("[0.1, 0.7, 0.1]", "[0.1, 0.8, 0.2]")
        .replace("[4, 5, 0]", "[4, 5]");
    let e = MarkovModel::from_toml(Path::new("team.toml"), &text).unwrap_err();
    let places: Vec<(Option<usize>, Option<usize>)> = input_errors(&e)
        .into_iter()
        .map(|(l, c, _, _)| (l, c))
        .collect();
    assert_eq!(
        places,
        [
            (Some(2), Some(13)),
            (Some(6), Some(12)),
            (Some(4), Some(16))
        ]
    );
}

#[test]
fn garbled_files_never_panic() {
    // Cut, duplicate and replace characters of the example at pseudo-random places: every
    // variant is either refused with an input error or analysed without panicking.
    let bytes = EXAMPLE.as_bytes();
    let junk = [
        b"-".as_slice(),
        b"1e308",
        b"nan",
        b"]",
        b"[",
        b"\"",
        b",",
        b"0",
        b"9999999",
        b"\n",
        b"=",
        b"\xc3\xa9",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut v = bytes.to_vec();
        for _ in 0..1 + next(3) {
            let at = next(v.len());
            match next(3) {
                0 => {
                    let len = next(8).min(v.len() - at);
                    v.drain(at..at + len);
                }
                1 => {
                    let j = junk[next(junk.len())];
                    v.splice(at..at, j.iter().copied());
                }
                _ => {
                    let j = junk[next(junk.len())];
                    let end = (at + j.len()).min(v.len());
                    v.splice(at..end, j.iter().copied());
                }
            }
        }
        let text = String::from_utf8_lossy(&v);
        match MarkovModel::from_toml(Path::new("team.toml"), &text) {
            Ok(m) => {
                let periods = m.periods();
                match m.analyse(periods) {
                    Ok(a) => {
                        assert!(
                            a.projection
                                .iter()
                                .flatten()
                                .all(|x| x.is_finite() && *x >= 0.0)
                        );
                        ok += 1;
                    }
                    Err(e) => assert!(e.is_user_error(), "{e}"),
                }
            }
            Err(e) => {
                assert!(e.is_user_error(), "{e}");
                refused += 1;
            }
        }
    }
    assert!(ok > 50 && refused > 500, "ok {ok}, refused {refused}");
}
