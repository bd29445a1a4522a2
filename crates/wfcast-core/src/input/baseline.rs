//! The baseline: staff in post in the base year by role, region, band and age, with the
//! rates (leaving, retirement, promotion) and vacancies the model starts from.
//!
//! The default baseline is the synthetic data in the repository's `data/` folder, compiled
//! into the library so a run works from any directory; `Baseline::from_dir` reads the same
//! files from a folder of the user's own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::places::{COLUMNS as PLACE_COLUMNS, read_places};
use super::readers::{
    ROLE_COLUMNS, first_time, for_each_row, kept, read_ages, read_bands, read_cost_of_living,
    read_pay, read_roles, read_skill_levels, row_region,
};
use super::table::Table;

pub use super::readers::Role;
use crate::error::{Error, Location, Result};
use crate::geography::Geography;
use crate::taxonomy::{AGE_BANDS, BANDS, N_AGES, N_BANDS, RoleRegion, age_index, band_index};

/// One data file of the baseline: its name and text (kept to hash it into `run.json`).
#[derive(Debug, Clone)]
pub struct DataFile {
    /// File name, e.g. `roles.csv`.
    pub name: &'static str,
    /// Where it came from: `embedded:data/roles.csv` or a path on disk.
    pub origin: PathBuf,
    /// The file's text.
    pub text: String,
}

/// The data files a baseline is read from, in the order they are read. A data folder
/// without `places.csv` plans for the seven NHS England regions (the shipped file), and one
/// without `skill_levels.csv` takes the shipped skill levels.
pub const DATA_FILES: [&str; 11] = [
    "places.csv",
    "roles.csv",
    "bands.csv",
    "ages.csv",
    "staff_in_post_2024.csv",
    "vacancies_2024.csv",
    "afc_pay_2024_25.csv",
    "market_salaries.csv",
    "cost_of_living.csv",
    "labour_pool_2024.csv",
    "skill_levels.csv",
];

/// Data files a data folder may leave out, taking the shipped one.
const OPTIONAL: [&str; 2] = ["places.csv", "skill_levels.csv"];

/// The files a data folder holds, in words: the required ones, then the optional ones.
fn holds() -> String {
    let required: Vec<&str> = DATA_FILES
        .iter()
        .copied()
        .filter(|f| !OPTIONAL.contains(f))
        .collect();
    format!(
        "{}, and optionally {} (each the shipped one when absent)",
        required.join(", "),
        OPTIONAL.join(" and ")
    )
}

const EMBEDDED: [&str; 11] = [
    include_str!("../../../../data/places.csv"),
    include_str!("../../../../data/roles.csv"),
    include_str!("../../../../data/bands.csv"),
    include_str!("../../../../data/ages.csv"),
    include_str!("../../../../data/staff_in_post_2024.csv"),
    include_str!("../../../../data/vacancies_2024.csv"),
    include_str!("../../../../data/afc_pay_2024_25.csv"),
    include_str!("../../../../data/market_salaries.csv"),
    include_str!("../../../../data/cost_of_living.csv"),
    include_str!("../../../../data/labour_pool_2024.csv"),
    include_str!("../../../../data/skill_levels.csv"),
];

/// The starting point of every projection: who is in post, and the rates they move at.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The year the staff-in-post counts describe.
    pub base_year: i32,
    /// Roles in reporting order.
    pub roles: Vec<Role>,
    /// The places planned for (the finest level of the geography) and the places they roll
    /// up into.
    pub geography: Arc<Geography>,
    /// Per band: multiplier on the role leaver rate.
    pub band_leaver_multiplier: [f64; N_BANDS],
    /// Per band: annual probability of promotion to the next band.
    pub band_promotion_rate: [f64; N_BANDS],
    /// Per age band: multiplier on the role leaver rate.
    pub age_leaver_multiplier: [f64; N_AGES],
    /// Per age band: annual probability of retiring.
    pub retirement_rate: [f64; N_AGES],
    /// Age distribution of external hires (sums to 1).
    pub hire_age_share: [f64; N_AGES],
    /// Headcount per cell, indexed by [`Baseline::cell`].
    pub headcount: Vec<u32>,
    /// WTE per head per cell (the baseline's own ratio, or the role's where the cell is empty).
    pub fte: Vec<f64>,
    /// Vacant funded posts (WTE) per role x region, indexed by [`Baseline::role_region`].
    pub vacancies_wte: Vec<f64>,
    /// Agenda for Change 2024/25 basic pay per band: the band's pay points in order (GBP a
    /// year).
    pub pay_points: [Vec<f64>; N_BANDS],
    /// Per age band: where its staff stand, on average, between their band's first pay
    /// point (0) and its top point (1): how far they have progressed through the band.
    pub pay_position: [f64; N_AGES],
    /// Market median salary for the same job outside the NHS, per role x region (GBP a year).
    pub market_salary: Vec<f64>,
    /// Candidates a year per role x region: people doing the job in the region's wider
    /// labour market who change jobs in a year (`market_size x mobility`), the pool the
    /// NHS recruits from.
    pub labour_pool: Vec<f64>,
    /// Cost-of-living index per place (national average 1.00).
    pub cost_of_living: Vec<f64>,
    /// Per role and band: the DDaT skill level (index into [`crate::taxonomy::SKILL_LEVELS`]).
    pub skill_level: Vec<[usize; N_BANDS]>,
    /// The files read, for provenance.
    pub files: Vec<DataFile>,
}

impl Baseline {
    /// The synthetic default baseline shipped with wfcast (see `data/README.md`).
    pub fn embedded() -> Result<Self> {
        let files = DATA_FILES
            .iter()
            .zip(EMBEDDED)
            .map(|(name, text)| DataFile {
                name,
                origin: PathBuf::from(format!("embedded:data/{name}")),
                text: text.to_owned(),
            })
            .collect();
        Self::from_files(files)
    }

    /// Reads the baseline from the CSV files in `dir` (same names and columns as `data/`).
    pub fn from_dir(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            let what = if dir.exists() {
                "this is a file, not a data folder"
            } else {
                "the data folder does not exist"
            };
            return Err(Error::input(Location::file(dir), what)
                .with_help(format!("--data names a folder holding {}", holds())));
        }
        let mut files = Vec::new();
        for (name, embedded) in DATA_FILES.into_iter().zip(EMBEDDED) {
            let path = dir.join(name);
            if OPTIONAL.contains(&name) && !path.exists() {
                files.push(DataFile {
                    name,
                    origin: PathBuf::from(format!("embedded:data/{name}")),
                    text: embedded.to_owned(),
                });
                continue;
            }
            let bytes = super::read_bounded(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    Error::input(Location::file(&path), "data file not found")
                        .with_help(format!("a data folder must hold {}", holds()))
                }
                _ => Error::input(
                    Location::file(&path),
                    format!("cannot read the data file: {e}"),
                )
                .with_help("a data file must be a readable CSV file"),
            })?;
            let text = Error::utf8(&path, bytes, "save it as UTF-8 (in Excel: CSV UTF-8)")?;

            files.push(DataFile {
                name,
                origin: path,
                text,
            });
        }
        Self::from_files(files)
    }

    /// Reads every file, reporting the problems of all of them together (the files that
    /// name roles are checked only once `roles.csv` reads cleanly).
    pub(crate) fn from_files(files: Vec<DataFile>) -> Result<Self> {
        let table = |i: usize, cols: &[&str]| Table::parse(&files[i].origin, &files[i].text, cols);
        let mut errors = Vec::new();
        // every file that names places needs them: nothing more can be checked without
        let geography = table(0, &PLACE_COLUMNS).and_then(|t| read_places(&t))?;
        let roles = kept(
            table(1, &ROLE_COLUMNS).and_then(|t| read_roles(&t)),
            &mut errors,
        );
        let bands = kept(
            table(2, &["band", "leaver_multiplier", "promotion_rate"]).and_then(|t| read_bands(&t)),
            &mut errors,
        );
        let ages = kept(
            table(
                3,
                &[
                    "age_band",
                    "leaver_multiplier",
                    "retirement_rate",
                    "hire_share",
                    "pay_position",
                ],
            )
            .and_then(|t| read_ages(&t)),
            &mut errors,
        );
        let staff = kept(
            table(
                4,
                &["role", "region", "band", "age_band", "headcount", "wte"],
            ),
            &mut errors,
        );
        let vacancies = kept(table(5, &["role", "region", "vacancies_wte"]), &mut errors);
        let pay = kept(
            table(6, &["band", "point", "salary"]).and_then(|t| read_pay(&t)),
            &mut errors,
        );
        let market = kept(table(7, &["role", "region", "median_salary"]), &mut errors);
        let cost_of_living = kept(
            table(8, &["region", "index"]).and_then(|t| read_cost_of_living(&t, &geography)),
            &mut errors,
        );
        let pool = kept(
            table(9, &["role", "region", "market_size", "mobility"]),
            &mut errors,
        );
        let skill_level = match &roles {
            Some(roles) => kept(
                table(10, &["role", "band", "level"]).and_then(|t| read_skill_levels(&t, roles)),
                &mut errors,
            ),
            None => None,
        };
        let (
            Some(roles),
            Some((band_leaver_multiplier, band_promotion_rate)),
            Some(ages),
            Some(staff),
            Some(vacancies),
            Some(pay_points),
            Some(market),
            Some(cost_of_living),
            Some(pool),
            Some(skill_level),
        ) = (
            roles,
            bands,
            ages,
            staff,
            vacancies,
            pay,
            market,
            cost_of_living,
            pool,
            skill_level,
        )
        else {
            return Err(Error::collect(errors)
                .err()
                .unwrap_or_else(|| Error::Model("a data file was not read".into())));
        };
        let n_places = geography.n_places();
        let mut baseline = Self {
            base_year: 2024,
            band_leaver_multiplier,
            band_promotion_rate,
            age_leaver_multiplier: ages.leave,
            retirement_rate: ages.retire,
            hire_age_share: ages.hire,
            pay_position: ages.pay_position,
            headcount: vec![0; roles.len() * n_places * N_BANDS * N_AGES],
            fte: Vec::new(),
            vacancies_wte: vec![0.0; roles.len() * n_places],
            pay_points,
            market_salary: vec![0.0; roles.len() * n_places],
            labour_pool: vec![0.0; roles.len() * n_places],
            cost_of_living,
            skill_level,
            roles,
            geography: Arc::new(geography),
            files: Vec::new(),
        };
        kept(baseline.read_staff(&staff), &mut errors);
        kept(baseline.read_vacancies(&vacancies), &mut errors);
        kept(baseline.read_market(&market), &mut errors);
        kept(baseline.read_pool(&pool), &mut errors);
        Error::collect(errors)?;
        baseline.files = files;
        Ok(baseline)
    }

    /// Number of cells (role x region x band x age).
    pub fn n_cells(&self) -> usize {
        self.headcount.len()
    }

    /// Index of the cell for (role, region, band, age).
    pub fn cell(&self, role: usize, region: usize, band: usize, age: usize) -> usize {
        (self.role_region(role, region) * N_BANDS + band) * N_AGES + age
    }

    /// Number of places the model projects (the geography's finest level).
    pub fn n_places(&self) -> usize {
        self.geography.n_places()
    }

    /// Number of role x place pairs.
    pub fn n_role_regions(&self) -> usize {
        self.roles.len() * self.n_places()
    }

    /// Index of (role, region) in role x region arrays such as vacancies and demand.
    pub fn role_region(&self, role: usize, region: usize) -> usize {
        role * self.n_places() + region
    }

    /// Index of a role id, if the baseline has it.
    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    /// Total headcount in the base year.
    pub fn total_headcount(&self) -> u64 {
        self.headcount.iter().map(|&n| u64::from(n)).sum()
    }

    /// Staff WTE per role x region in the base year.
    pub fn wte_by_role_region(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_role_regions()];
        for (cell, &n) in self.headcount.iter().enumerate() {
            out[cell / (N_BANDS * N_AGES)] += f64::from(n) * self.fte[cell];
        }
        out
    }

    /// A band's mean pay point (GBP a year): the pay the labour market compares with.
    pub fn pay_mean(&self, band: usize) -> f64 {
        let points = &self.pay_points[band];
        points.iter().sum::<f64>() / points.len() as f64
    }

    /// Basic pay a year per WTE of staff in `band` aged `age`: the band's pay points
    /// interpolated at the age band's position, `pay_position[age] x (points - 1)` steps
    /// above the first point.
    ///
    /// ```
    /// use wfcast_core::input::Baseline;
    /// use wfcast_core::taxonomy::{age_index, band_index};
    /// let b = Baseline::embedded().unwrap();
    /// let band7 = band_index("7").unwrap();
    /// // band 7's points are £46,148, £48,526 and £52,809; staff aged 30-34 stand at
    /// // 0.55 of the way, 1.1 steps up: a tenth of the way from the second point to the top
    /// let pay = b.basic_pay(band7, age_index("30-34").unwrap());
    /// assert!((pay - (48_526.0 + 0.1 * (52_809.0 - 48_526.0))).abs() < 1e-9);
    /// ```
    pub fn basic_pay(&self, band: usize, age: usize) -> f64 {
        let points = &self.pay_points[band];
        let at = self.pay_position[age] * (points.len() - 1) as f64;
        let below = (at.floor() as usize).min(points.len() - 1);
        let above = (below + 1).min(points.len() - 1);
        points[below] + (at - below as f64) * (points[above] - points[below])
    }

    /// Annual probability that a person of `role`, `band` and age band `age` leaves for a
    /// reason other than retirement, at the data's rates: the role's leaver rate times the
    /// band's and the age band's multipliers (`data/README.md`, "The factor model").
    pub fn leaver_probability(&self, role: usize, band: usize, age: usize) -> f64 {
        self.roles[role].leaver_rate
            * self.band_leaver_multiplier[band]
            * self.age_leaver_multiplier[age]
    }

    /// Share of each band in the role's national headcount: the band mix new hires join at.
    pub fn band_mix(&self, role: usize) -> [f64; N_BANDS] {
        let mut mix = [0.0; N_BANDS];
        for region in 0..self.n_places() {
            for (band, slot) in mix.iter_mut().enumerate() {
                for age in 0..N_AGES {
                    *slot += f64::from(self.headcount[self.cell(role, region, band, age)]);
                }
            }
        }
        let total: f64 = mix.iter().sum();
        if total > 0.0 {
            mix.iter_mut().for_each(|m| *m /= total);
        } else {
            mix[band_index("5").unwrap_or(0)] = 1.0;
        }
        mix
    }

    /// The role named in column `role` of `row`.
    pub(crate) fn row_role(&self, row: &super::table::Row<'_>) -> Result<usize> {
        row.choice(
            "role",
            "role",
            |s| self.role_index(s),
            self.roles.iter().map(|r| r.id.as_str()),
        )
    }

    fn read_staff(&mut self, table: &Table) -> Result<()> {
        let mut wte = vec![f64::NAN; self.headcount.len()];
        let mut seen = vec![0usize; self.headcount.len()];
        let mut errors = Vec::new();
        for row in table.rows() {
            let parsed = (|| -> Result<()> {
                let role = self.row_role(&row)?;
                let region = row_region(&row, &self.geography)?;
                let band = row.choice("band", "band", band_index, BANDS)?;
                let age = row.choice("age_band", "age band", age_index, AGE_BANDS)?;
                let n = row.count("headcount")?;
                let w = row.number("wte", 0.0, f64::from(n)).map_err(|e| {
                    e.with_help("wte is the whole-time equivalent of the row's headcount: from 0 to headcount")
                })?;
                let cell = self.cell(role, region, band, age);
                first_time(&mut seen, cell, &row, "role, region, band and age_band")?;
                self.headcount[cell] = n;
                if n > 0 {
                    wte[cell] = w / f64::from(n);
                }
                Ok(())
            })();
            if let Err(e) = parsed {
                errors.push(e);
            }
        }
        Error::collect(errors)?;
        if self.total_headcount() == 0 {
            return Err(Error::input(
                Location::file(table.file()),
                "the staff-in-post file has no staff",
            )
            .with_help("add at least one row with a headcount above 0"));
        }
        for (cell, ratio) in wte.iter_mut().enumerate() {
            if ratio.is_nan() {
                *ratio = self.roles[cell / (self.n_places() * N_BANDS * N_AGES)].fte_ratio;
            }
        }
        self.fte = wte;
        Ok(())
    }

    fn read_pool(&mut self, table: &Table) -> Result<()> {
        let mut seen = vec![0; self.labour_pool.len()];
        for_each_row(table, |row| {
            let rr = self.role_region(self.row_role(row)?, row_region(row, &self.geography)?);
            let size = row.number("market_size", 0.0, 1e8)?;
            let mobility = row.number("mobility", 0.0, 1.0)?;
            self.labour_pool[rr] = size * mobility;
            first_time(&mut seen, rr, row, "role and region")
        })?;
        match seen.iter().position(|&s| s == 0) {
            Some(rr) => {
                let rr = RoleRegion::from_index(rr, self.n_places());
                Err(Error::input(
                    Location::file(table.file()),
                    format!(
                        "no labour pool for {} in {}",
                        self.roles[rr.role()].id,
                        self.geography.place(rr.region()).id
                    ),
                )
                .with_help("give one row per role and region"))
            }
            None => Ok(()),
        }
    }

    fn read_market(&mut self, table: &Table) -> Result<()> {
        let mut seen = vec![0; self.market_salary.len()];
        for_each_row(table, |row| {
            let role = self.row_role(row)?;
            let region = row_region(row, &self.geography)?;
            let rr = self.role_region(role, region);
            self.market_salary[rr] = row.number("median_salary", 1.0, 1e7)?;
            first_time(&mut seen, rr, row, "role and region")
        })?;
        self.every_pair_given(&seen, table, "market salary")
    }

    /// Refuses a role x region file that leaves out a pair, naming the first one missing: a
    /// missing row would silently mean zero (no salary to compare, no vacancies at all for a
    /// file with only its header).
    fn every_pair_given(&self, seen: &[usize], table: &Table, what: &str) -> Result<()> {
        if let Some(rr) = seen.iter().position(|&s| s == 0) {
            return Err(Error::input(
                Location::file(table.file()),
                format!(
                    "no {what} for {} in {}",
                    self.roles[rr / self.n_places()].id,
                    self.geography.place(rr % self.n_places()).id
                ),
            )
            .with_help("give one row per role and region"));
        }
        Ok(())
    }

    fn read_vacancies(&mut self, table: &Table) -> Result<()> {
        let mut seen = vec![0; self.vacancies_wte.len()];
        for_each_row(table, |row| {
            let role = self.row_role(row)?;
            let region = row_region(row, &self.geography)?;
            let v = row.number("vacancies_wte", 0.0, 1e7)?;
            let rr = self.role_region(role, region);
            self.vacancies_wte[rr] = v;
            first_time(&mut seen, rr, row, "role and region")
        })?;
        // a role and region with no vacancies has a row with 0
        self.every_pair_given(&seen, table, "vacancies row")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_baseline_is_about_fifty_thousand_staff() {
        let b = Baseline::embedded().unwrap();
        assert!(b.roles.len() >= 15);
        let n = b.total_headcount();
        assert!((45_000..=55_000).contains(&n), "headcount {n}");
        let wte: f64 = b.wte_by_role_region().iter().sum();
        assert!(wte < n as f64 && wte > 0.8 * n as f64, "wte {wte}");
    }

    #[test]
    fn a_bad_number_names_row_and_column() {
        let text =
            "role,name,family,fte_ratio,leaver_rate,promotion_multiplier\nx,X,data,0.9,1.7,1\n";
        let table = Table::parse(Path::new("roles.csv"), text, &["role", "leaver_rate"]).unwrap();
        let err = read_roles(&table).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("roles.csv:2:5"), "{msg}");
        assert!(msg.contains("out of range"), "{msg}");
    }
}
