//! Names for people of the uncertain parameter entries a run samples: what sensitivity
//! outputs show beside the raw ids. One place turns every kind of entry into words:
//! - a model parameter (`<path>.<key>`, [`RULES`]): its rule's label and whom the entry
//!   covers, e.g. `demand.growth.all` -> "Demand growth, all roles";
//! - a role move (`mobility.role_move.<from>.<to>`): "Moves from service desk analyst to
//!   infrastructure engineer (rate)";
//! - a pipeline (`pipelines.<route>.intake|completion|retention`), an upskilling route
//!   (`upskilling.<route>.places|completion`) and a demand programme
//!   (`demand.programme.<name>`), named by their route or programme.
//!
//! Role and place names come from the baseline.

use super::rules::RULES;
use crate::input::Baseline;

/// The readable name of the uncertain parameter entry `name` (as in
/// [`Projection::parameter_names`](crate::run::Projection::parameter_names)), with role
/// names from `baseline`. An entry of a form it does not know is given with its dots and
/// underscores as spaces.
///
/// ```
/// use wfcast_core::Baseline;
/// use wfcast_core::scenario::parameter_label;
/// let b = Baseline::embedded().unwrap();
/// assert_eq!(parameter_label("demand.growth.all", &b), "Demand growth, all roles");
/// assert_eq!(
///     parameter_label("mobility.role_move.service_desk.infrastructure_engineer", &b),
///     "Moves from service desk analyst to infrastructure engineer (rate)"
/// );
/// assert_eq!(
///     parameter_label("leaving.multiplier.role_region.data_scientist.london", &b),
///     "Leaver rate multiplier, data scientist in London"
/// );
/// ```
pub fn parameter_label(name: &str, baseline: &Baseline) -> String {
    let role = |id: &str| role_name(id, baseline);
    if let Some(rest) = name.strip_prefix("mobility.role_move.")
        && let Some((from, to)) = rest.split_once('.')
    {
        return format!("Moves from {} to {} (rate)", role(from), role(to));
    }
    if let Some(rest) = name.strip_prefix("pipelines.")
        && let Some((route, what)) = rest.rsplit_once('.')
    {
        let what = match what {
            "intake" => "intake (trainees a year)",
            "completion" => "share completing",
            "retention" => "share of completers who join",
            other => other,
        };
        return format!("{} pipeline: {what}", capitalised(&spaced(route)));
    }
    if let Some(rest) = name.strip_prefix("upskilling.")
        && let Some((route, what)) = rest.rsplit_once('.')
    {
        let what = match what {
            "places" => "places a year",
            "completion" => "share completing",
            other => other,
        };
        return format!("{} upskilling: {what}", capitalised(&spaced(route)));
    }
    if let Some(programme) = name.strip_prefix("demand.programme.") {
        return format!("Demand programme {} (WTE)", spaced(programme));
    }
    for rule in &RULES {
        let Some(key) = name
            .strip_prefix(rule.path)
            .and_then(|k| k.strip_prefix('.'))
        else {
            continue;
        };
        let whom = if key == "all" {
            Some("all roles".to_owned())
        } else if let Some(id) = key.strip_prefix("role_region.") {
            id.split_once('.')
                .map(|(r, g)| format!("{} in {}", role(r), region_name(g, baseline)))
        } else if let Some(id) = key.strip_prefix("role.") {
            Some(role(id))
        } else {
            key.strip_prefix("region.")
                .map(|g| region_name(g, baseline))
        };
        if let Some(whom) = whom {
            return format!("{}, {whom}", rule.label);
        }
    }
    capitalised(&spaced(name))
}

/// A role's name as it reads inside a sentence ("Service desk analyst" -> "service desk
/// analyst"; a leading acronym keeps its capitals); an id the baseline lacks, spaced out.
fn role_name(id: &str, baseline: &Baseline) -> String {
    baseline
        .roles
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| spaced(id), |r| in_sentence(&r.name))
}

/// A place's name ("north_west" -> "North West"); an unknown id, spaced out.
fn region_name(id: &str, baseline: &Baseline) -> String {
    let geography = &baseline.geography;
    geography
        .find(id)
        .map_or_else(|| spaced(id), |node| geography.nodes()[node].name.clone())
}

/// `name` with a capital first letter lowered, unless the next letter is a capital too.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_owned(),
    }
}

/// An id with its dots and underscores as spaces.
fn spaced(id: &str) -> String {
    id.replace(['.', '_'], " ")
}

/// `text` with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Baseline {
        Baseline::embedded().unwrap()
    }

    #[test]
    fn routes_and_programmes_are_named_by_what_they_are() {
        let b = baseline();
        assert_eq!(
            parameter_label("pipelines.graduate_scheme.intake", &b),
            "Graduate scheme pipeline: intake (trainees a year)"
        );
        assert_eq!(
            parameter_label("upskilling.data_academy.places", &b),
            "Data academy upskilling: places a year"
        );
        assert_eq!(
            parameter_label("demand.programme.shared_care_records", &b),
            "Demand programme shared care records (WTE)"
        );
    }

    #[test]
    fn entries_say_whom_they_cover() {
        let b = baseline();
        assert_eq!(
            parameter_label("recruitment.fill_rate.region.north_west", &b),
            "Share of vacancies filled at home, North West"
        );
        assert_eq!(
            parameter_label("demand.growth.role.clinical_informatics", &b),
            "Demand growth, clinical informatics (CCIO/clinical safety)"
        );
        // `demand.growth_year_sd` is its own rule, not an entry of `demand.growth`
        assert_eq!(
            parameter_label("demand.growth_year_sd.all", &b),
            "Year-to-year spread of demand growth, all roles"
        );
    }

    #[test]
    fn unknown_forms_are_spaced_out() {
        let b = baseline();
        assert_eq!(parameter_label("odd.new_thing", &b), "Odd new thing");
        assert_eq!(in_sentence("CCIO lead"), "CCIO lead");
    }
}
