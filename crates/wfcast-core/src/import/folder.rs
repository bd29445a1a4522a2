//! The data folder an import writes: staff in post and vacancies from the staff list, the
//! places from the mapping, and everything else from the template data (rates, pay), with
//! each place's labour market, pay market and cost of living taken from the template place
//! it is `like`.

use std::path::Path;

use super::mapping::Mapping;
use super::staff::StaffList;
use crate::error::{Error, Location, Result};
use crate::geography::{Geography, Place, PlaceSpec};
use crate::input::{Baseline, Table};
use crate::model::competing;
use crate::taxonomy::{AGE_BANDS, BANDS, CELLS, Cell, RoleRegion};

/// Prior weight of the template's leaving rate, in expected leavers: a role's rate moves
/// half-way to what the staff list shows once the list holds this many expected leavers.
pub const LEAVING_PRIOR: f64 = 10.0;

/// How a role's leaving rate was set from the staff list's leavers.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleLeaving {
    /// Role id.
    pub role: String,
    /// Assignments that ended in the year.
    pub leavers: u32,
    /// Leavers expected at the template's rates for the same people.
    pub expected: f64,
    /// `(leavers + prior) / (expected + prior)`: the factor on the template's rate.
    pub multiplier: f64,
}

/// The imported geography as the data folder's `places.csv` will hold it, checked.
pub(super) fn geography(mapping: &Mapping) -> Result<Geography> {
    let specs = mapping
        .places
        .iter()
        .map(|p| PlaceSpec {
            place: Place {
                id: p.id.clone(),
                name: p.name.clone(),
                code: p.code.clone(),
                level: p.level.clone(),
                hcas: [p.hcas.inner_london, p.hcas.outer_london, p.hcas.fringe],
            },
            parent: p.parent.clone(),
        })
        .collect();
    Geography::new(specs).map_err(|e| {
        let at = e.place.map_or(String::new(), |p| format!(" (place `{}`)", mapping.places[p].id));
        Error::input(Location::file(&mapping.file), format!("[[places]]{at}: {}", e.message))
            .with_help("the places are a tree: one top place, each other place naming its parent, and the places that hold organisations all on one level")
    })
}

/// For each leaf of `geo`, the template place whose markets it shares: its own `like`, or
/// the nearest ancestor's.
pub(super) fn likes(mapping: &Mapping, geo: &Geography, template: &Baseline) -> Result<Vec<usize>> {
    let tg = &template.geography;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for g in 0..geo.n_places() {
        let mut node = Some(geo.node_of(g));
        let mut found = None;
        while let Some(n) = node {
            let id = &geo.nodes()[n].id;
            if let Some(like) = mapping
                .places
                .iter()
                .find(|p| p.id == *id)
                .and_then(|p| p.like.as_ref())
            {
                found = Some(like);
                break;
            }
            node = geo.parent(n);
        }
        let id = &geo.place(g).id;
        match found.map(|like| (like, tg.place_index(like))) {
            Some((_, Some(t))) => out.push(t),
            Some((like, None)) => errors.push(
                Error::input(Location::file(&mapping.file), format!("place `{id}` is like `{like}`, which is not a place of the template data"))
                    .with_help(format!("`like` names one of: {}", tg.place_ids().collect::<Vec<_>>().join(", "))),
            ),
            None => errors.push(
                Error::input(Location::file(&mapping.file), format!("place `{id}` has no `like`, nor has any place above it"))
                    .with_help("give the top place (or each place) `like = \"<template region>\"`: the region whose labour market, pay and cost of living it shares"),
            ),
        }
    }
    Error::collect(errors)?;
    Ok(out)
}

/// Headcount and WTE in post per cell of the imported layout (role, leaf, band, age).
pub(super) struct Counts {
    pub(super) heads: Vec<u32>,
    pub(super) wte: Vec<f64>,
    n_places: usize,
}

impl Counts {
    /// The pair of `role` and leaf `place`, laid out as the baseline's cells are.
    pub(super) fn pair(&self, role: usize, place: usize) -> RoleRegion {
        RoleRegion::new(role, place, self.n_places)
    }

    /// Headcount in post of a role x leaf.
    pub(super) fn heads_of(&self, rr: RoleRegion) -> u64 {
        self.heads[rr.cells()].iter().map(|&h| u64::from(h)).sum()
    }

    /// WTE in post per role x leaf.
    pub(super) fn wte_by_pair(&self) -> Vec<f64> {
        self.wte.chunks(CELLS).map(|c| c.iter().sum()).collect()
    }

    /// Headcount per leaf, all roles.
    pub(super) fn heads_by_place(&self, n_roles: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.n_places];
        for rr in RoleRegion::all(n_roles, self.n_places) {
            out[rr.region()] += self.heads_of(rr) as f64;
        }
        out
    }
}

/// Staff in post per cell; `leaf[p]` is the leaf index of mapping place `p`.
pub(super) fn counts(
    staff: &StaffList,
    leaf: &[Option<usize>],
    n_roles: usize,
    n_places: usize,
) -> Counts {
    let n = n_roles * n_places * CELLS;
    let mut c = Counts {
        heads: vec![0; n],
        wte: vec![0.0; n],
        n_places,
    };
    for a in staff.assignments.iter().filter(|a| !a.left) {
        if let Some(g) = leaf[a.place] {
            let cell = c.pair(a.role, g).cell(Cell::new(a.band, a.age));
            c.heads[cell] += 1;
            c.wte[cell] += a.fte;
        }
    }
    c
}

/// Each role's leaving rate fitted to the staff list: the template's all-cause leaving
/// probability of every assignment exposed over the year (in post now, or left in it) gives
/// the leavers expected; the role's rate is scaled by `(leavers + K) / (expected + K)`.
pub(super) fn leaving(staff: &StaffList, template: &Baseline) -> Vec<RoleLeaving> {
    let mut leavers = vec![0u32; template.roles.len()];
    let mut expected = vec![0.0f64; template.roles.len()];
    for a in &staff.assignments {
        // all-cause leaving as the engine has it: the two risks competing
        let (leave, retire) = competing(
            template.leaver_probability(a.role, a.band, a.age),
            template.retirement_rate[a.age],
        );
        expected[a.role] += leave + retire;
        leavers[a.role] += u32::from(a.left);
    }
    template
        .roles
        .iter()
        .enumerate()
        .map(|(r, role)| RoleLeaving {
            role: role.id.clone(),
            leavers: leavers[r],
            expected: expected[r],
            multiplier: (f64::from(leavers[r]) + LEAVING_PRIOR) / (expected[r] + LEAVING_PRIOR),
        })
        .collect()
}

/// Vacant WTE per role x leaf from an establishment file (`role`, `establishment_wte` and
/// `place` or `organisation`): funded posts less staff in post, never below 0.
pub(super) fn vacancies_from_establishment(
    path: &Path,
    mapping: &Mapping,
    geo: &Geography,
    template: &Baseline,
    in_post: &[f64],
) -> Result<Vec<f64>> {
    let bytes = crate::input::read_bounded(path).map_err(|e| {
        Error::input(
            Location::file(path),
            format!("cannot read the establishment file: {e}"),
        )
    })?;
    let text = Error::utf8(path, bytes, "save it as CSV UTF-8")?;
    let table = Table::parse(path, &text, &["role", "establishment_wte"])?;
    if !table.has("place") && !table.has("organisation") {
        return Err(Error::input(Location::csv(path, 1, None), "no `place` or `organisation` column")
            .with_help("say where each establishment row is: a place id of the mapping, or an organisation code"));
    }
    let n_places = geo.n_places();
    let mut funded = vec![0.0; template.roles.len() * n_places];
    let mut errors = Vec::new();
    for row in table.rows() {
        let parsed = (|| -> Result<()> {
            let role = template.row_role(&row)?;
            let g = if table.has("place") && !row.raw("place").is_empty() {
                row.choice("place", "place", |s| geo.place_index(s), geo.place_ids())?
            } else {
                let org = row.text("organisation")?;
                let p = mapping.place_of(org).ok_or_else(|| {
                    row.error(
                        "organisation",
                        format!("organisation `{org}` is in no place of the mapping"),
                    )
                    .with_help(format!(
                        "list it under a place's `organisations` in {}",
                        mapping.file.display()
                    ))
                })?;
                geo.place_index(&mapping.places[p].id).ok_or_else(|| {
                    row.error("organisation", "the organisation's place is not a leaf")
                })?
            };
            funded[role * n_places + g] += row.number("establishment_wte", 0.0, 1e6)?;
            Ok(())
        })();
        if let Err(e) = parsed {
            errors.push(e);
        }
    }
    Error::collect(errors)?;
    Ok(funded
        .iter()
        .zip(in_post)
        .map(|(f, w)| (f - w).max(0.0))
        .collect())
}

/// Vacant WTE per role x leaf from vacancy rates: the role's rate in the mapping, else the
/// mapping's rate, else the role's national rate in the template; `vac = wte x r / (1 - r)`
/// so that `r` is the vacant share of funded posts.
pub(super) fn vacancies_from_rates(
    mapping: &Mapping,
    template: &Baseline,
    in_post: &[f64],
    n_places: usize,
) -> Vec<f64> {
    let t_wte = template.wte_by_role_region();
    let tn = template.n_places();
    let national: Vec<f64> = (0..template.roles.len())
        .map(|role| {
            let wte: f64 = t_wte[role * tn..(role + 1) * tn].iter().sum();
            let vac: f64 = template.vacancies_wte[role * tn..(role + 1) * tn]
                .iter()
                .sum();
            if wte + vac > 0.0 {
                vac / (wte + vac)
            } else {
                0.0
            }
        })
        .collect();
    in_post
        .iter()
        .enumerate()
        .map(|(rr, w)| {
            let role = rr / n_places;
            let rate = mapping
                .role_vacancy_rate
                .get(&role)
                .copied()
                .or(mapping.vacancy_rate)
                .unwrap_or(national[role]);
            // a role whose template posts are all vacant gives no usable rate
            if rate < 1.0 {
                w * rate / (1.0 - rate)
            } else {
                0.0
            }
        })
        .collect()
}

fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing to memory cannot fail
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn num(x: f64, places: usize) -> String {
    let t = format!("{x:.places$}");
    if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        t
    }
}

/// Everything the data folder needs beyond what is copied: the per-file texts.
pub(super) struct Parts<'a> {
    pub(super) mapping: &'a Mapping,
    pub(super) geo: &'a Geography,
    pub(super) template: &'a Baseline,
    pub(super) likes: &'a [usize],
    pub(super) counts: &'a Counts,
    pub(super) vacancies: &'a [f64],
    pub(super) leaving: Option<&'a [RoleLeaving]>,
}

/// The data files, by name, in [`crate::input::DATA_FILES`] order.
pub(super) fn files(p: &Parts<'_>) -> Vec<(&'static str, String)> {
    let t = p.template;
    let roles = &t.roles;
    let n = p.geo.n_places();
    let places = csv_text(
        &crate::input::PLACE_COLUMNS,
        p.mapping.places.iter().map(|m| {
            let leaf = p.geo.place_index(&m.id).is_some();
            let share = |x: f64| if leaf { num(x, 4) } else { String::new() };
            vec![
                m.id.clone(),
                m.name.clone(),
                m.code.clone(),
                m.level.clone(),
                m.parent.clone().unwrap_or_default(),
                share(m.hcas.inner_london),
                share(m.hcas.outer_london),
                share(m.hcas.fringe),
            ]
        }),
    );
    let roles_csv = csv_text(
        &crate::input::ROLE_COLUMNS,
        roles.iter().enumerate().map(|(r, role)| {
            let m = p.leaving.map_or(1.0, |l| l[r].multiplier);
            vec![
                role.id.clone(),
                role.name.clone(),
                role.family.clone(),
                num(role.fte_ratio, 4),
                num((role.leaver_rate * m).min(1.0), 4),
                num(role.promotion_multiplier, 4),
            ]
        }),
    );
    let mut staff = Vec::new();
    for (r, role) in roles.iter().enumerate() {
        for g in 0..n {
            for (b, band) in BANDS.iter().enumerate() {
                for (a, age) in AGE_BANDS.iter().enumerate() {
                    let cell = p.counts.pair(r, g).cell(Cell::new(b, a));
                    if p.counts.heads[cell] > 0 {
                        staff.push(vec![
                            role.id.clone(),
                            p.geo.place(g).id.clone(),
                            (*band).to_owned(),
                            (*age).to_owned(),
                            p.counts.heads[cell].to_string(),
                            num(p.counts.wte[cell], 2),
                        ]);
                    }
                }
            }
        }
    }
    let staff = csv_text(
        &["role", "region", "band", "age_band", "headcount", "wte"],
        staff,
    );
    let pairs = || {
        roles
            .iter()
            .enumerate()
            .flat_map(move |(r, role)| (0..n).map(move |g| (r, role, g)))
    };
    let vacancies = csv_text(
        &["role", "region", "vacancies_wte"],
        pairs().map(|(r, role, g)| {
            vec![
                role.id.clone(),
                p.geo.place(g).id.clone(),
                num(p.vacancies[r * n + g], 1),
            ]
        }),
    );
    let market = csv_text(
        &["role", "region", "median_salary"],
        pairs().map(|(r, role, g)| {
            vec![
                role.id.clone(),
                p.geo.place(g).id.clone(),
                num(t.market_salary[t.role_region(r, p.likes[g])], 0),
            ]
        }),
    );
    let cost = csv_text(
        &["region", "index"],
        (0..n).map(|g| {
            vec![
                p.geo.place(g).id.clone(),
                num(t.cost_of_living[p.likes[g]], 4),
            ]
        }),
    );
    let heads = p.counts.heads_by_place(roles.len());
    let t_heads = template_heads_by_place(t);
    let pools = template_pools(t);
    let pool = csv_text(
        &["role", "region", "market_size", "mobility"],
        pairs().map(|(r, role, g)| {
            let like = p.likes[g];
            let (size, mobility) = pools[t.role_region(r, like)];
            let scale = if t_heads[like] > 0.0 {
                heads[g] / t_heads[like]
            } else {
                0.0
            };
            vec![
                role.id.clone(),
                p.geo.place(g).id.clone(),
                num(size * scale, 1),
                num(mobility, 4),
            ]
        }),
    );
    let copied = |name: &str| {
        t.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.clone())
            .unwrap_or_default()
    };
    vec![
        ("places.csv", places),
        ("roles.csv", roles_csv),
        ("bands.csv", copied("bands.csv")),
        ("ages.csv", copied("ages.csv")),
        ("staff_in_post_2024.csv", staff),
        ("vacancies_2024.csv", vacancies),
        ("afc_pay_2024_25.csv", copied("afc_pay_2024_25.csv")),
        ("market_salaries.csv", market),
        ("cost_of_living.csv", cost),
        ("labour_pool_2024.csv", pool),
        ("skill_levels.csv", copied("skill_levels.csv")),
    ]
}

fn template_heads_by_place(t: &Baseline) -> Vec<f64> {
    let n = t.n_places();
    let mut out = vec![0.0; n];
    for (cell, &h) in t.headcount.iter().enumerate() {
        out[RoleRegion::from_index(cell / CELLS, n).region()] += f64::from(h);
    }
    out
}

/// The template's market size and mobility per role x place, read back from its
/// `labour_pool_2024.csv`, since the baseline keeps only their product (a pair the file
/// does not list keeps the product as its size, with mobility 1).
fn template_pools(t: &Baseline) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = t.labour_pool.iter().map(|&p| (p, 1.0)).collect();
    let file = t.files.iter().find(|f| f.name == "labour_pool_2024.csv");
    let table = file.and_then(|f| {
        Table::parse(
            &f.origin,
            &f.text,
            &["role", "region", "market_size", "mobility"],
        )
        .ok()
    });
    for row in table.iter().flat_map(Table::rows) {
        if let (Some(r), Some(g)) = (
            t.role_index(row.raw("role")),
            t.geography.place_index(row.raw("region")),
        ) {
            out[t.role_region(r, g)] = (
                row.raw("market_size").parse().unwrap_or(0.0),
                row.raw("mobility").parse().unwrap_or(0.0),
            );
        }
    }
    out
}
