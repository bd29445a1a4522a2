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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rand::Rng;
use rand_distr::weighted::WeightedAliasIndex;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::baseline::Baseline;
use crate::cohort::competing;
use crate::error::{Error, Location, Result};
use crate::rng::{WfRng, binomial, param_stream};
use crate::table::{Row, Table};
use crate::taxonomy::{
    AGE_BANDS, AGEING_RATE, BANDS, N_AGES, N_BANDS, N_REGIONS, REGIONS, age_index, band_index,
    region_index,
};

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
    /// Consecutive years, earliest first.
    pub years: Vec<HistoryYear>,
}

/// Cells per role x region.
const CELLS: usize = N_BANDS * N_AGES;

impl History {
    /// Reads and checks the history file at `path`, with roles named as in `baseline`.
    pub fn read(path: &Path, baseline: &Baseline) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| {
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
                    self.roles[rr / N_REGIONS],
                    REGIONS[rr % N_REGIONS].0,
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
    let role = row.choice(
        "role",
        "role",
        |s| baseline.role_index(s),
        baseline.roles.iter().map(|r| r.id.as_str()),
    )?;
    let region = row.choice(
        "region",
        "region",
        region_index,
        REGIONS.iter().map(|r| r.0),
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

/// The parameters a synthetic history is generated from: the truth a calibration should
/// recover. Rates are multipliers on the baseline data's rate tables, as in scenario files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrueParams {
    /// First year written to the history.
    pub first_year: i32,
    /// Last year written.
    pub last_year: i32,
    /// Staff in post two years before the first year, as a share of the baseline's
    /// (each person of the baseline kept with this probability).
    pub start_scale: f64,
    /// Multiplier on the data's leaver rates, per role (`leaving.multiplier`).
    pub leaving: BTreeMap<String, f64>,
    /// Multiplier on the data's retirement rates, the same for every role.
    pub retirement: f64,
    /// Multiplier on the data's promotion rates, per role.
    pub promotion: BTreeMap<String, f64>,
    /// Share of open posts filled from the domestic market in a year, per role.
    pub fill_rate: BTreeMap<String, f64>,
    /// Share of the posts still open after domestic hiring filled from abroad.
    pub international_fill: f64,
    /// Share of last year's leavers who come back.
    pub return_rate: f64,
    /// Mean annual growth of the funded establishment, per role.
    pub growth: BTreeMap<String, f64>,
    /// How much each year differs from the mean: standard deviations of the year effects.
    pub year_effects: YearEffects,
}

/// Standard deviations of the random year effects of a synthetic history. Rates are
/// multiplied by `exp(e - sd^2 / 2)` with `e ~ Normal(0, sd)` drawn once per year for the
/// whole country (so the mean multiplier is 1); growth gets a national and a per-role shock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEffects {
    /// Log-scale sd of the national leaving effect.
    pub leaving: f64,
    /// Log-scale sd of the national retirement effect.
    pub retirement: f64,
    /// Log-scale sd of the national promotion effect.
    pub promotion: f64,
    /// Log-scale sd of the national domestic fill effect.
    pub fill_rate: f64,
    /// Log-scale sd of the national international fill effect.
    pub international_fill: f64,
    /// Log-scale sd of the national return effect.
    pub return_rate: f64,
    /// sd of the national shock added to every role's growth in a year.
    pub growth_national: f64,
    /// sd of each role's own shock added to its growth in a year.
    pub growth_role: f64,
}

impl TrueParams {
    /// The parameters of the shipped synthetic history (`data/esr_history_2014_2019.csv`):
    /// per-role values drawn once from `seed` around the data's rates, plausible for the
    /// NHS DDaT workforce of the late 2010s (invented, not estimated from any real data).
    pub fn synthetic(baseline: &Baseline, seed: u64) -> Self {
        let mut rng = param_stream(seed, 0, "history.truth");
        let mut per_role = |f: &mut dyn FnMut(&mut WfRng, usize) -> f64| -> BTreeMap<String, f64> {
            baseline
                .roles
                .iter()
                .enumerate()
                .map(|(r, role)| (role.id.clone(), round4(f(&mut rng, r))))
                .collect()
        };
        let lognormal = |rng: &mut WfRng, sd: f64| (sd * standard_normal(rng)).exp();
        let leaving = per_role(&mut |rng, _| 0.95 * lognormal(rng, 0.12));
        let promotion = per_role(&mut |rng, _| lognormal(rng, 0.15));
        let fill_rate = per_role(&mut |rng, _| (0.7 * lognormal(rng, 0.1)).min(0.95));
        let growth = per_role(&mut |rng, _| 0.025 + 0.012 * standard_normal(rng));
        Self {
            first_year: 2014,
            last_year: 2019,
            start_scale: 0.75,
            leaving,
            retirement: 1.1,
            promotion,
            fill_rate,
            international_fill: 0.06,
            return_rate: 0.03,
            growth,
            year_effects: YearEffects {
                leaving: 0.06,
                retirement: 0.05,
                promotion: 0.08,
                fill_rate: 0.06,
                international_fill: 0.15,
                return_rate: 0.15,
                growth_national: 0.008,
                growth_role: 0.006,
            },
        }
    }

    /// The parameters as TOML, with a header saying what they are.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_else(|e| format!("# cannot write: {e}\n"));
        format!(
            "# The true parameters of the synthetic history written next to this file.\n\
             # Multipliers are on the rates of data/roles.csv, bands.csv and ages.csv, as in\n\
             # scenario files; year_effects are the standard deviations of the random year\n\
             # effects (see crates/wfcast-core/src/history.rs, TrueParams and simulate).\n\n{body}"
        )
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // Normal::new(0, 1) cannot fail; the fallback keeps this panic-free
    Normal::new(0.0, 1.0).map_or(0.0, |n| n.sample(rng))
}

/// A year's multiplicative effect with mean 1: `exp(e - sd^2/2)`, `e ~ Normal(0, sd)`.
fn year_effect<R: Rng + ?Sized>(rng: &mut R, sd: f64) -> f64 {
    (sd * standard_normal(rng) - 0.5 * sd * sd).exp()
}

/// Generates a synthetic history from `truth` on `baseline`'s roles and rate tables, with
/// the same year step as the cohort model (leaving and retirement as competing risks,
/// promotion of those who stay, ageing, returners, demand growth, recruitment to the gap)
/// but written independently of it, and with random year effects on every rate. The same
/// `seed` gives the same history.
///
/// The stock two years before `truth.first_year` is the baseline's staff thinned to
/// `truth.start_scale`; the year before the first is simulated but not written, so the
/// first year's returners have leavers to come from.
pub fn simulate(truth: &TrueParams, baseline: &Baseline, seed: u64) -> History {
    let mut rng = param_stream(seed, 1, "history.simulate");
    let n_roles = baseline.roles.len();
    let n_rr = n_roles * N_REGIONS;
    let by_role = |m: &BTreeMap<String, f64>, default: f64| -> Vec<f64> {
        baseline
            .roles
            .iter()
            .map(|r| m.get(&r.id).copied().unwrap_or(default))
            .collect()
    };
    let leaving = by_role(&truth.leaving, 1.0);
    let promotion = by_role(&truth.promotion, 1.0);
    let fill = by_role(&truth.fill_rate, 0.7);
    let growth = by_role(&truth.growth, 0.0);
    let hire_alias: Vec<Option<WeightedAliasIndex<f64>>> = (0..n_roles)
        .map(|r| {
            let mix = baseline.band_mix(r);
            let w: Vec<f64> = (0..CELLS)
                .map(|i| mix[i / N_AGES] * baseline.hire_age_share[i % N_AGES])
                .collect();
            WeightedAliasIndex::new(w).ok()
        })
        .collect();
    let mut stock: Vec<u32> = baseline
        .headcount
        .iter()
        .map(|&n| binomial(&mut rng, u64::from(n), truth.start_scale) as u32)
        .collect();
    let wte_of = |stock: &[u32], rr: usize| -> f64 {
        (rr * CELLS..(rr + 1) * CELLS)
            .map(|c| f64::from(stock[c]) * baseline.fte[c])
            .sum()
    };
    let mut demand: Vec<f64> = (0..n_rr)
        .map(|rr| wte_of(&stock, rr) + baseline.vacancies_wte[rr] * truth.start_scale)
        .collect();
    let mut last_leavers = vec![0u64; n_rr];
    let ye = &truth.year_effects;
    let mut years = Vec::new();
    for year in truth.first_year - 1..=truth.last_year {
        let e_leave = year_effect(&mut rng, ye.leaving);
        let e_retire = year_effect(&mut rng, ye.retirement);
        let e_promote = year_effect(&mut rng, ye.promotion);
        let e_fill = year_effect(&mut rng, ye.fill_rate);
        let e_intl = year_effect(&mut rng, ye.international_fill);
        let e_return = year_effect(&mut rng, ye.return_rate);
        let g_national = ye.growth_national * standard_normal(&mut rng);
        let g_role: Vec<f64> = (0..n_roles)
            .map(|_| ye.growth_role * standard_normal(&mut rng))
            .collect();
        let mut cells = vec![CellYear::default(); stock.len()];
        let mut next = vec![0u32; stock.len()];
        for rr in 0..n_rr {
            let role = rr / N_REGIONS;
            let r = &baseline.roles[role];
            let mut leavers_rr = 0;
            for band in 0..N_BANDS {
                for age in 0..N_AGES {
                    let c = rr * CELLS + band * N_AGES + age;
                    let n = u64::from(stock[c]);
                    if n == 0 {
                        continue;
                    }
                    let p_leave = r.leaver_rate
                        * baseline.band_leaver_multiplier[band]
                        * baseline.age_leaver_multiplier[age]
                        * leaving[role]
                        * e_leave;
                    let p_retire = baseline.retirement_rate[age] * truth.retirement * e_retire;
                    let (pl, pr) = competing(p_leave, p_retire);
                    let left = binomial(&mut rng, n, pl);
                    let retired = if pl < 1.0 {
                        binomial(&mut rng, n - left, pr / (1.0 - pl))
                    } else {
                        0
                    };
                    let stay = n - left - retired;
                    let promoted = if band + 1 < N_BANDS {
                        let p = baseline.band_promotion_rate[band]
                            * r.promotion_multiplier
                            * promotion[role]
                            * e_promote;
                        binomial(&mut rng, stay, p.min(1.0))
                    } else {
                        0
                    };
                    let older = (age + 1).min(N_AGES - 1);
                    for (to_band, k) in [(band, stay - promoted), (band + 1, promoted)] {
                        if k == 0 {
                            continue;
                        }
                        let aged = binomial(&mut rng, k, AGEING_RATE[age]);
                        let base = rr * CELLS + to_band * N_AGES;
                        next[base + older] += aged as u32;
                        next[base + age] += (k - aged) as u32;
                    }
                    leavers_rr += left;
                    let cy = &mut cells[c];
                    cy.leavers = left as u32;
                    cy.retirements = retired as u32;
                    cy.promotions_out = promoted as u32;
                }
            }
            let alias = hire_alias[role].as_ref();
            let returners = binomial(
                &mut rng,
                last_leavers[rr],
                (truth.return_rate * e_return).min(1.0),
            );
            place(alias, returners, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_returners
            });
            last_leavers[rr] = leavers_rr;
            demand[rr] *= (1.0 + growth[role] + g_national + g_role[role]).max(0.0);
            let supply = wte_of(&next, rr);
            let posts = ((demand[rr] - supply).max(0.0) / r.fte_ratio).round() as u64;
            let hired = binomial(&mut rng, posts, (fill[role] * e_fill).min(1.0));
            let abroad = binomial(
                &mut rng,
                posts - hired,
                (truth.international_fill * e_intl).min(1.0),
            );
            place(alias, hired, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_domestic
            });
            place(alias, abroad, rr, &mut rng, &mut next, &mut cells, |c| {
                &mut c.joiners_international
            });
        }
        stock = next;
        for (c, cy) in cells.iter_mut().enumerate() {
            cy.headcount = stock[c];
            cy.fte = (f64::from(stock[c]) * baseline.fte[c] * 10.0).round() / 10.0;
        }
        for (rr, d) in demand.iter().enumerate() {
            let wte: f64 = cells[rr * CELLS..(rr + 1) * CELLS]
                .iter()
                .map(|c| c.fte)
                .sum();
            spread_vacancies(&mut cells[rr * CELLS..(rr + 1) * CELLS], (d - wte).max(0.0));
        }
        if year >= truth.first_year {
            years.push(HistoryYear { year, cells });
        }
    }
    History {
        file: PathBuf::from(format!("synthetic history (seed {seed})")),
        roles: baseline.roles.iter().map(|r| r.id.clone()).collect(),
        years,
    }
}

/// Places `n` joiners of role x region `rr` into its cells by the hire mix `alias`,
/// counting them in `next` (the year-end stock) and in the route's column of `cells`.
fn place(
    alias: Option<&WeightedAliasIndex<f64>>,
    n: u64,
    rr: usize,
    rng: &mut WfRng,
    next: &mut [u32],
    cells: &mut [CellYear],
    route: fn(&mut CellYear) -> &mut u32,
) {
    let Some(alias) = alias else {
        return;
    };
    for _ in 0..n {
        let c = rr * CELLS + alias.sample(rng);
        next[c] += 1;
        *route(&mut cells[c]) += 1;
    }
}

/// Spreads `vacant` WTE (rounded to 0.1) over a role and region's rows in proportion to
/// their FTE, by largest remainder in tenths, so the rows add up to the total exactly.
fn spread_vacancies(cells: &mut [CellYear], vacant: f64) {
    let tenths = (vacant * 10.0).round() as u64;
    let total_fte: f64 = cells.iter().map(|c| c.fte).sum();
    if tenths == 0 || total_fte <= 0.0 {
        return;
    }
    let shares: Vec<f64> = cells
        .iter()
        .map(|c| tenths as f64 * c.fte / total_fte)
        .collect();
    let mut given: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let mut left = tenths - given.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor()))
    });
    for i in order {
        if left == 0 {
            break;
        }
        if cells[i].fte > 0.0 {
            given[i] += 1;
            left -= 1;
        }
    }
    for (c, g) in cells.iter_mut().zip(given) {
        c.vacancies_wte = g as f64 / 10.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Baseline {
        Baseline::embedded().unwrap()
    }

    #[test]
    fn a_generated_history_reads_back_identically() {
        let b = baseline();
        let truth = TrueParams::synthetic(&b, 1);
        let h = simulate(&truth, &b, 3);
        let text = h.to_csv();
        let back = History::parse(Path::new("h.csv"), &text, &b).unwrap();
        assert_eq!(back.years.len(), 6);
        for (a, b) in h.years.iter().zip(&back.years) {
            assert_eq!(a.year, b.year);
            assert_eq!(a.cells, b.cells);
        }
    }

    /// Stock conservation: end = start - leavers - retirements + joiners, nationally, every year.
    #[test]
    fn generated_stock_is_conserved() {
        let b = baseline();
        let h = simulate(&TrueParams::synthetic(&b, 1), &b, 9);
        for w in h.years.windows(2) {
            let start: u64 = w[0].cells.iter().map(|c| u64::from(c.headcount)).sum();
            let end: u64 = w[1].cells.iter().map(|c| u64::from(c.headcount)).sum();
            let flows: i64 = w[1]
                .cells
                .iter()
                .map(|c| {
                    i64::from(c.joiners_domestic + c.joiners_international + c.joiners_returners)
                        - i64::from(c.leavers + c.retirements)
                })
                .sum();
            assert_eq!(end as i64, start as i64 + flows, "year {}", w[1].year);
        }
        let first: u32 = h.years[0].cells.iter().map(|c| c.headcount).sum();
        assert!((38_000..=42_000).contains(&first), "2014 headcount {first}");
    }

    #[test]
    fn flows_above_the_start_stock_are_refused() {
        let b = baseline();
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
