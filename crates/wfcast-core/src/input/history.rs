//! ESR-style workforce history: one row per year and cell (role, region, Agenda for Change
//! band, age band) with the staff in post at the year end and the year's flows. `wfcast
//! calibrate` estimates the model's rates from it (see [`crate::calibrate`]).
//!
//! The format is described in `data/README.md`. In short:
//! - `headcount`, `fte`: staff in post in the cell at the end of the year;
//! - `leavers`, `retirements`, `promotions_out`: what happened during the year to the staff
//!   who were in this cell at the end of the previous year (the cell they left from);
//! - `joiners_domestic`, `joiners_international`, `joiners_returners`: staff who joined
//!   during the year, in the cell they joined;
//! - `vacancies_wte`: vacant funded posts at the year end. Posts have no age, so only the
//!   total per role, region and year is used; a file may put it on any of the role and
//!   region's rows.
//!
//! A cell with no staff and no flows in a year may be left out (it reads as zeros). Years
//! must come in order with none missing; the first year's flows have no start-of-year stock
//! in the file, so only its stock is used.

use std::path::{Path, PathBuf};

use super::Baseline;
use super::table::{Row, Table};
use crate::error::{Error, Location, Result};
use crate::taxonomy::{AGE_BANDS, BANDS, CELLS, N_AGES, age_index, band_index};

/// The columns of a history file, in the order wfcast writes them.
pub const COLUMNS: [&str; 14] = [
    "year",
    "role",
    "region",
    "band",
    "age_band",
    "headcount",
    "fte",
    "leavers",
    "retirements",
    "promotions_out",
    "joiners_domestic",
    "joiners_international",
    "joiners_returners",
    "vacancies_wte",
];

/// What one row of a history says about one cell in one year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CellYear {
    /// Staff in post at the year end.
    pub headcount: u32,
    /// Their whole-time equivalent (FTE) at the year end.
    pub fte: f64,
    /// Staff of this cell at the start of the year who left (not retirement) during it.
    pub leavers: u32,
    /// Staff of this cell at the start of the year who retired during it.
    pub retirements: u32,
    /// Staff of this cell at the start of the year promoted to a higher band during it.
    pub promotions_out: u32,
    /// Joiners hired from the domestic labour market into this cell.
    pub joiners_domestic: u32,
    /// Joiners recruited from abroad into this cell.
    pub joiners_international: u32,
    /// Former staff who came back into this cell.
    pub joiners_returners: u32,
    /// Vacant funded posts (WTE) at the year end recorded on this row.
    pub vacancies_wte: f64,
}

/// One year of a history: every cell, indexed like [`Baseline::cell`].
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryYear {
    /// The calendar year (its end is when the stock is counted).
    pub year: i32,
    /// Per cell.
    pub cells: Vec<CellYear>,
}

/// A workforce history, year by year, on the roles of a baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file it was read from (or a name for a generated one).
    pub file: PathBuf,
    /// Role ids, in the baseline's order.
    pub roles: Vec<String>,
    /// Place ids (the baseline's finest places), in its order.
    pub places: Vec<String>,
    /// Consecutive years, earliest first.
    pub years: Vec<HistoryYear>,
}

impl History {
    /// Reads and checks the history file at `path`, with roles named as in `baseline`.
    pub fn read(path: &Path, baseline: &Baseline) -> Result<Self> {
        let bytes = super::read_bounded(path).map_err(|e| {
            let help = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "check the path; a relative path starts from the folder wfcast runs in"
                }
                _ if path.is_dir() => "name a history file (.csv), not a folder",
                _ => "the history must be a readable CSV file",
            };
            Error::input(
                Location::file(path),
                format!("cannot read the history file: {e}"),
            )
            .with_help(help)
        })?;
        let text = Error::utf8(path, bytes, "save it as UTF-8 (in Excel: CSV UTF-8)")?;
        Self::parse(path, &text, baseline)
    }

    /// Parses the text of a history file named `file`. Every problem found in the rows is
    /// reported together, each naming its line and column.
    pub fn parse(file: &Path, text: &str, baseline: &Baseline) -> Result<Self> {
        let table = Table::parse(file, text, &COLUMNS)?;
        let n_cells = baseline.n_cells();
        let mut years: Vec<HistoryYear> = Vec::new();
        // line of the row that gave each cell in the current year, to name duplicates
        let mut seen: Vec<usize> = vec![0; n_cells];
        let mut errors = Vec::new();
        // a year whose rows had errors has an unknown stock: the next year's flows are not
        // checked against it, so one mistake is reported once
        let mut stock_known = true;
        for row in table.rows() {
            let year = match read_year(&row, years.last().map(|y| y.year)) {
                Ok(y) => y,
                Err(e) => {
                    // a row out of order makes every later check misleading: stop here
                    errors.push(e);
                    break;
                }
            };
            if years.last().is_none_or(|y| y.year != year) {
                stock_known = errors.is_empty();
                years.push(HistoryYear {
                    year,
                    cells: vec![CellYear::default(); n_cells],
                });
                seen.iter_mut().for_each(|s| *s = 0);
            }
            let split = years.len() - 1;
            let (done, current) = years.split_at_mut(split);
            let previous = done.last().filter(|_| stock_known);
            match read_cell(&row, baseline, &mut seen, previous) {
                Ok((cell, value)) => current[0].cells[cell] = value,
                Err(e) => errors.push(e),
            }
        }
        Error::collect(errors)?;
        if years.is_empty() {
            return Err(
                Error::input(Location::file(file), "the history has no rows").with_help(
                    "add one row per year and cell (role, region, band, age_band) with staff or flows",
                ),
            );
        }
        Ok(Self {
            file: file.to_owned(),
            roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
            places: baseline.geography.place_ids().map(str::to_owned).collect(),
            years,
        })
    }

    /// The first and last year.
    pub fn span(&self) -> (i32, i32) {
        (
            self.years.first().map_or(0, |y| y.year),
            self.years.last().map_or(0, |y| y.year),
        )
    }

    /// The data of `year`, if the history has it.
    pub fn year(&self, year: i32) -> Option<&HistoryYear> {
        self.years.iter().find(|y| y.year == year)
    }

    /// The history as CSV text in the documented format: header, then one row per year and
    /// cell that has staff, flows or vacancies, in year, role, region, band, age order.
    pub fn to_csv(&self) -> String {
        let mut out = COLUMNS.join(",");
        out.push('\n');
        for y in &self.years {
            for (cell, c) in y.cells.iter().enumerate() {
                if *c == CellYear::default() {
                    continue;
                }
                let rr = cell / CELLS;
                let (band, age) = ((cell % CELLS) / N_AGES, cell % N_AGES);
                out.push_str(&format!(
                    "{},{},{},{},{},{},{:.1},{},{},{},{},{},{},{:.1}\n",
                    y.year,
                    self.roles[rr / self.places.len()],
                    self.places[rr % self.places.len()],
                    BANDS[band],
                    AGE_BANDS[age],
                    c.headcount,
                    c.fte,
                    c.leavers,
                    c.retirements,
                    c.promotions_out,
                    c.joiners_domestic,
                    c.joiners_international,
                    c.joiners_returners,
                    c.vacancies_wte,
                ));
            }
        }
        out
    }
}

/// The year of `row`: a whole number following `previous` (the year of the row before) with
/// no gap and never going back.
fn read_year(row: &Row<'_>, previous: Option<i32>) -> Result<i32> {
    let raw = row.text("year")?;
    let year: i32 = raw
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            row.error(
                "year",
                format!("`year` must be a calendar year such as 2016, found `{raw}`"),
            )
        })?;
    match previous {
        Some(p) if year < p => Err(row
            .error(
                "year",
                format!("years out of order: {year} comes after rows for {p}"),
            )
            .with_help("sort the file by year, earliest first")),
        Some(p) if year > p + 1 => Err(row
            .error(
                "year",
                format!(
                    "year {year} follows {p}: {} is missing",
                    if year == p + 2 {
                        (p + 1).to_string()
                    } else {
                        format!("{} to {}", p + 1, year - 1)
                    }
                ),
            )
            .with_help("give every year between the first and the last; rates are estimated from consecutive years")),
        _ => Ok(year),
    }
}

/// The cell of `row` and what it says, checked against the cell's stock at the end of the
/// previous year (`previous`), which is everyone who could have left or been promoted.
fn read_cell(
    row: &Row<'_>,
    baseline: &Baseline,
    seen: &mut [usize],
    previous: Option<&HistoryYear>,
) -> Result<(usize, CellYear)> {
    let role = baseline.row_role(row)?;
    let places = &baseline.geography;
    let region = row.choice(
        "region",
        "place",
        |id| places.place_index(id),
        places.place_ids(),
    )?;
    let band = row.choice("band", "band", band_index, BANDS)?;
    let age = row.choice("age_band", "age band", age_index, AGE_BANDS)?;
    let cell = baseline.cell(role, region, band, age);
    let headcount = row.count("headcount")?;
    let value = CellYear {
        headcount,
        fte: row.number("fte", 0.0, f64::from(headcount)).map_err(|e| {
            e.with_help(
                "fte is the whole-time equivalent of the row's headcount: from 0 to headcount",
            )
        })?,
        leavers: row.count("leavers")?,
        retirements: row.count("retirements")?,
        promotions_out: row.count("promotions_out")?,
        joiners_domestic: row.count("joiners_domestic")?,
        joiners_international: row.count("joiners_international")?,
        joiners_returners: row.count("joiners_returners")?,
        vacancies_wte: row.number("vacancies_wte", 0.0, 1e7)?,
    };
    if seen[cell] != 0 {
        return Err(row
            .error(
                "role",
                format!(
                    "duplicate row: this year, role, region, band and age_band were already given on line {}",
                    seen[cell]
                ),
            )
            .with_help("give each year and cell once; add the two rows' numbers together"));
    }
    seen[cell] = row.line();
    if let Some(prev) = previous {
        let start = prev.cells[cell].headcount;
        let out = u64::from(value.leavers)
            + u64::from(value.retirements)
            + u64::from(value.promotions_out);
        if out > u64::from(start) {
            return Err(row
                .error(
                    "leavers",
                    format!(
                        "leavers + retirements + promotions_out = {out}, but only {start} staff were in this cell at the end of {}",
                        prev.year
                    ),
                )
                .with_help("flows are counted in the cell the staff were in at the start of the year (the previous year's row); joiners count in the cell they joined"));
        }
    }
    Ok((cell, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_above_the_start_stock_are_refused() {
        let b = Baseline::embedded().unwrap();
        let text = "year,role,region,band,age_band,headcount,fte,leavers,retirements,promotions_out,joiners_domestic,joiners_international,joiners_returners,vacancies_wte\n\
            2014,architect,london,7,40-44,3,3.0,0,0,0,0,0,0,1.0\n\
            2015,architect,london,7,40-44,1,1.0,2,1,1,1,0,0,1.0\n";
        let err = History::parse(Path::new("h.csv"), text, &b)
            .unwrap_err()
            .to_string();
        assert!(err.contains("h.csv:3:8"), "{err}");
        assert!(err.contains("only 3 staff"), "{err}");
    }
}
