//! Supply routes (pipelines into the workforce) and upskilling routes (courses for staff in
//! post) laid out for stepping, and [`Courses`], the shift register of people on a course.
//! See docs/model.md, "Pipelines" and "Upskilling".

use super::count::Count;
use crate::scenario::limits::{INTAKE, PLACES};
use crate::scenario::{IntakeChange, Route as RouteSpec, Upskill as UpskillSpec};
use crate::taxonomy::{Cell, N_BANDS};

/// Cumulative probabilities as u64 thresholds, so one `next_u64` picks a category.
pub(crate) fn thresholds(probs: &[f64]) -> Vec<u64> {
    let mut acc = 0.0;
    let mut out: Vec<u64> = probs
        .iter()
        .map(|p| {
            acc += p;
            if acc >= 1.0 {
                u64::MAX
            } else {
                (acc * 18_446_744_073_709_551_616.0) as u64
            }
        })
        .collect();
    if let Some(last) = out.last_mut() {
        *last = u64::MAX;
    }
    out
}

/// The category a uniform `u` falls in, given [`thresholds`].
pub(crate) fn pick(thresholds: &[u64], u: u64) -> usize {
    thresholds
        .iter()
        .position(|&t| u < t)
        .unwrap_or(thresholds.len() - 1)
}

/// Weights by index over `n` slots, normalised to shares.
fn shares(weights: &[(usize, f64)], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for &(i, w) in weights {
        out[i] += w;
    }
    let total: f64 = out.iter().sum();
    out.iter_mut()
        .for_each(|w| *w /= total.max(f64::MIN_POSITIVE));
    out
}

/// A route's share of its national intake in each region: the file's weights, or the
/// workforce's own regional share.
fn region_share(weights: Option<&[(usize, f64)]>, workforce: &[f64]) -> Vec<f64> {
    match weights {
        Some(w) => shares(w, workforce.len()),
        None => workforce.to_vec(),
    }
}

/// The multiplier on route `name`'s intake in each year index: the product of the intake
/// changes in force.
fn intake_multiplier(
    name: &str,
    changes: &[IntakeChange],
    base_year: i32,
    years: usize,
) -> Vec<f64> {
    (0..=years)
        .map(|t| {
            changes
                .iter()
                .filter(|c| c.route == name && base_year + t as i32 >= c.from)
                .map(|c| c.multiplier)
                .product()
        })
        .collect()
}

/// A supply route laid out for stepping.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// Route name, e.g. `graduate_scheme`.
    pub(crate) name: String,
    /// Years in training.
    pub(crate) course_years: usize,
    /// Share of completers joining each role.
    pub(crate) role_mix: Vec<f64>,
    pub(crate) role_thresholds: Vec<u64>,
    /// Share of the intake in each region.
    pub(crate) region_share: Vec<f64>,
    /// The cell completers join.
    pub(crate) entry: Cell,
    /// Intake multiplier per year index (policy intake changes).
    pub(crate) intake_multiplier: Vec<f64>,
    /// The central intake: the base year's courses are full at it in every draw, since the
    /// base year is the data, not a draw.
    pub(crate) base_intake: f64,
}

impl Route {
    /// Lays out `spec` for `n_roles` roles.
    pub(crate) fn new(
        spec: &RouteSpec,
        n_roles: usize,
        workforce: &[f64],
        changes: &[IntakeChange],
        base_year: i32,
        years: usize,
    ) -> Self {
        let role_mix = shares(&spec.roles, n_roles);
        Self {
            name: spec.name.clone(),
            course_years: spec.course_years,
            role_thresholds: thresholds(&role_mix),
            role_mix,
            region_share: region_share(spec.regions.as_deref(), workforce),
            entry: spec.entry,
            intake_multiplier: intake_multiplier(&spec.name, changes, base_year, years),
            base_intake: spec.intake.central().clamp(INTAKE.lo, INTAKE.hi),
        }
    }
}

/// An upskilling route laid out for stepping.
#[derive(Debug, Clone)]
pub(crate) struct Upskill {
    /// Route name, e.g. `data_academy`.
    pub(crate) name: String,
    /// Years on the course.
    pub(crate) course_years: usize,
    /// Share of the places in each region.
    pub(crate) region_share: Vec<f64>,
    /// The (role, band) pairs the course recruits from, role-major.
    pub(crate) rows: Vec<(usize, usize)>,
    /// Bands a completer moves up.
    pub(crate) band_step: usize,
    /// Share of completers going into each role; `None`: they keep their role.
    pub(crate) to_roles: Option<Vec<f64>>,
    pub(crate) to_thresholds: Vec<u64>,
    /// Places multiplier per year index (policy intake changes).
    pub(crate) intake_multiplier: Vec<f64>,
    /// The central number of places: the base year's courses, the same in every draw.
    pub(crate) base_places: f64,
}

impl Upskill {
    /// Lays out `spec` for `n_roles` roles.
    pub(crate) fn new(
        spec: &UpskillSpec,
        n_roles: usize,
        workforce: &[f64],
        changes: &[IntakeChange],
        base_year: i32,
        years: usize,
    ) -> Self {
        let to_roles = spec.to_roles.as_deref().map(|w| shares(w, n_roles));
        Self {
            name: spec.name.clone(),
            course_years: spec.course_years,
            region_share: region_share(spec.regions.as_deref(), workforce),
            rows: spec
                .from_roles
                .iter()
                .flat_map(|&r| spec.from_bands.iter().map(move |&b| (r, b)))
                .collect(),
            band_step: spec.band_step,
            to_thresholds: to_roles.as_deref().map(thresholds).unwrap_or_default(),
            to_roles,
            intake_multiplier: intake_multiplier(&spec.name, changes, base_year, years),
            base_places: spec.places.central().clamp(PLACES.lo, PLACES.hi),
        }
    }

    /// The band a completer from `band` moves to.
    pub(crate) fn destination_band(&self, band: usize) -> usize {
        (band + self.band_step).min(N_BANDS - 1)
    }
}

/// People on the courses of several routes, per route, region and course year: each year
/// every cohort moves one year on, the last year's finish, and the new intake starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Courses<C> {
    /// Per route: its course length and the start of its block (route-major, then region,
    /// then course year).
    routes: Vec<(usize, usize)>,
    on_course: Vec<C>,
}

impl<C: Count> Courses<C> {
    /// Fills the courses of routes of `lengths` years in `n_places` places with `start(k, g)`
    /// people in every course year of route `k` in place `g` (the base year's steady
    /// state). Reuses the buffers.
    pub(crate) fn reset(
        &mut self,
        lengths: impl IntoIterator<Item = usize>,
        n_places: usize,
        start: impl Fn(usize, usize) -> C,
    ) {
        self.routes.clear();
        self.on_course.clear();
        for (k, years) in lengths.into_iter().enumerate() {
            self.routes.push((years, self.on_course.len()));
            for g in 0..n_places {
                self.on_course
                    .extend(std::iter::repeat_n(start(k, g), years));
            }
        }
    }

    fn course(&mut self, k: usize, g: usize) -> &mut [C] {
        let (years, start) = self.routes[k];
        &mut self.on_course[start + g * years..start + (g + 1) * years]
    }

    /// Moves route `k`'s cohorts in region `g` one year on, starts `new` people, and
    /// returns how many finished the course.
    pub(crate) fn shift(&mut self, k: usize, g: usize, new: C) -> C {
        let course = self.course(k, g);
        let last = course.len() - 1;
        let finishing = course[last];
        course.copy_within(..last, 1);
        course[0] = new;
        finishing
    }

    /// People on route `k`'s course in region `g`, every course year together.
    pub(crate) fn total(&self, k: usize, g: usize) -> f64 {
        let (years, start) = self.routes[k];
        self.on_course[start + g * years..start + (g + 1) * years]
            .iter()
            .map(|x| x.to_f64())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_pick_every_category_in_proportion() {
        let t = thresholds(&[0.25, 0.0, 0.75]);
        assert_eq!(pick(&t, 0), 0);
        assert_eq!(pick(&t, u64::MAX / 4 + 10), 2);
        assert_eq!(pick(&t, u64::MAX), 2);
    }

    #[test]
    fn a_course_moves_every_cohort_on_and_returns_the_finishers() {
        let mut c: Courses<u64> = Courses::default();
        c.reset([3, 1], 7, |k, g| (10 * k + g) as u64);
        assert_eq!(c.total(0, 2), 6.0);
        assert_eq!(c.shift(0, 2, 7), 2);
        assert_eq!(c.shift(0, 2, 8), 2);
        assert_eq!(c.shift(0, 2, 9), 2);
        assert_eq!(c.total(0, 2), 24.0);
        assert_eq!(
            c.shift(0, 2, 1),
            7,
            "the first new cohort finishes three years on"
        );
        assert_eq!(
            c.shift(1, 0, 5),
            10,
            "a one-year course finishes its whole intake"
        );
        assert_eq!(c.total(1, 0), 5.0);
    }
}
