//! The fixed national classifications: NHS England regions, Agenda for Change bands and
//! five-year age bands. Roles are not fixed here: they come from the baseline data.

/// The seven NHS England regions, as `(id, name)`, in reporting order.
pub const REGIONS: [(&str, &str); 7] = [
    ("london", "London"),
    ("south_east", "South East"),
    ("south_west", "South West"),
    ("east_of_england", "East of England"),
    ("midlands", "Midlands"),
    ("north_east_yorkshire", "North East and Yorkshire"),
    ("north_west", "North West"),
];

/// The ONS code of each region, in [`REGIONS`] order: the NHS England region codes
/// (NHSER22CD, the ONS Open Geography Portal, as reissued in July 2022), so that outputs
/// join onto ONS and NHS geography files.
pub const REGION_CODES: [&str; 7] = [
    "E40000003",
    "E40000005",
    "E40000006",
    "E40000007",
    "E40000011",
    "E40000012",
    "E40000010",
];

/// The ONS code of England, for the rows of all regions.
pub const ENGLAND_CODE: &str = "E92000001";

/// Agenda for Change pay bands, lowest first. Promotion moves a person one step along this list.
pub const BANDS: [&str; 11] = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"];

/// Five-year age bands, youngest first.
pub const AGE_BANDS: [&str; 11] = [
    "<20", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+",
];

/// Share of an age band that moves up to the next band each year: one year in the width of
/// the band. `<20` holds ages 16-19 (four years); `65+` is open-ended, so nobody ages out.
pub const AGEING_RATE: [f64; 11] = [0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.0];

/// Share of each region's staff working in the Agenda for Change high-cost-area zones, as
/// `[inner London, outer London, fringe]`. London's staff are split evenly between inner
/// and outer London; the fringe covers part of the South East and East of England (about
/// 30% and 40% of their staff). The shares are synthetic.
pub const HCAS_ZONE_SHARE: [[f64; 3]; 7] = [
    [0.5, 0.5, 0.0],
    [0.0, 0.0, 0.3],
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.4],
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0],
];

/// Number of regions.
pub const N_REGIONS: usize = REGIONS.len();
/// Number of pay bands.
pub const N_BANDS: usize = BANDS.len();
/// Number of age bands.
pub const N_AGES: usize = AGE_BANDS.len();

/// Index of a region id such as `"north_west"`.
pub fn region_index(id: &str) -> Option<usize> {
    REGIONS.iter().position(|(r, _)| *r == id)
}

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

/// A role x region pair: the unit demand, recruitment and most parameters are set at.
/// Arrays over pairs are laid out role-major (`role * N_REGIONS + region`); this type is
/// the one place that says so.
///
/// ```
/// use wfcast_core::taxonomy::{N_REGIONS, RoleRegion};
/// let rr = RoleRegion::new(2, 5);
/// assert_eq!((rr.role(), rr.region()), (2, 5));
/// assert_eq!(rr.index(), 2 * N_REGIONS + 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleRegion(usize);

impl RoleRegion {
    /// The pair of role index `role` and region index `region`.
    pub const fn new(role: usize, region: usize) -> Self {
        Self(role * N_REGIONS + region)
    }

    /// The pair at position `index` of a role x region array.
    pub const fn from_index(index: usize) -> Self {
        Self(index)
    }

    /// Its position in a role x region array.
    pub const fn index(self) -> usize {
        self.0
    }

    /// The role index.
    pub const fn role(self) -> usize {
        self.0 / N_REGIONS
    }

    /// The region index.
    pub const fn region(self) -> usize {
        self.0 % N_REGIONS
    }

    /// The same role in region `region`.
    pub const fn in_region(self, region: usize) -> Self {
        Self::new(self.role(), region)
    }

    /// Every pair of `n_roles` roles, in array order.
    pub fn all(n_roles: usize) -> impl Iterator<Item = Self> {
        (0..n_roles * N_REGIONS).map(Self)
    }

    /// The positions of this pair's band x age cells in a staff array (pairs x cells).
    pub const fn cells(self) -> std::ops::Range<usize> {
        self.0 * CELLS..(self.0 + 1) * CELLS
    }

    /// The position of `cell` of this pair in a staff array (pairs x cells).
    pub const fn cell(self, cell: Cell) -> usize {
        self.0 * CELLS + cell.index()
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
        for (i, (id, _)) in REGIONS.iter().enumerate() {
            assert_eq!(region_index(id), Some(i));
        }
        assert_eq!(band_index("8d"), Some(9));
        assert_eq!(age_index("65+"), Some(10));
        assert_eq!(region_index("Londn"), None);
        assert_eq!(band_index("10"), None);
    }
}
