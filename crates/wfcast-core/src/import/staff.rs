//! Reading an ESR-style staff list (CSV, or the first sheet of an XLSX/ODS workbook) into
//! assignments with a role, place, band, age band and FTE, and the rows that could not be
//! used, each with its line and the reason.

use std::collections::BTreeMap;
use std::path::Path;

use super::dates::Date;
use super::mapping::{Mapping, Matched, words};
use crate::error::{Error, Location, Result};
use crate::input::{Row, Table, read_bounded};
use crate::taxonomy::{AGE_BANDS, band_index};

/// Youngest age accepted: school leavers join apprenticeships at 16.
const MIN_AGE: i32 = 16;
/// Oldest age accepted: older ages in a staff list are almost always a mistyped date.
const MAX_AGE: i32 = 80;

/// One usable row of the staff list: an assignment in post at the census date, or one
/// that ended in the year before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Assignment {
    pub(super) role: usize,
    /// Index into [`Mapping::places`].
    pub(super) place: usize,
    pub(super) band: usize,
    pub(super) age: usize,
    pub(super) fte: f64,
    /// Ended in the year up to the census date.
    pub(super) left: bool,
}

/// A row the importer could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// 1-based line in the staff list (the sheet's row number for a workbook).
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// The staff list as read.
#[derive(Debug, Default)]
pub(super) struct StaffList {
    pub(super) assignments: Vec<Assignment>,
    pub(super) refused: Vec<Refused>,
    /// Rows whose role could not be mapped, counted by job title as written.
    pub(super) unmapped_titles: BTreeMap<String, u32>,
    /// Rows whose organisation is in no place, counted by code.
    pub(super) unmapped_organisations: BTreeMap<String, u32>,
    /// Rows that ended before the year up to the census date (not counted anywhere).
    pub(super) left_earlier: usize,
    /// Rows matched by occupation code, and by title.
    pub(super) by_code: usize,
    pub(super) by_title: usize,
    /// Whether the list has the leaving-date column, so leaving can be estimated.
    pub(super) has_leaving: bool,
    /// Assignments folded into another of the same person's (with a person column).
    pub(super) merged: usize,
    pub(super) rows: usize,
}

/// Reads `path` as a table: a workbook by its extension, otherwise CSV text.
pub(super) fn read_table(path: &Path) -> Result<Table> {
    let bytes = read_bounded(path).map_err(|e| {
        Error::input(
            Location::file(path),
            format!("cannot read the staff list: {e}"),
        )
        .with_help("name a CSV file or an XLSX workbook")
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return read_workbook(path, bytes);
    }
    let text = Error::utf8(
        path,
        bytes,
        "save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8)",
    )?;
    Table::parse(path, &text, &[])
}

fn read_workbook(path: &Path, bytes: Vec<u8>) -> Result<Table> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let unreadable = |e: &dyn std::fmt::Display| {
        Error::input(
            Location::file(path),
            format!("cannot read the workbook: {e}"),
        )
        .with_help("save it as .xlsx with the staff list on the first sheet, or as CSV UTF-8")
    };
    let mut book =
        open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"it has no sheets"))?
        .map_err(|e| unreadable(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let cell = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            s.replace(['\n', '\r'], " ")
        }
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => format!("{b}"),
        // a date cell is written as an ISO day so it reads like a CSV export's
        Data::DateTime(t) => Date::from_excel_serial(t.as_f64())
            .map_or_else(|| format!("{}", t.as_f64()), |d| d.to_string()),
        Data::Error(e) => format!("#{e:?}"),
    };
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(cell).collect())
        .unwrap_or_default();
    if header.iter().all(String::is_empty) {
        return Err(
            Error::input(Location::file(path), "the first sheet is empty")
                .with_help("put the staff list on the first sheet, with a header row"),
        );
    }
    let records = rows
        .enumerate()
        .map(|(i, r)| {
            let line = first_row as usize + i + 2;
            (
                line,
                csv::StringRecord::from(r.iter().map(cell).collect::<Vec<_>>()),
            )
        })
        .collect();
    Ok(Table::from_records(path, header, records))
}

/// The AfC band a staff list writes as `Band 8a`, `8A`, `Band 8 - Range A` or `6`.
fn band(text: &str) -> Option<usize> {
    let joined: String = words(text)
        .into_iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "band" | "afc" | "agenda" | "for" | "change" | "range" | "pay"
            )
        })
        .collect();
    band_index(&joined)
}

/// The age band of an age in whole years.
fn age_band(age: i32) -> usize {
    let idx = if age < 20 {
        0
    } else {
        ((age - 15) / 5) as usize
    };
    idx.min(AGE_BANDS.len() - 1)
}

/// Checks the header has what the mapping says to read; a missing column is an error
/// before any row is read.
fn check_columns(table: &Table, mapping: &Mapping) -> Result<()> {
    let c = &mapping.columns;
    let has = |name: &str| table.has(name);
    let found = || table.header().join(", ");
    let missing = |what: &str, names: &[&str]| {
        Error::input(
            Location::csv(table.file(), 1, None),
            format!(
                "no {what} column: the header has none of {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_help(format!(
            "the header has: {}; name the right one under [columns] in {}",
            found(),
            mapping.file.display()
        ))
    };
    let mut errors = Vec::new();
    for (what, name) in [
        ("organisation", &c.organisation),
        ("band", &c.band),
        ("FTE", &c.fte),
    ] {
        if !has(name) {
            errors.push(missing(what, &[name]));
        }
    }
    if !has(&c.age) && !has(&c.date_of_birth) {
        errors.push(missing("age", &[&c.age, &c.date_of_birth]));
    }
    if !has(&c.occupation_code) && !has(&c.job_title) {
        errors.push(missing("role", &[&c.occupation_code, &c.job_title]));
    }
    Error::collect(errors)
}

/// Reads every row of the staff list; rows that cannot be used are kept as [`Refused`].
pub(super) fn read_staff(table: &Table, mapping: &Mapping, census: Date) -> Result<StaffList> {
    check_columns(table, mapping)?;
    let c = &mapping.columns;
    let mut out = StaffList {
        has_leaving: table.has(&c.leaving_date),
        rows: table.len(),
        ..StaffList::default()
    };
    let has_person = table.has(&c.person);
    let mut people = Vec::new();
    for row in table.rows() {
        match assignment(&row, mapping, census, &mut out) {
            Ok(Some(a)) => {
                out.assignments.push(a);
                people.push(row.raw(&c.person).to_owned());
            }
            Ok(None) => {}
            Err(reason) => out.refused.push(Refused {
                line: row.line(),
                reason,
            }),
        }
    }
    if has_person {
        out.merged = merge_people(&mut out.assignments, &people);
    }
    Ok(out)
}

/// Folds each person's assignments (in post, and separately those that ended in the year)
/// into one: the one with the most FTE (the first on a tie) keeps the person's role, place,
/// band and age, with the FTE of them all, at most 1. So headcount counts people, as NHS
/// workforce statistics do, and WTE keeps every assignment's hours. A person still in post
/// has not left, so their ended assignments are dropped. Rows with an empty person id stay
/// as they are. Returns how many assignments were folded away or dropped.
fn merge_people(assignments: &mut Vec<Assignment>, people: &[String]) -> usize {
    let mut main: std::collections::HashMap<(&str, bool), usize> = std::collections::HashMap::new();
    let mut total_fte = vec![0.0; assignments.len()];
    let mut keep = vec![true; assignments.len()];
    for (i, (a, person)) in assignments.iter().zip(people).enumerate() {
        if person.is_empty() {
            total_fte[i] = a.fte;
            continue;
        }
        match main.entry((person.as_str(), a.left)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
                total_fte[i] = a.fte;
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let first = *o.get();
                let sum = total_fte[first] + a.fte;
                if a.fte > assignments[first].fte {
                    keep[first] = false;
                    o.insert(i);
                    total_fte[i] = sum;
                } else {
                    keep[i] = false;
                    total_fte[first] = sum;
                }
            }
        }
    }
    // an assignment that ended while its person still holds one in post is a move or a
    // second job given up, not a leaver: it leaves the exposure and the leavers alike
    for (i, (a, person)) in assignments.iter().zip(people).enumerate() {
        if a.left && !person.is_empty() && main.contains_key(&(person.as_str(), false)) {
            keep[i] = false;
        }
    }
    let before = assignments.len();
    let mut k = 0;
    assignments.retain_mut(|a| {
        let kept = keep[k];
        a.fte = total_fte[k].min(1.0);
        k += 1;
        kept
    });
    before - assignments.len()
}

/// One row: `Ok(None)` for a row that ended before the year counted.
fn assignment(
    row: &Row<'_>,
    mapping: &Mapping,
    census: Date,
    out: &mut StaffList,
) -> std::result::Result<Option<Assignment>, String> {
    let c = &mapping.columns;
    let left = match row.raw(&c.leaving_date) {
        "" => false,
        text => {
            let day = Date::parse(text).ok_or_else(|| {
                format!(
                    "`{}` = `{text}` is not a date (expected 2024-03-31 or 31/03/2024)",
                    c.leaving_date
                )
            })?;
            // the year up to the census: after the same day a year before it
            if day <= census.a_year_before() {
                out.left_earlier += 1;
                return Ok(None);
            }
            day <= census
        }
    };
    let title = row.raw(&c.job_title);
    let role = match mapping.role(row.raw(&c.occupation_code), title) {
        Some(m) => m,
        None => {
            let key = if title.is_empty() {
                "(no title)"
            } else {
                title
            };
            *out.unmapped_titles.entry(key.to_owned()).or_default() += 1;
            let code = row.raw(&c.occupation_code);
            return Err(if code.is_empty() {
                format!("no role for job title `{title}`")
            } else {
                format!("no role for occupation code `{code}` or job title `{title}`")
            });
        }
    };
    let org = row.raw(&c.organisation);
    let Some(place) = mapping.place_of(org) else {
        *out.unmapped_organisations
            .entry(org.to_owned())
            .or_default() += 1;
        return Err(format!(
            "organisation `{org}` is in no place of the mapping"
        ));
    };
    let band_text = row.raw(&c.band);
    if band_text.is_empty() {
        return Err(format!("`{}` is empty", c.band));
    }
    let band = band(band_text).ok_or_else(|| {
        format!(
            "`{}` = `{band_text}` is not an Agenda for Change band 2-9 (8a-8d)",
            c.band
        )
    })?;
    let from_birth = row.raw(&c.age).is_empty();
    let age = match row.raw(&c.age) {
        "" => {
            let born = row.raw(&c.date_of_birth);
            if born.is_empty() {
                return Err(format!(
                    "neither `{}` nor `{}` is given",
                    c.age, c.date_of_birth
                ));
            }
            // the value is not echoed: a date of birth is personal data
            let day = Date::parse(born).ok_or_else(|| {
                format!(
                    "`{}` is not a date (expected 1980-03-31 or 31/03/1980)",
                    c.date_of_birth
                )
            })?;
            census.years_since(day)
        }
        text => text
            .parse::<f64>()
            .ok()
            .filter(|a| a.is_finite() && a.fract() == 0.0)
            .map(|a| a as i32)
            .ok_or_else(|| format!("`{}` = `{text}` is not a whole number of years", c.age))?,
    };
    if !(MIN_AGE..=MAX_AGE).contains(&age) {
        // an age worked out from a date of birth is not echoed either
        return Err(if from_birth {
            format!(
                "`{}` gives an age outside {MIN_AGE}-{MAX_AGE}",
                c.date_of_birth
            )
        } else {
            format!("age {age} is outside {MIN_AGE}-{MAX_AGE}")
        });
    }
    let fte_text = row.raw(&c.fte);
    let fte = fte_text
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f > 0.0 && *f <= 1.0)
        .ok_or_else(|| {
            format!(
                "`{}` = `{fte_text}` is not an FTE above 0 and at most 1",
                c.fte
            )
        })?;
    match role {
        Matched::Code(_) => out.by_code += 1,
        Matched::Title(_) => out.by_title += 1,
    }
    Ok(Some(Assignment {
        role: role.role(),
        place,
        band,
        age: age_band(age),
        fte,
        left,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(role: usize, fte: f64, left: bool) -> Assignment {
        Assignment {
            role,
            place: 0,
            band: 4,
            age: 5,
            fte,
            left,
        }
    }

    #[test]
    fn a_person_with_two_assignments_counts_once_with_the_hours_of_both() {
        let mut a = vec![
            post(0, 0.4, false),
            post(1, 0.6, false),
            post(2, 1.0, false),
            post(0, 0.5, true),
            post(3, 0.5, false),
        ];
        let people = ["p1", "p1", "p2", "p1", ""].map(String::from);
        assert_eq!(merge_people(&mut a, &people), 2);
        // p1's larger assignment (role 1) keeps both hours; p1's ended assignment is no
        // leaving, since p1 is still in post
        let roles: Vec<(usize, f64, bool)> = a.iter().map(|x| (x.role, x.fte, x.left)).collect();
        assert_eq!(roles, [(1, 1.0, false), (2, 1.0, false), (3, 0.5, false)]);
        // a person whose every assignment ended is one leaver
        let mut b = vec![post(0, 0.5, true), post(1, 0.3, true)];
        assert_eq!(merge_people(&mut b, &["p9".into(), "p9".into()]), 1);
        assert_eq!((b.len(), b[0].role, b[0].fte), (1, 0, 0.8));
    }

    #[test]
    fn bands_are_read_as_staff_lists_write_them() {
        let id = |t: &str| band(t).map(|b| crate::taxonomy::BANDS[b]);
        assert_eq!(id("Band 8a"), Some("8a"));
        assert_eq!(id("AfC Band 8 - Range C"), Some("8c"));
        assert_eq!(id("8D"), Some("8d"));
        assert_eq!(id(" 6 "), Some("6"));
        assert_eq!(id("Band 1"), None);
        assert_eq!(id("VSM"), None);
    }

    #[test]
    fn ages_fall_in_their_five_year_bands() {
        let id = |a| AGE_BANDS[age_band(a)];
        assert_eq!(
            [
                id(16),
                id(19),
                id(20),
                id(44),
                id(45),
                id(64),
                id(65),
                id(80)
            ],
            [
                "<20", "<20", "20-24", "40-44", "45-49", "60-64", "65+", "65+"
            ]
        );
    }
}
