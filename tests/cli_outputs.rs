//! End-to-end tests of what analysts and CIOs open: `--format`, `--keep-draws`, the
//! workbook and Parquet files, and `wfcast compare`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::{repo, text, wfcast};

use std::fs;
use std::path::Path;

/// The numbers in the headline table's row `label` of a report page, as shown.
fn headline_row(page: &str, label: &str) -> Vec<f64> {
    let start = page
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap_or_else(|| panic!("no headline row {label}"));
    let row = &page[start..start + page[start..].find("</tr>").unwrap()];
    row.split("<td class=\"num\">")
        .skip(1)
        .map(|cell| {
            let shown = &cell[..cell.find('<').unwrap()];
            shown
                .replace(',', "")
                .replace('\u{2212}', "-")
                .parse()
                .unwrap()
        })
        .collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The fields of one CSV line: commas inside double quotes (a label such as "Demand
/// growth, all roles") do not split, and `""` inside quotes is one quote.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn a_run_writes_every_format_by_default_and_only_the_chosen_ones_with_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &[
            "run",
            &repo("scenarios/data-driven.toml"),
            "--draws",
            "12",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let folder = dir.path().join("out/data-driven");
    for f in [
        "summary.csv",
        "summary.parquet",
        "workbook.xlsx",
        "sensitivity.csv",
        "resolved.toml",
        "run.json",
    ] {
        assert!(
            files(&folder).contains(&f.to_owned()),
            "{f} in {:?}",
            files(&folder)
        );
    }
    assert!(
        !folder.join("draws.parquet").exists(),
        "draws only on request"
    );
    for chart in ["fan_national", "fan_regions", "gap_by_role", "sensitivity"] {
        for ext in ["svg", "png"] {
            assert!(
                folder.join(format!("{chart}.{ext}")).is_file(),
                "{chart}.{ext}"
            );
        }
    }
    let page = fs::read_to_string(folder.join("report.html")).unwrap();
    assert_eq!(page.matches("<svg").count(), 4, "every chart inline");
    assert_eq!(
        page.matches("<svg role=\"img\" aria-label=").count(),
        4,
        "and named"
    );
    // self-contained: the explore view's data and script are inline, nothing is fetched
    assert_eq!(
        page.matches("<script").count(),
        2,
        "the data and the script, inline"
    );
    assert!(!page.contains("src=") && !page.contains("href="));
    assert!(page.contains("data-driven") && page.contains("Gap (WTE)"));
    // one headline statistic, the mean, so the headline adds up: the gap shown is the
    // establishment shown less the staff shown (each rounded to a whole WTE)
    let [staff, funded, gap] =
        ["Staff in post (WTE)", "Establishment (WTE)", "Gap (WTE)"].map(|l| headline_row(&page, l));
    for year in 0..2 {
        let difference = funded[year] - staff[year];
        assert!(
            (gap[year] - difference).abs() <= 1.0,
            "{gap:?} vs {funded:?} - {staff:?}"
        );
    }
    assert!(page.contains("2030 mean"));
    // the base year's column is a mean across draws too (its count may be uncertain)
    assert!(page.contains("2024 mean"));
    assert!(page.contains("Illustrative only: the baseline is synthetic"));
    let sens = fs::read_to_string(folder.join("sensitivity.csv")).unwrap();
    assert!(sens.starts_with(
        "scenario,place,output,year,rank,parameter,label,swing,swing_se,variance_share,\
         variance_share_lo,variance_share_hi,within_noise,prcc,spearman,unit\n"
    ));
    let rows: Vec<Vec<String>> = sens.lines().skip(1).map(csv_fields).collect();
    let top = &rows[0];
    assert_eq!(top[..5], ["data-driven", "ALL", "wte", "2030", "1"]);
    // every headline output, in its unit; each input once per output
    for (output, unit) in [
        ("wte", "WTE"),
        ("gap_wte", "WTE"),
        ("vacancies", "WTE"),
        ("pay_cost", "GBP"),
    ] {
        let of: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == output).collect();
        assert_eq!(of.len(), rows.len() / 4, "{output}");
        assert!(
            of.iter().all(|r| r.len() == 16 && r[15] == unit),
            "{output}"
        );
    }
    // 12 draws are too few for partial correlations over 36 inputs: PRCC empty; the swing,
    // its se and the noise flag are there, and the label is not the raw id
    assert!(
        top[13].is_empty() && top[14].parse::<f64>().is_ok_and(f64::is_finite),
        "{top:?}"
    );
    assert!(top[7].parse::<f64>().is_ok() && top[8].parse::<f64>().is_ok_and(|se| se > 0.0));
    assert!(
        ["true", "false"].contains(&top[12].as_str()) && top[6] != top[5],
        "{top:?}"
    );

    let out = wfcast(
        &[
            "run",
            &repo("scenarios/data-driven.toml"),
            "--draws",
            "5",
            "--quiet",
            "--format",
            "parquet",
            "--out",
            "only",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        files(&dir.path().join("only/data-driven")),
        ["resolved.toml", "run.json", "summary.parquet"]
    );
}

#[test]
fn keep_draws_writes_every_draw_for_the_chosen_region() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &[
            "run",
            &repo("scenarios/data-driven.toml"),
            "--draws",
            "4",
            "--quiet",
            "--keep-draws",
            "--format",
            "csv",
            "--region",
            "london",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = fs::read(dir.path().join("out/data-driven-london/draws.parquet")).unwrap();
    assert_eq!(&bytes[..4], b"PAR1", "a Parquet file");
    assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(&["run", "--format", "csv,pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--format") && err.contains("pdf") && err.contains("parquet"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn compare_writes_the_paired_difference_and_a_table_a_cio_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &[
            "compare",
            &repo("scenarios/data-driven.toml"),
            &repo("scenarios/investment-stalls.toml"),
            &repo("scenarios/grow-our-own.toml"),
            "--draws",
            "10",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("investment-stalls minus data-driven")
            && stdout.contains("grow-our-own minus data-driven")
            && stdout.contains("P(B > A)")
            && stdout.contains("gap_wte"),
        "{stdout}"
    );
    for b in ["investment-stalls", "grow-our-own"] {
        let folder = dir.path().join(format!("out/compare-data-driven-vs-{b}"));
        let names = files(&folder);
        for f in [
            "compare.csv",
            "compare.xlsx",
            "compare.html",
            "compare_difference.png",
            "compare_side_by_side.svg",
            "run.json",
        ] {
            assert!(names.contains(&f.to_owned()), "{f} in {names:?}");
        }
        let csv = fs::read_to_string(folder.join("compare.csv")).unwrap();
        let head = csv.lines().next().unwrap();
        assert_eq!(
            head,
            "scenario_a,scenario_b,year,role,region,metric,mean_a,mean_b,diff_mean,diff_sd,\
             diff_p05,diff_p10,diff_p25,diff_p50,diff_p75,diff_p90,diff_p95,p_b_greater"
        );
        let gap_2030 = csv
            .lines()
            .find(|l| l.contains(",2030,ALL,ALL,gap_wte,"))
            .unwrap();
        assert!(
            gap_2030.starts_with(&format!("data-driven,{b},")),
            "{gap_2030}"
        );
    }
}

#[test]
fn compare_needs_two_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let out = wfcast(
        &["compare", &repo("scenarios/data-driven.toml")],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("SCENARIO"),
        "{}",
        text(&out.stderr)
    );
}

/// A scenario name is the user's text: one that a spreadsheet would read as a formula is
/// written to summary.csv, compare.csv and sensitivity.csv with a single quote in front;
/// the numbers beside it, negative ones included, are written as they are.
#[test]
fn csv_names_are_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("odd.toml"),
        format!(
            "extends = {:?}\n[scenario]\nname = \"-odd\"\n",
            repo("scenarios/investment-stalls.toml")
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("b.toml"),
        format!(
            "extends = {:?}\n[scenario]\nname = \"-b\"\n",
            repo("scenarios/data-driven.toml")
        ),
    )
    .unwrap();
    let args = ["--draws", "8", "--quiet", "--format", "csv"];
    let mut run = vec!["run", "odd.toml"];
    run.extend(args);
    let out = wfcast(&run, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = fs::read_to_string(dir.path().join("out/-odd/summary.csv")).unwrap();
    let first = summary.lines().nth(1).unwrap();
    assert!(first.starts_with("'-odd,2024,"), "{first}");
    let sensitivity = fs::read_to_string(dir.path().join("out/-odd/sensitivity.csv")).unwrap();
    assert!(
        sensitivity.lines().skip(1).all(|l| l.starts_with("'-odd,")),
        "{sensitivity}"
    );
    assert!(
        sensitivity.contains(",-0."),
        "negative numbers stay numbers: {sensitivity}"
    );
    let mut compare = vec!["compare", "odd.toml", "b.toml"];
    compare.extend(args);
    let out = wfcast(&compare, dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = fs::read_to_string(dir.path().join("out/compare--odd-vs--b/compare.csv"));
    let csv = csv.unwrap_or_else(|e| panic!("{e}: {:?}", files(&dir.path().join("out"))));
    assert!(
        csv.lines().nth(1).unwrap().starts_with("'-odd,'-b,"),
        "{csv}"
    );
}
