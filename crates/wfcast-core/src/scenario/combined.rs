//! Limits on values that are each within their own range but too large together: a route's
//! intake times the `policy.intake` multipliers in force. Without this check two multipliers
//! of 100 on an intake of 1,000,000 would start 10^10 trainees a year, more than the model's
//! counts (32-bit) hold, and the run would end with wrapped numbers and exit 0.

use std::collections::BTreeSet;

use super::file::Loaded;
use super::levers::IntakeChange;
use super::limits::{INTAKE, Limit, MAX_ROUTE_INTAKE, PLACES};
use super::uncertain::Uncertain;
use crate::error::{Error, Location};

/// The errors of routes whose intake (or course places), times the `policy.intake`
/// multipliers in force in some year up to `horizon`, can exceed [`MAX_ROUTE_INTAKE`] a
/// year, each located at the multiplier that takes it over.
pub(super) fn intake_problems(chain: &[Loaded], horizon: i32) -> Vec<Error> {
    // a child's policy.intake list replaces the inherited one: the child-most list is in force
    let Some((file, changes)) = chain.iter().find_map(|l| {
        let changes = l.file.policy.as_ref()?.intake.as_ref()?;
        Some((l, changes))
    }) else {
        return Vec::new();
    };
    // each route as the child-most file defines it, with the limit of its own value
    let mut seen = BTreeSet::new();
    let mut routes: Vec<(&str, &Uncertain, Limit)> = Vec::new();
    for l in chain {
        for (name, p) in l.file.pipelines.iter().flatten() {
            if seen.insert(name.get_ref().as_str()) {
                routes.push((name.get_ref(), p.intake.get_ref(), INTAKE));
            }
        }
        for (name, u) in l.file.upskilling.iter().flatten() {
            if seen.insert(name.get_ref().as_str()) {
                routes.push((name.get_ref(), u.places.get_ref(), PLACES));
            }
        }
    }
    let mut errors = Vec::new();
    for (route, intake, limit) in routes {
        // the largest value a draw can take: the distribution's top, or the clamp of its
        // limit for distributions without one (a normal's tails)
        let top = intake.support().1.min(limit.hi);
        let mut in_force: Vec<&IntakeChange> = changes
            .iter()
            .filter(|c| c.route.get_ref() == route && *c.from.get_ref() <= i64::from(horizon))
            .collect();
        in_force.sort_by_key(|c| *c.from.get_ref());
        let mut product = 1.0;
        for (i, c) in in_force.iter().enumerate() {
            product *= c.multiplier.get_ref();
            let year_complete = in_force
                .get(i + 1)
                .is_none_or(|next| next.from.get_ref() != c.from.get_ref());
            if year_complete && top * product > MAX_ROUTE_INTAKE {
                errors.push(
                    Error::input(
                        Location::at_offset(&file.path, &file.text, c.multiplier.span().start),
                        format!(
                            "`{route}` starts up to {} a year from {} with this multiplier ({} x {}), more than the {} a route may start",
                            amount(top * product),
                            c.from.get_ref(),
                            amount(top),
                            amount(product),
                            amount(MAX_ROUTE_INTAKE)
                        ),
                    )
                    .with_help(format!(
                        "lower the multipliers or the route's intake: together they must stay at most {} a year",
                        amount(MAX_ROUTE_INTAKE)
                    )),
                );
                break;
            }
        }
    }
    errors
}

/// A large amount as people read it: whole numbers up to a trillion, powers of ten above.
fn amount(x: f64) -> String {
    if x.abs() < 1e12 {
        let whole = format!("{:.0}", x.round());
        let digits = whole.trim_start_matches('-');
        let mut grouped = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(d);
        }
        if x < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        format!("{x:.3e}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(super::amount(10_000_000.0), "10,000,000");
        assert_eq!(super::amount(2.5), "3");
        assert_eq!(super::amount(999.0), "999");
        assert_eq!(super::amount(1e13), "1.000e13");
    }
}
