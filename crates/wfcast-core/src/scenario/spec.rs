//! The scenario as the model reads it: plain, validated values, with names already
//! resolved to the baseline's role, region, band and age indices. The tables as written
//! (with their source positions, for error messages and `resolved.toml`) stay in this
//! module; [`Spec::new`] turns them into these types once they have been checked.

use std::collections::BTreeMap;

use toml::Spanned;

use super::band_matrix::{BandMatrix, BandRow};
use super::levers::{self, Pipeline, Policy, Programme};
use super::uncertain::Uncertain;
use super::upskilling::Upskilling;
use crate::input::Baseline;
use crate::taxonomy::{Cell, N_BANDS, age_index, band_index};

/// Which roles and regions a lever covers (`None`: every one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope {
    /// Role indices covered, or every role.
    pub roles: Option<Vec<usize>>,
    /// Region indices covered, or every region.
    pub regions: Option<Vec<usize>>,
}

impl Scope {
    /// Whether it covers role `role` in region `region`.
    pub fn covers(&self, role: usize, region: usize) -> bool {
        self.roles.as_ref().is_none_or(|r| r.contains(&role))
            && self.regions.as_ref().is_none_or(|g| g.contains(&region))
    }
}

/// A policy lever with one number, in force from a calendar year in its scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Lever {
    /// Its number: a share of pay, a multiplier on leaving, an extra fill share.
    pub value: f64,
    /// First calendar year in force.
    pub from: i32,
    /// Roles and regions covered.
    pub scope: Scope,
}

/// A change to a route's intake (or an upskilling route's places) from a calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeChange {
    /// The route's name.
    pub route: String,
    /// Multiplier on its intake.
    pub multiplier: f64,
    /// First calendar year of the changed intake.
    pub from: i32,
}

/// The policy levers, each list in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Levers {
    /// Recruitment and retention premiums (value: share of basic pay, 0.1 = 10%).
    pub premium: Vec<Lever>,
    /// Retention initiatives (value: multiplier on leaving).
    pub retention: Vec<Lever>,
    /// International recruitment drives (value: extra share of remaining vacancies filled).
    pub international: Vec<Lever>,
    /// Intake changes of supply and upskilling routes.
    pub intake: Vec<IntakeChange>,
}

/// A supply route into the workforce.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Its name, e.g. `graduate_scheme`.
    pub name: String,
    /// Trainees starting each year, nationally.
    pub intake: Uncertain,
    /// Share of trainees who complete.
    pub completion: Uncertain,
    /// Share of completers who take a post.
    pub retention: Uncertain,
    /// Years in training.
    pub course_years: usize,
    /// Weight of each role in the completers' role mix, by role index (not normalised).
    pub roles: Vec<(usize, f64)>,
    /// The band and age band completers join at.
    pub entry: Cell,
    /// Weight of each region in the intake, by region index; `None`: the workforce's share.
    pub regions: Option<Vec<(usize, f64)>>,
}

/// An upskilling route for staff in post.
#[derive(Debug, Clone, PartialEq)]
pub struct Upskill {
    /// Its name, e.g. `data_academy`.
    pub name: String,
    /// Course places started each year, nationally.
    pub places: Uncertain,
    /// Share of starters who complete and are still in post.
    pub completion: Uncertain,
    /// Years on the course.
    pub course_years: usize,
    /// Role indices it recruits from (every role unless the file names some).
    pub from_roles: Vec<usize>,
    /// Band indices it recruits from (unless the file names some, every band at least
    /// `band_step` below the top).
    pub from_bands: Vec<usize>,
    /// Bands a completer moves up.
    pub band_step: usize,
    /// Weight of each role completers move into, by role index; `None`: they keep their role.
    pub to_roles: Option<Vec<(usize, f64)>>,
    /// Weight of each region in the places; `None`: the workforce's share.
    pub regions: Option<Vec<(usize, f64)>>,
}

/// A demand programme: WTE added from a year across the roles and regions it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandProgramme {
    /// What it is.
    pub name: String,
    /// WTE added in total.
    pub wte: Uncertain,
    /// First calendar year funded.
    pub from: i32,
    /// Roles and regions covered.
    pub scope: Scope,
}

/// A role-to-role move of staff who stay.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleMove {
    /// Role index moved out of.
    pub from: usize,
    /// Role index moved into.
    pub to: usize,
    /// Annual probability.
    pub rate: Uncertain,
    /// Its name in parameter lists: `mobility.role_move.<from>.<to>`.
    pub name: String,
}

/// Band moves out of one band: destination band index and annual probability, in the
/// order the file lists them (by the destination's name).
pub type BandMoves = Vec<(usize, f64)>;

/// Explicit band transition matrix rows (`[promotion.matrix]`): per band index, the moves
/// out of it, nationally and per role.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BandRows {
    all: BTreeMap<usize, BandMoves>,
    role: BTreeMap<usize, BTreeMap<usize, BandMoves>>,
}

impl BandRows {
    /// The row for `band` of role `role`, and whether it is the role's own row (true) or
    /// the national one (false); `None` where the data's promotion rate applies.
    pub fn row(&self, role: usize, band: usize) -> Option<(&BandMoves, bool)> {
        if let Some(row) = self.role.get(&role).and_then(|rows| rows.get(&band)) {
            return Some((row, true));
        }
        self.all.get(&band).map(|row| (row, false))
    }
}

/// Everything the model reads from a scenario besides its parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spec {
    /// Supply routes, in name order.
    pub routes: Vec<Route>,
    /// Upskilling routes, in name order.
    pub upskilling: Vec<Upskill>,
    /// Demand programmes, in file order.
    pub programmes: Vec<DemandProgramme>,
    /// Policy levers.
    pub levers: Levers,
    /// Role-to-role moves, in file order.
    pub role_moves: Vec<RoleMove>,
    /// Explicit band transition matrix rows.
    pub band_rows: BandRows,
    /// Uncertain entries that move together (`[[correlation]]`), in file order.
    pub correlations: Vec<super::Correlation>,
}

/// The scenario's tables as written, after inheritance: what `resolved.toml` shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Written {
    pub(crate) pipelines: BTreeMap<String, Pipeline>,
    pub(crate) upskilling: BTreeMap<String, Upskilling>,
    pub(crate) programmes: Vec<Programme>,
    pub(crate) policy: Policy,
    pub(crate) role_moves: Vec<levers::RoleMove>,
    pub(crate) band_matrix: BandMatrix,
    pub(crate) correlations: Vec<super::correlation::CorrelationFile>,
}

fn role(baseline: &Baseline, id: &Spanned<String>) -> Option<usize> {
    baseline.role_index(id.get_ref())
}

fn roles(baseline: &Baseline, ids: &[Spanned<String>]) -> Option<Vec<usize>> {
    (!ids.is_empty()).then(|| ids.iter().filter_map(|r| role(baseline, r)).collect())
}

/// The places a list names: a coarser place (e.g. a region above integrated care boards)
/// stands for every place under it.
fn regions(baseline: &Baseline, ids: &[Spanned<String>]) -> Option<Vec<usize>> {
    let geography = &baseline.geography;
    (!ids.is_empty()).then(|| {
        let mut out: Vec<usize> = ids
            .iter()
            .filter_map(|r| geography.find(r.get_ref()))
            .flat_map(|node| geography.members(node).iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    })
}

fn role_weights(
    baseline: &Baseline,
    mix: &BTreeMap<Spanned<String>, Spanned<f64>>,
) -> Vec<(usize, f64)> {
    mix.iter()
        .filter_map(|(r, w)| Some((role(baseline, r)?, *w.get_ref())))
        .collect()
}

/// Weights by place: a coarser place's weight is shared among the places under it by their
/// base-year WTE.
fn region_weights(
    baseline: &Baseline,
    mix: &BTreeMap<Spanned<String>, Spanned<f64>>,
) -> Vec<(usize, f64)> {
    let geography = &baseline.geography;
    let wte = baseline.wte_by_role_region();
    let place_wte = |g: usize| -> f64 {
        (0..baseline.roles.len())
            .map(|r| wte[baseline.role_region(r, g)])
            .sum()
    };
    mix.iter()
        .filter_map(|(g, w)| Some((geography.find(g.get_ref())?, *w.get_ref())))
        .flat_map(|(node, w)| {
            let members = geography.members(node);
            let total: f64 = members.iter().map(|&g| place_wte(g)).sum();
            members.iter().map(move |&g| {
                let share = if total > 0.0 {
                    place_wte(g) / total
                } else {
                    1.0 / members.len() as f64
                };
                (g, w * share)
            })
        })
        .collect()
}

fn band_moves(row: &BandRow) -> BandMoves {
    row.iter()
        .filter_map(|(to, p)| Some((band_index(to.get_ref())?, *p.get_ref())))
        .collect()
}

fn band_rows(rows: &super::band_matrix::BandRows) -> BTreeMap<usize, BandMoves> {
    rows.iter()
        .filter_map(|(from, row)| Some((band_index(from.get_ref())?, band_moves(row))))
        .collect()
}

fn year(v: &Spanned<i64>) -> i32 {
    i32::try_from(*v.get_ref()).unwrap_or(i32::MAX)
}

fn lever(
    value: f64,
    from: &Spanned<i64>,
    r: &[Spanned<String>],
    g: &[Spanned<String>],
    baseline: &Baseline,
) -> Lever {
    Lever {
        value,
        from: year(from),
        scope: Scope {
            roles: roles(baseline, r),
            regions: regions(baseline, g),
        },
    }
}

impl Spec {
    /// The plain form of checked tables: every name is known to `baseline` and every number
    /// inside its limits, so nothing here is clamped or looked up again.
    pub(crate) fn new(w: &Written, baseline: &Baseline) -> Self {
        let routes = w
            .pipelines
            .iter()
            .map(|(name, p)| Route {
                name: name.clone(),
                intake: *p.intake.get_ref(),
                completion: *p.completion.get_ref(),
                retention: *p.retention.get_ref(),
                course_years: *p.course_years.get_ref() as usize,
                roles: role_weights(baseline, &p.roles),
                entry: Cell::new(
                    band_index(p.entry_band.get_ref()).unwrap_or(0),
                    age_index(p.entry_age.get_ref()).unwrap_or(0),
                ),
                regions: p.regions.as_ref().map(|m| region_weights(baseline, m)),
            })
            .collect();
        let upskilling = w
            .upskilling
            .iter()
            .map(|(name, u)| Upskill {
                name: name.clone(),
                places: *u.places.get_ref(),
                completion: *u.completion.get_ref(),
                course_years: *u.course_years.get_ref() as usize,
                from_roles: roles(baseline, &u.from_roles)
                    .unwrap_or_else(|| (0..baseline.roles.len()).collect()),
                from_bands: if u.from_bands.is_empty() {
                    (0..N_BANDS).filter(|b| b + u.step() < N_BANDS).collect()
                } else {
                    u.from_bands
                        .iter()
                        .filter_map(|b| band_index(b.get_ref()))
                        .collect()
                },
                band_step: u.step(),
                to_roles: u.to_roles.as_ref().map(|m| role_weights(baseline, m)),
                regions: u.regions.as_ref().map(|m| region_weights(baseline, m)),
            })
            .collect();
        let programmes = w
            .programmes
            .iter()
            .map(|p| DemandProgramme {
                name: p.name.clone(),
                wte: *p.wte.get_ref(),
                from: year(&p.from),
                scope: Scope {
                    roles: roles(baseline, &p.roles),
                    regions: regions(baseline, &p.regions),
                },
            })
            .collect();
        let policy = &w.policy;
        let levers = Levers {
            premium: policy
                .premium
                .iter()
                .flatten()
                .map(|x| {
                    lever(
                        x.percent.get_ref() / 100.0,
                        &x.from,
                        &x.roles,
                        &x.regions,
                        baseline,
                    )
                })
                .collect(),
            retention: policy
                .retention
                .iter()
                .flatten()
                .map(|x| {
                    lever(
                        *x.multiplier.get_ref(),
                        &x.from,
                        &x.roles,
                        &x.regions,
                        baseline,
                    )
                })
                .collect(),
            international: policy
                .international
                .iter()
                .flatten()
                .map(|x| {
                    lever(
                        *x.extra_fill.get_ref(),
                        &x.from,
                        &x.roles,
                        &x.regions,
                        baseline,
                    )
                })
                .collect(),
            intake: policy
                .intake
                .iter()
                .flatten()
                .map(|c| IntakeChange {
                    route: c.route.get_ref().clone(),
                    multiplier: *c.multiplier.get_ref(),
                    from: year(&c.from),
                })
                .collect(),
        };
        let role_moves = w
            .role_moves
            .iter()
            .filter_map(|m| {
                Some(RoleMove {
                    from: role(baseline, &m.from)?,
                    to: role(baseline, &m.to)?,
                    rate: *m.rate.get_ref(),
                    name: format!("mobility.role_move.{}.{}", m.from.get_ref(), m.to.get_ref()),
                })
            })
            .collect();
        let band_rows = BandRows {
            all: w
                .band_matrix
                .all
                .as_ref()
                .map(band_rows)
                .unwrap_or_default(),
            role: w
                .band_matrix
                .role
                .iter()
                .filter_map(|(r, rows)| Some((role(baseline, r)?, band_rows(rows))))
                .collect(),
        };
        let correlations = w
            .correlations
            .iter()
            .map(|c| super::Correlation {
                between: [0, 1].map(|i| c.between.get_ref().get(i).cloned().unwrap_or_default()),
                rank: *c.rank.get_ref(),
            })
            .collect();
        Self {
            routes,
            upskilling,
            programmes,
            levers,
            role_moves,
            band_rows,
            correlations,
        }
    }
}
