//! The fixed national classifications: Agenda for Change bands and five-year age bands.
//! Roles and places are not fixed here: they come from the baseline data (see
//! [`crate::geography`]).

/// Agenda for Change pay bands, lowest first. Promotion moves a person one step along this list.
pub const BANDS: [&str; 11] = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"];

/// Five-year age bands, youngest first.
pub const AGE_BANDS: [&str; 11] = [
    "<20", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+",
];

/// Share of an age band that moves up to the next band each year: one year in the width of
/// the band. `<20` holds ages 16-19 (four years); `65+` is open-ended, so nobody ages out.
pub const AGEING_RATE: [f64; 11] = [0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.0];

/// The skill levels of the UK government DDaT capability framework, which the NHS adopted
/// for its digital, data and technology profession, lowest first. Each role's bands map to
/// one of them in the data (`skill_levels.csv`).
pub const SKILL_LEVELS: [&str; 4] = ["awareness", "working", "practitioner", "expert"];

/// Number of skill levels.
pub const N_SKILL_LEVELS: usize = SKILL_LEVELS.len();

/// Index of a skill level such as `"practitioner"`.
pub fn skill_level_index(id: &str) -> Option<usize> {
    SKILL_LEVELS.iter().position(|l| *l == id)
}

/// Number of pay bands.
pub const N_BANDS: usize = BANDS.len();
/// Number of age bands.
pub const N_AGES: usize = AGE_BANDS.len();

/// Index of a pay band such as `"8a"`.
pub fn band_index(id: &str) -> Option<usize> {
    BANDS.iter().position(|b| *b == id)
}

/// Index of an age band such as `"35-39"`.
pub fn age_index(id: &str) -> Option<usize> {
    AGE_BANDS.iter().position(|a| *a == id)
}

/// The label used in outputs for a roll-up over every role or every region.
pub const ALL: &str = "ALL";

/// Band x age cells per role x region.
pub const CELLS: usize = N_BANDS * N_AGES;

/// A role x place pair: the unit demand, recruitment and most parameters are set at.
/// Arrays over pairs are laid out role-major (`role * n_places + place`); this type is the
/// one place that says so. It carries the number of places, so it moves between roles and
/// places on its own.
///
/// ```
/// use wfcast_core::taxonomy::RoleRegion;
/// let rr = RoleRegion::new(2, 5, 7);
/// assert_eq!((rr.role(), rr.region(), rr.index()), (2, 5, 2 * 7 + 5));
/// assert_eq!(RoleRegion::from_index(19, 7), rr);
/// assert_eq!(rr.in_region(1).index(), 2 * 7 + 1);
/// assert_eq!(rr.in_role(0).index(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleRegion {
    role: u32,
    region: u32,
    n_places: u32,
}

impl RoleRegion {
    /// The pair of role index `role` and place index `region`, of `n_places` places.
    pub const fn new(role: usize, region: usize, n_places: usize) -> Self {
        Self {
            role: role as u32,
            region: region as u32,
            n_places: n_places as u32,
        }
    }

    /// The pair at position `index` of a role x place array over `n_places` places.
    pub const fn from_index(index: usize, n_places: usize) -> Self {
        Self::new(index / n_places, index % n_places, n_places)
    }

    /// Its position in a role x place array.
    pub const fn index(self) -> usize {
        (self.role * self.n_places + self.region) as usize
    }

    /// The role index.
    pub const fn role(self) -> usize {
        self.role as usize
    }

    /// The place index.
    pub const fn region(self) -> usize {
        self.region as usize
    }

    /// The same role in place `region`.
    pub const fn in_region(self, region: usize) -> Self {
        Self::new(self.role(), region, self.n_places as usize)
    }

    /// Role `role` in the same place.
    pub const fn in_role(self, role: usize) -> Self {
        Self::new(role, self.region(), self.n_places as usize)
    }

    /// Every pair of `n_roles` roles and `n_places` places, in array order.
    pub fn all(n_roles: usize, n_places: usize) -> impl Iterator<Item = Self> + Clone {
        (0..n_roles * n_places).map(move |i| Self::from_index(i, n_places))
    }

    /// The positions of this pair's band x age cells in a staff array (pairs x cells).
    pub const fn cells(self) -> std::ops::Range<usize> {
        self.index() * CELLS..(self.index() + 1) * CELLS
    }

    /// The position of `cell` of this pair in a staff array (pairs x cells).
    pub const fn cell(self, cell: Cell) -> usize {
        self.index() * CELLS + cell.index()
    }
}

/// A band x age cell inside one role x region, laid out band-major (`band * N_AGES + age`).
///
/// ```
/// use wfcast_core::taxonomy::{Cell, N_AGES};
/// let c = Cell::new(3, 4);
/// assert_eq!((c.band(), c.age(), c.index()), (3, 4, 3 * N_AGES + 4));
/// assert_eq!(c.older().age(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell(usize);

impl Cell {
    /// The cell of band index `band` and age band index `age`.
    pub const fn new(band: usize, age: usize) -> Self {
        Self(band * N_AGES + age)
    }

    /// The cell at position `index` of a band x age array.
    pub const fn from_index(index: usize) -> Self {
        Self(index)
    }

    /// Its position in a band x age array.
    pub const fn index(self) -> usize {
        self.0
    }

    /// The pay band index.
    pub const fn band(self) -> usize {
        self.0 / N_AGES
    }

    /// The age band index.
    pub const fn age(self) -> usize {
        self.0 % N_AGES
    }

    /// The same age in band `band`.
    pub const fn in_band(self, band: usize) -> Self {
        Self::new(band, self.age())
    }

    /// The next age band up (the oldest band stays where it is).
    pub const fn older(self) -> Self {
        let age = self.age();
        Self::new(self.band(), if age + 1 < N_AGES { age + 1 } else { age })
    }

    /// Every cell, in array order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..CELLS).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_every_label_and_reject_others() {
        assert_eq!(band_index("8d"), Some(9));
        assert_eq!(age_index("65+"), Some(10));
        assert_eq!(band_index("10"), None);
    }
}
