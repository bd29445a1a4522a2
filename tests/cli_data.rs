//! `wfcast data import` end to end: the synthetic ICS staff list (examples/ics-staff, with
//! its deliberate mess) becomes a data folder that `wfcast run --data` plans on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{repo, text, wfcast};

/// The rows of examples/ics-staff/generate.py's `mess`, as 1-based lines of the CSV (the
/// header is line 1, so row i is line i + 2).
const REFUSED_LINES: [usize; 14] = [
    7, 42, 43, 79, 92, 93, 132, 152, 153, 154, 155, 202, 203, 204,
];

fn import(dir: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let staff = repo("examples/ics-staff/staff_list.csv");
    let mapping = repo("examples/ics-staff/mapping.toml");
    let establishment = repo("examples/ics-staff/establishment.csv");
    let mut args = vec![
        "data",
        "import",
        &staff,
        "--mapping",
        &mapping,
        "--establishment",
        &establishment,
        "--census-date",
        "2024-03-31",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    wfcast(&args, dir)
}

/// The data rows of a CSV file with no quoted fields (checked), split at commas.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        !text.contains('"'),
        "{}: the test reads no quoted fields",
        path.display()
    );
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_synthetic_ics_list_imports_with_every_bad_row_reported_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), "ics-data", &["--suppress-below", "5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    for line in REFUSED_LINES {
        assert!(
            stderr.contains(&format!("staff_list.csv:{line}: ")),
            "line {line} not reported:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("14 rows of the staff list were not used"),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    for unmapped in ["Digital Transformation Officer", "Admin Assistant", "XZ9"] {
        assert!(
            stdout.contains(unmapped),
            "{unmapped} not reported:\n{stdout}"
        );
    }
    // staff in post: the people with an assignment with no leaving date, less the refused
    // rows (none of which has a leaving date or a second assignment), counted here
    let list = csv_rows(Path::new(&repo("examples/ics-staff/staff_list.csv")));
    // (people, not assignments: 15 people hold two)
    let people: std::collections::BTreeSet<&str> = list
        .iter()
        .filter(|r| r[9].is_empty())
        .map(|r| r[0].as_str())
        .collect();
    let in_post = people.len() - REFUSED_LINES.len();
    assert!(
        text(&out.stdout).contains("15 assignments folded"),
        "{}",
        text(&out.stdout)
    );
    let folder = dir.path().join("ics-data");
    let staff = csv_rows(&folder.join("staff_in_post_2024.csv"));
    let counted: usize = staff.iter().map(|r| r[4].parse::<usize>().unwrap()).sum();
    assert_eq!(counted, in_post);
    let places = fs::read_to_string(folder.join("places.csv")).unwrap();
    assert!(
        places.contains("anyshire_acute,Anyshire Hospitals NHS Trust,,trust,anyshire_ics"),
        "{places}"
    );
    assert!(
        fs::read_to_string(folder.join("README.md"))
            .unwrap()
            .contains("census date 2024-03-31")
    );

    // the published table hides every count from 1 to 4 and shows the rest as counted
    let mut by_pair: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in &staff {
        *by_pair.entry((r[1].clone(), r[0].clone())).or_default() += r[4].parse::<u64>().unwrap();
    }
    let published =
        fs::read_to_string(folder.join("published/headcount_by_place_role.csv")).unwrap();
    let mut lines = published.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut hidden = 0;
    for line in lines.filter(|l| !l.starts_with("total")) {
        let f: Vec<&str> = line.split(',').collect();
        for (role, shown) in header[1..header.len() - 1].iter().zip(&f[1..]) {
            let n = by_pair
                .get(&(f[0].to_owned(), (*role).to_owned()))
                .copied()
                .unwrap_or(0);
            match *shown {
                "*" => hidden += 1,
                v => {
                    assert_eq!(v.parse::<u64>().unwrap(), n, "{} {role}", f[0]);
                    assert!(n == 0 || n >= 5, "{} {role}: {n} is shown", f[0]);
                }
            }
        }
    }
    assert!(
        hidden > 0,
        "a system this small has small cells:\n{published}"
    );

    // the folder plans: a run of the local scenario reports every organisation and the system
    let data = folder.display().to_string();
    let run = wfcast(
        &[
            "run",
            &repo("scenarios/local-ics.toml"),
            "--data",
            &data,
            "--draws",
            "40",
            "--format",
            "csv,html",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = fs::read_to_string(dir.path().join("out/local-ics/summary.csv")).unwrap();
    for place in [
        "anyshire_acute",
        "anyshire_community",
        "beyond_mental_health",
        "anyshire_icb",
    ] {
        assert!(summary.contains(&format!(",{place},")), "{place} missing");
    }
    assert!(
        summary.contains(",trust,"),
        "the level column names the places' level"
    );
    assert!(
        summary
            .lines()
            .nth(1)
            .unwrap()
            .contains(",ics,people,All roles,Anyshire and Beyond ICS,"),
        "the top place's rows carry its own level and name"
    );
    // one organisation of the system, with --place (which --region also names)
    let one = wfcast(
        &[
            "run",
            &repo("scenarios/local-ics.toml"),
            "--data",
            &data,
            "--draws",
            "20",
            "--format",
            "csv",
            "--place",
            "Anyshire Hospitals NHS Trust",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(one.status.success(), "{}", text(&one.stderr));
    let acute =
        fs::read_to_string(dir.path().join("out/local-ics-anyshire_acute/summary.csv")).unwrap();
    assert!(acute.contains(",anyshire_acute,") && !acute.contains(",anyshire_icb,"));
    let report = fs::read_to_string(dir.path().join("out/local-ics/report.html")).unwrap();
    assert!(
        report.contains("By skill level") && report.contains("Practitioner"),
        "the report has the levels"
    );
}

#[test]
fn strict_refuses_the_list_and_writes_nothing_and_an_existing_folder_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(dir.path(), "strict", &["--strict"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("staff_list.csv:152") && stderr.contains("age 12 is outside 16-80"),
        "{stderr}"
    );
    assert!(!dir.path().join("strict").exists(), "nothing half-written");

    fs::create_dir(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/notes.txt"), "mine").unwrap();
    let out = import(dir.path(), "mine", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "mine"
    );
    let out = import(dir.path(), "mine", &["--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        dir.path().join("mine/roles.csv").is_file() && !dir.path().join("mine/notes.txt").exists()
    );
}

#[test]
fn a_workbook_imports_as_its_csv_does() {
    let dir = tempfile::tempdir().unwrap();
    let list = fs::read_to_string(repo("examples/ics-staff/staff_list.csv")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, line) in list.lines().enumerate() {
        for (j, field) in line.split(',').enumerate() {
            // numbers as numbers, as a spreadsheet holds them
            match field.parse::<f64>() {
                Ok(x) if i > 0 && j != 0 => sheet.write_number(i as u32, j as u16, x).map(|_| ()),
                _ => sheet.write_string(i as u32, j as u16, field).map(|_| ()),
            }
            .unwrap();
        }
    }
    let xlsx = dir.path().join("staff_list.xlsx");
    book.save(&xlsx).unwrap();
    let staff = xlsx.display().to_string();
    let mapping = repo("examples/ics-staff/mapping.toml");
    let from_book = wfcast(
        &[
            "data",
            "import",
            &staff,
            "--mapping",
            &mapping,
            "--census-date",
            "2024-03-31",
            "--out",
            "book",
        ],
        dir.path(),
    );
    assert!(from_book.status.success(), "{}", text(&from_book.stderr));
    assert!(
        text(&from_book.stderr).contains("staff_list.xlsx:152: age 12"),
        "sheet rows are the lines"
    );
    let csv = repo("examples/ics-staff/staff_list.csv");
    let from_csv = wfcast(
        &[
            "data",
            "import",
            &csv,
            "--mapping",
            &mapping,
            "--census-date",
            "2024-03-31",
            "--out",
            "csv",
        ],
        dir.path(),
    );
    assert!(from_csv.status.success());
    for file in [
        "staff_in_post_2024.csv",
        "vacancies_2024.csv",
        "roles.csv",
        "labour_pool_2024.csv",
    ] {
        assert_eq!(
            fs::read_to_string(dir.path().join("book").join(file)).unwrap(),
            fs::read_to_string(dir.path().join("csv").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_mistake_in_the_mapping_is_located_and_the_starter_mapping_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = fs::read_to_string(repo("examples/ics-staff/mapping.toml")).unwrap();
    fs::write(
        dir.path().join("bad.toml"),
        mapping.replace("role = \"digital_trainer\"", "role = \"digital_trainr\""),
    )
    .unwrap();
    let staff = repo("examples/ics-staff/staff_list.csv");
    let out = wfcast(
        &[
            "data",
            "import",
            &staff,
            "--mapping",
            "bad.toml",
            "--census-date",
            "2024-03-31",
            "--out",
            "x",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.toml:") && stderr.contains("did you mean `digital_trainer`"),
        "{stderr}"
    );

    let out = wfcast(&["data", "mapping", "--out", "starter.toml"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    // the starter with the list's column names and two of its organisations
    let starter = fs::read_to_string(dir.path().join("starter.toml"))
        .unwrap()
        .replace("\"AAA\"", "\"XA1\"")
        .replace("\"BBB\"", "\"XB1\"")
        .replace("job_title = \"job_title\"", "job_title = \"Job Title\"")
        .replace("band = \"band\"", "band = \"Pay Band\"")
        .replace("age = \"age\"", "age = \"Age\"")
        .replace(
            "date_of_birth = \"date_of_birth\"",
            "date_of_birth = \"Date of Birth\"",
        )
        .replace("fte = \"fte\"", "fte = \"FTE\"")
        .replace(
            "organisation = \"organisation\"",
            "organisation = \"Organisation\"",
        )
        .replace(
            "leaving_date = \"leaving_date\"",
            "leaving_date = \"Leaving Date\"",
        )
        .replace(
            "occupation_code = \"occupation_code\"",
            "occupation_code = \"Occupation Code\"",
        );
    fs::write(dir.path().join("starter.toml"), starter).unwrap();
    let out = wfcast(
        &[
            "data",
            "import",
            &staff,
            "--mapping",
            "starter.toml",
            "--census-date",
            "2024-03-31",
            "--out",
            "two",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("XC1") && stdout.contains("XQ1"),
        "the other organisations are reported:\n{stdout}"
    );
    let places = fs::read_to_string(dir.path().join("two/places.csv")).unwrap();
    assert_eq!(places.lines().count(), 4, "{places}");
}
