//! Readers of the baseline's small tables (roles, bands, ages, pay, cost of living) and the
//! row helpers the baseline's readers share: every problem of a table is reported together.

use super::table::{Row, Table};
use crate::error::{Error, Location, Result};
use crate::geography::Geography;
use crate::taxonomy::{AGE_BANDS, BANDS, N_AGES, N_BANDS, age_index, band_index};

/// The columns of `roles.csv`.
pub(crate) const ROLE_COLUMNS: [&str; 6] = [
    "role",
    "name",
    "family",
    "fte_ratio",
    "leaver_rate",
    "promotion_multiplier",
];

/// A job in the NHS digital and informatics workforce, e.g. "Data analyst".
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Identifier used in scenario files and outputs, e.g. `data_analyst`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// DDaT role family or NHS informatics specialism.
    pub family: String,
    /// WTE per head for new staff in the role (part-time working).
    pub fte_ratio: f64,
    /// Annual probability that a mid-career person leaves for reasons other than retirement.
    pub leaver_rate: f64,
    /// Scales the band promotion rates for this role.
    pub promotion_multiplier: f64,
}

/// Whether `id` may identify a role or a place: lower-case letters, digits and `_`, and
/// not `all` (which scenario files use for every role or place).
pub(super) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && id != "all"
}

/// The value of `result`, or `None` with its error added to `errors`.
pub(super) fn kept<T>(result: Result<T>, errors: &mut Vec<Error>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// Runs `f` on every row of `table`, reporting the problems of all rows together.
pub(super) fn for_each_row(table: &Table, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
    let errors: Vec<Error> = table.rows().filter_map(|row| f(&row).err()).collect();
    Error::collect(errors)
}

/// Records that `row` gives slot `slot` of `seen` (its line number), or an error naming the
/// line that gave it first. `key` says what identifies a row, e.g. "role and region".
pub(super) fn first_time(seen: &mut [usize], slot: usize, row: &Row<'_>, key: &str) -> Result<()> {
    if seen[slot] != 0 {
        let first_column = key.split([' ', ',']).next().unwrap_or(key);
        return Err(row
            .error(
                first_column,
                format!(
                    "duplicate row: this {key} was already given on line {}",
                    seen[slot]
                ),
            )
            .with_help(format!("give each {key} once")));
    }
    seen[slot] = row.line();
    Ok(())
}

/// The place named in column `region` of `row` (a place of the geography's finest level).
pub(super) fn row_region(row: &super::table::Row<'_>, places: &Geography) -> Result<usize> {
    row.choice(
        "region",
        "place",
        |id| places.place_index(id),
        places.place_ids(),
    )
}

/// Each band's pay points (GBP a year), in point order.
pub(super) fn read_pay(table: &Table) -> Result<[Vec<f64>; N_BANDS]> {
    let mut points: [Vec<(u32, f64)>; N_BANDS] = Default::default();
    let mut seen = vec![0; N_BANDS * 100];
    for_each_row(table, |row| {
        let b = row.choice("band", "band", band_index, BANDS)?;
        let point = row.number("point", 1.0, 100.0)?;
        points[b].push((point as u32, row.number("salary", 1.0, 1e7)?));
        first_time(
            &mut seen,
            b * 100 + point as usize - 1,
            row,
            "band and point",
        )
    })?;
    if let Some(b) = points.iter().position(Vec::is_empty) {
        return Err(Error::input(
            Location::file(table.file()),
            format!("band {} has no pay point", BANDS[b]),
        )
        .with_help("give at least one `band,point,salary` row per band"));
    }
    Ok(points.map(|mut p| {
        p.sort_by_key(|&(point, _)| point);
        p.into_iter().map(|(_, salary)| salary).collect()
    }))
}

pub(super) fn read_cost_of_living(table: &Table, places: &Geography) -> Result<Vec<f64>> {
    let mut out = vec![f64::NAN; places.n_places()];
    let mut seen = vec![0; places.n_places()];
    for_each_row(table, |row| {
        let r = row_region(row, places)?;
        out[r] = row.number("index", 0.1, 10.0)?;
        first_time(&mut seen, r, row, "region")
    })?;
    if let Some(r) = out.iter().position(|v| v.is_nan()) {
        return Err(Error::input(
            Location::file(table.file()),
            format!("place {} has no row", places.place(r).id),
        )
        .with_help("give one row per place of places.csv's finest level"));
    }
    Ok(out)
}

pub(super) fn read_roles(table: &Table) -> Result<Vec<Role>> {
    let mut roles: Vec<Role> = Vec::new();
    let mut errors = Vec::new();
    for row in table.rows() {
        let parsed = (|| -> Result<Role> {
            let id = row.text("role")?.to_owned();
            if !is_id(&id) {
                return Err(row
                    .error(
                        "role",
                        format!("role id `{id}` must be lower-case letters, digits and `_`"),
                    )
                    .with_help(
                        "e.g. `data_analyst`; ids are used as TOML keys and column values",
                    ));
            }
            if roles.iter().any(|r| r.id == id) {
                return Err(row
                    .error("role", format!("duplicate role `{id}`"))
                    .with_help("give each role one row"));
            }
            Ok(Role {
                name: row.text("name")?.to_owned(),
                family: row.text("family")?.to_owned(),
                fte_ratio: row.number("fte_ratio", 0.01, 1.0)?,
                leaver_rate: row.number("leaver_rate", 0.0, 1.0)?,
                promotion_multiplier: row.number("promotion_multiplier", 0.0, 100.0)?,
                id,
            })
        })();
        match parsed {
            Ok(role) => roles.push(role),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    if roles.is_empty() {
        return Err(
            Error::input(Location::file(table.file()), "no roles defined")
                .with_help("add one row per role"),
        );
    }
    Ok(roles)
}

pub(super) type BandRates = ([f64; N_BANDS], [f64; N_BANDS]);

pub(super) fn read_bands(table: &Table) -> Result<BandRates> {
    let mut leave = [f64::NAN; N_BANDS];
    let mut promote = [f64::NAN; N_BANDS];
    let mut seen = [0; N_BANDS];
    for_each_row(table, |row| {
        let b = row.choice("band", "band", band_index, BANDS)?;
        leave[b] = row.number("leaver_multiplier", 0.0, 100.0)?;
        promote[b] = row.number("promotion_rate", 0.0, 1.0)?;
        first_time(&mut seen, b, row, "band")
    })?;
    if let Some(b) = leave.iter().position(|v| v.is_nan()) {
        return Err(Error::input(
            Location::file(table.file()),
            format!("band {} has no row", BANDS[b]),
        )
        .with_help(format!("give one row for each band: {}", BANDS.join(", "))));
    }
    Ok((leave, promote))
}

/// The per-age-band columns of `ages.csv`.
pub(super) struct AgeRates {
    pub(super) leave: [f64; N_AGES],
    pub(super) retire: [f64; N_AGES],
    pub(super) hire: [f64; N_AGES],
    pub(super) pay_position: [f64; N_AGES],
}

pub(super) fn read_ages(table: &Table) -> Result<AgeRates> {
    let mut leave = [f64::NAN; N_AGES];
    let mut retire = [f64::NAN; N_AGES];
    let mut hire = [f64::NAN; N_AGES];
    let mut pay_position = [f64::NAN; N_AGES];
    let mut seen = [0; N_AGES];
    for_each_row(table, |row| {
        let a = row.choice("age_band", "age band", age_index, AGE_BANDS)?;
        leave[a] = row.number("leaver_multiplier", 0.0, 100.0)?;
        retire[a] = row.number("retirement_rate", 0.0, 1.0)?;
        hire[a] = row.number("hire_share", 0.0, 1.0)?;
        pay_position[a] = row.number("pay_position", 0.0, 1.0)?;
        first_time(&mut seen, a, row, "age_band")
    })?;
    if let Some(a) = leave.iter().position(|v| v.is_nan()) {
        return Err(Error::input(
            Location::file(table.file()),
            format!("age band {} has no row", AGE_BANDS[a]),
        )
        .with_help(format!(
            "give one row for each age band: {}",
            AGE_BANDS.join(", ")
        )));
    }
    let total: f64 = hire.iter().sum();
    if (total - 1.0).abs() > 0.01 {
        return Err(Error::input(
            Location::file(table.file()),
            format!("hire_share sums to {total:.4}, expected 1"),
        )
        .with_help("hire_share is the age distribution of new hires: make the column sum to 1"));
    }
    hire.iter_mut().for_each(|h| *h /= total);
    Ok(AgeRates {
        leave,
        retire,
        hire,
        pay_position,
    })
}

/// Reads `skill_levels.csv` (`role`, `band`, `level`): the skill level of each role's
/// bands. Rows for role `all` give every role's default and must cover every band; a role's
/// own rows override them.
pub(super) fn read_skill_levels(table: &Table, roles: &[Role]) -> Result<Vec<[usize; N_BANDS]>> {
    use crate::taxonomy::{SKILL_LEVELS, skill_level_index};
    let n = roles.len();
    // slot n is `all`
    let mut level = vec![[usize::MAX; N_BANDS]; n + 1];
    let mut seen = vec![0; (n + 1) * N_BANDS];
    let ids = || {
        roles
            .iter()
            .map(|r| r.id.as_str())
            .chain(std::iter::once("all"))
    };
    for_each_row(table, |row| {
        let r = row.choice(
            "role",
            "role (or `all`)",
            |s| ids().position(|x| x == s),
            ids(),
        )?;
        let b = row.choice("band", "band", band_index, BANDS)?;
        level[r][b] = row.choice("level", "skill level", skill_level_index, SKILL_LEVELS)?;
        first_time(&mut seen, r * N_BANDS + b, row, "role and band")
    })?;
    let missing: Vec<&str> = (0..N_BANDS)
        .filter(|&b| level[n][b] == usize::MAX)
        .map(|b| BANDS[b])
        .collect();
    if !missing.is_empty() {
        return Err(Error::input(
            Location::file(table.file()),
            format!("no `all` row for band {}", missing.join(", ")),
        )
        .with_help("give each band a row for role `all` (the level of every role without its own row), e.g. all,6,practitioner"));
    }
    let all = level[n];
    Ok(level[..n]
        .iter()
        .map(|own| std::array::from_fn(|b| if own[b] == usize::MAX { all[b] } else { own[b] }))
        .collect())
}
