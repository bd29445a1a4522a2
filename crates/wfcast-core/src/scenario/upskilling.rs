//! Upskilling routes such as the Digital Academy: existing staff train while in post and, on
//! completing, move up a band and/or into a scarcer role. They move people; they never add
//! heads. In a scenario file:
//! ```toml
//! [upskilling.data_academy]
//! places = { triangular = [100, 150, 200] }   # course starts a year, nationally
//! course_years = 1
//! completion = { beta = [17, 3] }             # starters who finish and are still in post
//! from_roles = ["data_analyst", "service_desk"]
//! from_bands = ["4", "5", "6"]
//! band_step = 1                               # bands up on completing (0 to 3)
//! to_roles = { data_scientist = 0.5, data_engineer = 0.5 }   # absent: own role
//! ```
//! Staff on the course stay counted in post (they are not pipeline trainees). Completers are
//! chosen at random among the staff in post who are eligible in the course's region at the
//! end of the course, so anyone who left mid-course is already counted as a leaver.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::levers::{NameKind, Problem, range_check, region_mix_check, uncertain_check};
use super::limits::{BAND_STEP, PLACES, SHARE, UPSKILL_YEARS, WEIGHT};
use super::uncertain::Uncertain;

/// One upskilling route as written under `[upskilling.<name>]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Upskilling {
    /// Course places started each year, nationally (split by region as `regions`, or by the
    /// regional share of the workforce).
    pub places: Spanned<Uncertain>,
    /// Years on the course.
    pub course_years: Spanned<i64>,
    /// Share of starters who complete and are still in post at the end.
    pub completion: Spanned<Uncertain>,
    /// Roles the course recruits from (every role if absent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_roles: Vec<Spanned<String>>,
    /// Bands the course recruits from (if absent, every band at least `band_step` below the top).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_bands: Vec<Spanned<String>>,
    /// Bands a completer moves up (1 if absent; capped at band 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_step: Option<Spanned<i64>>,
    /// Role mix of completers: role id -> weight (normalised). Absent: they stay in their role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_roles: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
    /// Optional regional split of the places: region id -> weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
}

impl Upskilling {
    /// Bands a completer moves up (kept inside [`BAND_STEP`] so that checks of a file
    /// with an out-of-range step can still reason about it).
    pub(crate) fn step(&self) -> usize {
        self.band_step.as_ref().map_or(1, |s| {
            (*s.get_ref()).clamp(*BAND_STEP.start(), *BAND_STEP.end()) as usize
        })
    }

    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        uncertain_check(&self.places, PLACES, "places", &mut p);
        uncertain_check(&self.completion, SHARE, "completion", &mut p);
        let years = *self.course_years.get_ref();
        if !UPSKILL_YEARS.contains(&years) {
            p.push((
                self.course_years.span(),
                format!("course_years = {years} is out of range"),
                format!(
                    "an upskilling course lasts {} to {} years",
                    UPSKILL_YEARS.start(),
                    UPSKILL_YEARS.end()
                ),
            ));
        }
        if let Some(step) = &self.band_step {
            let s = *step.get_ref();
            if !BAND_STEP.contains(&s) {
                p.push((
                    step.span(),
                    format!("band_step = {s} is out of range"),
                    format!(
                        "completers move up {} to {} bands",
                        BAND_STEP.start(),
                        BAND_STEP.end()
                    ),
                ));
            }
        }
        for w in self
            .to_roles
            .iter()
            .chain(self.regions.iter())
            .flat_map(|m| m.values())
        {
            range_check(w, WEIGHT, "weight", &mut p);
        }
        match &self.to_roles {
            Some(mix) if mix.values().map(|w| *w.get_ref()).sum::<f64>() <= 0.0 => p.push((
                self.course_years.span(),
                "the route's `to_roles` give no role a positive weight".into(),
                "e.g. to_roles = { data_scientist = 0.5, data_engineer = 0.5 }".into(),
            )),
            None if self.step() == 0 => p.push((
                self.band_step
                    .as_ref()
                    .map_or(self.places.span(), Spanned::span),
                "band_step = 0 and no `to_roles`: completers would not move at all".into(),
                "give band_step = 1 or more, or `to_roles` to move completers into other roles"
                    .into(),
            )),
            _ => {}
        }
        region_mix_check(self.regions.as_ref(), self.places.span(), &mut p);
        p
    }

    pub(crate) fn names(&self) -> Vec<(&Spanned<String>, NameKind)> {
        let mut out: Vec<_> = self
            .from_roles
            .iter()
            .map(|k| (k, NameKind::Role))
            .collect();
        out.extend(self.from_bands.iter().map(|k| (k, NameKind::Band)));
        out.extend(
            self.to_roles
                .iter()
                .flat_map(|m| m.keys())
                .map(|k| (k, NameKind::Role)),
        );
        out.extend(
            self.regions
                .iter()
                .flat_map(|m| m.keys())
                .map(|k| (k, NameKind::Region)),
        );
        out
    }
}
