//! The `markov` command: classic manpower-planning transition analysis of a small model
//! file, printed as a table to read, one JSON object, or tidy CSV.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use wfcast_core::markov::{MarkovAnalysis, MarkovModel};
use wfcast_core::spreadsheet::safe_text;

use crate::cli::{MarkovArgs, MarkovFormat};
use crate::error::CliError;

/// `wfcast markov`.
pub(crate) fn markov(args: &MarkovArgs) -> Result<(), CliError> {
    let model = MarkovModel::load(&args.file)?;
    let periods = args.periods.map_or(model.periods(), |p| p as usize);
    let analysis = model.analyse(periods)?;
    let out = match args.format {
        MarkovFormat::Table => table(&args.file, &analysis),
        MarkovFormat::Json => json(&analysis),
        MarkovFormat::Csv => csv(&analysis),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // `wfcast markov ... | head` closes the pipe early: not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(wfcast_core::Error::io("<stdout>", e).into()),
    }
}

/// The analysis as one JSON object (followed by a newline).
fn json(a: &MarkovAnalysis) -> String {
    use serde_json::{Value, json};
    let mut object = json!({
        "states": a.states,
        "periods": a.periods(),
        "projection": a.projection,
        "leavers": a.leavers,
        "leaving": a.leaving,
        "recruits": a.recruits,
        "expected_periods": a.expected_periods,
        "periods_in_state": a.periods_in_state,
        "steady_state": a.steady_state,
    });
    if let (Some(t), Value::Object(map)) = (&a.target, &mut object) {
        map.insert("target".into(), json!(t.target));
        map.insert("without_recruits".into(), json!(t.without_recruits));
        map.insert("required_recruitment".into(), json!(t.required_recruitment));
        map.insert("maintainable".into(), json!(t.maintainable));
    }
    format!("{object}\n")
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The analysis as a tidy long CSV: `metric,period,state,value`. State names are the
/// user's text: escaped so a spreadsheet does not run them as formulas.
fn csv(a: &MarkovAnalysis) -> String {
    let names: Vec<String> = a.states.iter().map(|s| field(&safe_text(s))).collect();
    let mut out = String::from("metric,period,state,value\n");
    let mut row = |metric: &str, period: Option<usize>, values: &[f64]| {
        for (name, v) in names.iter().zip(values) {
            let period = period.map(|p| p.to_string()).unwrap_or_default();
            let _ = writeln!(out, "{metric},{period},{name},{v}");
        }
    };
    for (k, stock) in a.projection.iter().enumerate() {
        row("stock", Some(k), stock);
    }
    for (k, leavers) in a.leavers.iter().enumerate() {
        row("leavers", Some(k + 1), leavers);
        row("recruits", Some(k + 1), &a.recruits);
    }
    row("leaving", None, &a.leaving);
    row("expected_periods", None, &a.expected_periods);
    row("steady_state", None, &a.steady_state);
    if let Some(t) = &a.target {
        row("target", None, &t.target);
        row("required_recruitment", None, &t.required_recruitment);
    }
    out
}

/// Right-aligned columns: the first column left-aligned, the rest right-aligned.
fn columns(out: &mut String, rows: &[Vec<String>]) {
    let ncol = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncol)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A number with two decimals, never `-0.00`.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" { "0.00".into() } else { s }
}

/// `n` with the singular or plural noun: 1 state, 2 states.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The analysis as text for a person to read.
fn table(file: &Path, a: &MarkovAnalysis) -> String {
    let mut out = String::new();
    let periods = a.periods();
    let has_recruits = a.recruits.iter().any(|r| *r > 0.0);
    let _ = writeln!(
        out,
        "Markov analysis of {}: {}, {} projected",
        file.display(),
        plural(a.states.len(), "state", "states"),
        plural(periods, "period", "periods"),
    );

    out.push_str("\nPeople in each state (period 0 = now; each period: stock x P + recruits)\n");
    let mut header = vec!["period".to_owned()];
    header.extend(a.states.iter().cloned());
    header.extend(["total".into(), "recruited".into(), "left".into()]);
    let mut rows = vec![header];
    let recruited: f64 = a.recruits.iter().sum();
    for (k, stock) in a.projection.iter().enumerate() {
        let mut r = vec![k.to_string()];
        r.extend(stock.iter().map(|x| num(*x)));
        r.push(num(stock.iter().sum()));
        if k > 0 {
            r.push(num(recruited));
            r.push(num(a.leavers[k - 1].iter().sum()));
        }
        rows.push(r);
    }
    columns(&mut out, &rows);

    out.push_str("\nTime in the system (expected periods, counting the current one: row sums of (I - Q)^-1)\n");
    let mut rows = vec![vec![
        "state".to_owned(),
        "leaving/period".into(),
        "expected periods".into(),
        "long-run stock".into(),
    ]];
    for (i, name) in a.states.iter().enumerate() {
        rows.push(vec![
            name.clone(),
            format!("{:.1}%", a.leaving[i] * 100.0),
            num(a.expected_periods[i]),
            num(a.steady_state[i]),
        ]);
    }
    columns(&mut out, &rows);
    if has_recruits {
        out.push_str(
            "Long-run stock: where the projection settles if the same recruits join every period (recruits x (I - Q)^-1).\n",
        );
    } else {
        out.push_str("Long-run stock: with no recruits everyone eventually leaves.\n");
    }

    if let Some(t) = &a.target {
        out.push_str(
            "\nRecruitment needed next period to reach the target from today's stock (target - stock x P)\n",
        );
        let mut rows = vec![vec![
            "state".to_owned(),
            "target".into(),
            "without recruits".into(),
            "required".into(),
        ]];
        for (i, name) in a.states.iter().enumerate() {
            rows.push(vec![
                name.clone(),
                num(t.target[i]),
                num(t.without_recruits[i]),
                num(t.required_recruitment[i]),
            ]);
        }
        columns(&mut out, &rows);
        if t.maintainable {
            out.push_str(
                "maintainable: yes - recruiting the numbers above reaches the target next period.\n",
            );
        } else {
            let over: Vec<String> = a
                .states
                .iter()
                .zip(&t.required_recruitment)
                .filter(|(_, r)| **r < 0.0)
                .map(|(s, r)| format!("{s} by {}", num(-r)))
                .collect();
            out.push_str("maintainable: no\n");
            let _ = writeln!(
                out,
                "A negative number means that even with no recruits, the people staying in and moving into that state next period would exceed its target, and recruitment cannot take people out. Over target: {}. Fewer moves into it, more leaving from it, or a larger target would make the structure maintainable.",
                over.join(", ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(super::field("Lead"), "Lead");
        assert_eq!(super::field("Band 8a, senior"), "\"Band 8a, senior\"");
        assert_eq!(super::field("the \"lead\""), "\"the \"\"lead\"\"\"");
    }
}
