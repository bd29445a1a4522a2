//! The mapping file of `wfcast data import`: which staff-list columns hold what, how
//! occupation codes and job titles map to wfcast roles, which organisations make up each
//! place and how the places roll up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location, Result, did_you_mean};
use crate::input::Role;

/// The starter mapping shipped with wfcast: title patterns for the shipped roles.
pub const STARTER: &str = include_str!("starter.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    columns: Columns,
    #[serde(default)]
    roles: RolesSection,
    #[serde(default)]
    places: Vec<PlaceEntry>,
    #[serde(default)]
    vacancies: VacancySection,
}

/// The staff-list columns the importer reads, by their header names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Columns {
    /// NHS occupation code of the assignment.
    pub occupation_code: String,
    /// Job title or ESR job role of the assignment.
    pub job_title: String,
    /// Agenda for Change band, e.g. `Band 8a` or `6`.
    pub band: String,
    /// Age in whole years (used when present, else `date_of_birth`).
    pub age: String,
    /// Date of birth (age is worked out at the census date).
    pub date_of_birth: String,
    /// Whole-time equivalent of the assignment (0-1).
    pub fte: String,
    /// Organisation code of the employing organisation.
    pub organisation: String,
    /// Date the assignment ended, empty for staff in post.
    pub leaving_date: String,
    /// The person's identifier (e.g. staff number), when the list has one: a person with
    /// several assignments then counts once in headcount.
    pub person: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            occupation_code: "occupation_code".into(),
            job_title: "job_title".into(),
            band: "band".into(),
            age: "age".into(),
            date_of_birth: "date_of_birth".into(),
            fte: "fte".into(),
            organisation: "organisation".into(),
            leaving_date: "leaving_date".into(),
            person: "person".into(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesSection {
    use_starter: Option<bool>,
    #[serde(default)]
    occupation_codes: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    titles: Vec<TitleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleEntry {
    pattern: Spanned<String>,
    role: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceEntry {
    id: Spanned<String>,
    name: Option<String>,
    level: Option<String>,
    parent: Option<Spanned<String>>,
    code: Option<String>,
    #[serde(default)]
    organisations: Vec<Spanned<String>>,
    like: Option<Spanned<String>>,
    #[serde(default)]
    hcas: Hcas,
}

/// Shares of a place's staff in each Agenda for Change high-cost-area zone.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hcas {
    /// Inner London zone.
    pub inner_london: f64,
    /// Outer London zone.
    pub outer_london: f64,
    /// Fringe zone.
    pub fringe: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VacancySection {
    rate: Option<f64>,
    #[serde(default)]
    roles: BTreeMap<String, f64>,
}

/// One place of the imported geography.
#[derive(Debug, Clone)]
pub struct MappedPlace {
    /// Identifier, used in outputs and scenario files.
    pub id: String,
    /// Name shown in reports.
    pub name: String,
    /// Name of its level, e.g. `trust`.
    pub level: String,
    /// The place it rolls up into (none for the top).
    pub parent: Option<String>,
    /// ONS or NHS code, may be empty.
    pub code: String,
    /// The template place whose labour market, pay market and cost of living it shares.
    pub like: Option<String>,
    /// High-cost-area zone shares.
    pub hcas: Hcas,
}

/// A checked mapping: columns, role rules, organisations to places, vacancy rates.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The file it was read from.
    pub file: PathBuf,
    /// Column names in the staff list.
    pub columns: Columns,
    /// Occupation code (upper case) to role index.
    codes: BTreeMap<String, usize>,
    /// Title rules in the order tried: the words of the pattern, and the role index.
    titles: Vec<(Vec<String>, usize)>,
    /// Organisation code (upper case) to the index of its place in `places`.
    organisations: BTreeMap<String, usize>,
    /// Every place, parents before children as written.
    pub places: Vec<MappedPlace>,
    /// Vacancy rate (share of establishment) for roles without their own, if given.
    pub vacancy_rate: Option<f64>,
    /// Vacancy rate per role index, where given.
    pub role_vacancy_rate: BTreeMap<usize, f64>,
}

/// How a row's role was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// By its occupation code.
    Code(usize),
    /// By a title pattern.
    Title(usize),
}

impl Matched {
    /// The role index.
    pub fn role(self) -> usize {
        match self {
            Self::Code(r) | Self::Title(r) => r,
        }
    }
}

/// Lower-case words of `text`, split at anything that is not a letter or digit.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Mapping {
    /// Reads the mapping file at `path` and checks it as [`Mapping::parse`] does.
    pub fn load(path: &Path, roles: &[Role]) -> Result<Self> {
        let bytes = crate::input::read_bounded(path).map_err(|e| {
            Error::input(
                Location::file(path),
                format!("cannot read the mapping file: {e}"),
            )
        })?;
        let text = Error::utf8(path, bytes, "save it as UTF-8 text")?;
        Self::parse(path, &text, roles)
    }

    /// Reads and checks a mapping file against the template's roles. Unknown roles, places
    /// without a parent, an organisation in two places and rates outside 0-1 are errors
    /// located in the file.
    pub fn parse(file: &Path, text: &str, roles: &[Role]) -> Result<Self> {
        let raw: MappingFile = toml::from_str(text).map_err(|e| Error::toml(file, text, &e))?;
        let mut errors = Vec::new();
        let at = |offset: usize| Location::at_offset(file, text, offset);
        let role_of = |name: &Spanned<String>, errors: &mut Vec<Error>| -> Option<usize> {
            let found = roles.iter().position(|r| r.id == *name.get_ref());
            if found.is_none() {
                let ids = roles.iter().map(|r| r.id.as_str());
                let help = match did_you_mean(name.get_ref(), ids.clone()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("known roles: {}", ids.collect::<Vec<_>>().join(", ")),
                };
                errors.push(
                    Error::input(
                        at(name.span().start),
                        format!("unknown role `{}`", name.get_ref()),
                    )
                    .with_help(help),
                );
            }
            found
        };
        let mut codes = BTreeMap::new();
        for (code, role) in &raw.roles.occupation_codes {
            if let Some(r) = role_of(role, &mut errors) {
                codes.insert(code.trim().to_uppercase(), r);
            }
        }
        let mut titles = Vec::new();
        let starter: Option<RolesSection> = if raw.roles.use_starter.unwrap_or(true) {
            toml::from_str::<MappingFile>(STARTER).ok().map(|s| s.roles)
        } else {
            None
        };
        let starter_titles = starter.iter().flat_map(|s| &s.titles);
        for entry in raw.roles.titles.iter() {
            let pattern = words(entry.pattern.get_ref());
            if pattern.is_empty() {
                errors.push(
                    Error::input(
                        at(entry.pattern.span().start),
                        "the title pattern has no words",
                    )
                    .with_help("write the words a job title must contain, e.g. \"data engineer\""),
                );
            }
            if let Some(r) = role_of(&entry.role, &mut errors) {
                titles.push((pattern, r));
            }
        }
        for entry in starter_titles {
            // the starter names only shipped roles; a template without one skips its rules
            if let Some(r) = roles.iter().position(|x| x.id == *entry.role.get_ref()) {
                titles.push((words(entry.pattern.get_ref()), r));
            }
        }
        let places = check_places(&raw.places, file, text, &mut errors);
        let mut organisations = BTreeMap::new();
        for (p, entry) in raw.places.iter().enumerate() {
            for org in &entry.organisations {
                let key = org.get_ref().trim().to_uppercase();
                if let Some(first) = organisations.insert(key, p) {
                    errors.push(
                        Error::input(
                            at(org.span().start),
                            format!(
                                "organisation `{}` is already in place `{}`",
                                org.get_ref(),
                                raw.places[first].id.get_ref()
                            ),
                        )
                        .with_help("list each organisation under one place"),
                    );
                }
            }
        }
        let rate_ok = |r: f64| (0.0..1.0).contains(&r);
        let mut role_vacancy_rate = BTreeMap::new();
        for (role, &rate) in &raw.vacancies.roles {
            match roles.iter().position(|r| r.id == *role) {
                Some(r) if rate_ok(rate) => {
                    role_vacancy_rate.insert(r, rate);
                }
                Some(_) => errors.push(bad_rate(file, &format!("vacancies.roles.{role}"), rate)),
                None => errors.push(
                    Error::input(
                        Location::file(file),
                        format!("[vacancies.roles] names unknown role `{role}`"),
                    )
                    .with_help("use role ids from `wfcast list roles`"),
                ),
            }
        }
        if let Some(rate) = raw.vacancies.rate
            && !rate_ok(rate)
        {
            errors.push(bad_rate(file, "vacancies.rate", rate));
        }
        Error::collect(errors)?;
        Ok(Self {
            file: file.to_owned(),
            columns: raw.columns,
            codes,
            titles,
            organisations,
            places,
            vacancy_rate: raw.vacancies.rate,
            role_vacancy_rate,
        })
    }

    /// The role of a row from its occupation code, else its job title; `None` when neither
    /// maps.
    pub fn role(&self, code: &str, title: &str) -> Option<Matched> {
        if let Some(&r) = self.codes.get(&code.trim().to_uppercase()) {
            return Some(Matched::Code(r));
        }
        let title = words(title);
        self.titles
            .iter()
            .find(|(pattern, _)| {
                pattern
                    .iter()
                    .all(|p| title.iter().any(|w| w.starts_with(p.as_str())))
            })
            .map(|&(_, r)| Matched::Title(r))
    }

    /// The index in [`Mapping::places`] of the place an organisation belongs to.
    pub fn place_of(&self, organisation: &str) -> Option<usize> {
        self.organisations
            .get(&organisation.trim().to_uppercase())
            .copied()
    }
}

fn bad_rate(file: &Path, key: &str, rate: f64) -> Error {
    Error::input(
        Location::file(file),
        format!("`{key}` = {rate} is not a vacancy rate"),
    )
    .with_help("a vacancy rate is the share of funded posts that are vacant: from 0 up to (not including) 1, e.g. 0.07")
}

/// The places as written, checked: ids unique, every parent known, one top, organisations
/// only on places with none under them. The deeper checks (even branches, cycles) are the
/// geography's, run when the written data folder is read back.
fn check_places(
    entries: &[PlaceEntry],
    file: &Path,
    text: &str,
    errors: &mut Vec<Error>,
) -> Vec<MappedPlace> {
    let at = |offset: usize| Location::at_offset(file, text, offset);
    if entries.is_empty() {
        errors.push(
            Error::input(Location::file(file), "the mapping has no [[places]]")
                .with_help("add the place you plan for and the organisations of each place under it, e.g. [[places]] id = \"my_ics\" then [[places]] id = \"trust_a\" parent = \"my_ics\" organisations = [\"RXX\"]"),
        );
    }
    let ids: Vec<&str> = entries.iter().map(|e| e.id.get_ref().as_str()).collect();
    for (i, e) in entries.iter().enumerate() {
        if ids[..i].contains(&e.id.get_ref().as_str()) {
            errors.push(Error::input(
                at(e.id.span().start),
                format!("place `{}` is listed twice", e.id.get_ref()),
            ));
        }
        if let Some(parent) = &e.parent
            && !ids.contains(&parent.get_ref().as_str())
        {
            let err = Error::input(
                at(parent.span().start),
                format!(
                    "parent `{}` is not a place of the mapping",
                    parent.get_ref()
                ),
            );
            errors.push(match did_you_mean(parent.get_ref(), ids.iter().copied()) {
                Some(near) => err.with_help(format!("did you mean `{near}`?")),
                None => err.with_help("list the parent as a [[places]] entry too"),
            });
        }
        let has_children = entries.iter().any(|c| {
            c.parent
                .as_ref()
                .is_some_and(|p| p.get_ref() == e.id.get_ref())
        });
        if has_children && let Some(org) = e.organisations.first() {
            errors.push(
                Error::input(
                    at(org.span().start),
                    format!(
                        "place `{}` has places under it, so it cannot hold organisations",
                        e.id.get_ref()
                    ),
                )
                .with_help("list organisations on the places with none under them"),
            );
        }
    }
    let tops = entries.iter().filter(|e| e.parent.is_none()).count();
    if tops > 1 {
        errors.push(
            Error::input(
                Location::file(file),
                format!("the mapping has {tops} places without a parent"),
            )
            .with_help(
                "exactly one place is the top (the area you plan for); give the others a `parent`",
            ),
        );
    }
    entries
        .iter()
        .map(|e| MappedPlace {
            id: e.id.get_ref().clone(),
            name: e.name.clone().unwrap_or_else(|| e.id.get_ref().clone()),
            level: e.level.clone().unwrap_or_else(|| default_level(e)),
            parent: e.parent.as_ref().map(|p| p.get_ref().clone()),
            code: e.code.clone().unwrap_or_default(),
            like: e.like.as_ref().map(|l| l.get_ref().clone()),
            hcas: e.hcas,
        })
        .collect()
}

fn default_level(e: &PlaceEntry) -> String {
    if e.parent.is_none() { "area" } else { "place" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Baseline;

    fn mapping(text: &str) -> Result<Mapping> {
        let b = Baseline::embedded().unwrap();
        Mapping::parse(Path::new("m.toml"), text, &b.roles)
    }

    const PLACES: &str = "[[places]]\nid = \"ics\"\nlike = \"midlands\"\n[[places]]\nid = \"a\"\nparent = \"ics\"\norganisations = [\"RA1\"]\n";

    #[test]
    fn codes_win_over_titles_and_the_starter_follows_the_users_rules() {
        let m = mapping(&format!(
            "[roles.occupation_codes]\n\"x1\" = \"architect\"\n[[roles.titles]]\npattern = \"analyst\"\nrole = \"business_analyst\"\n{PLACES}"
        ))
        .unwrap();
        let b = Baseline::embedded().unwrap();
        let id = |m: Option<Matched>| m.map(|m| b.roles[m.role()].id.as_str());
        assert_eq!(id(m.role("X1", "Data Analyst")), Some("architect"));
        assert_eq!(
            id(m.role("", "Senior Data Analyst")),
            Some("business_analyst")
        );
        assert_eq!(
            id(m.role("", "Clinical Coder (Trainee)")),
            Some("clinical_coder")
        );
        assert_eq!(id(m.role("", "Snr. Data Engineer")), Some("data_engineer"));
        assert_eq!(id(m.role("", "Porter")), None);
        assert_eq!(m.place_of(" ra1 "), Some(1));
    }

    #[test]
    fn mistakes_are_located_in_the_file() {
        let text = format!(
            "[[roles.titles]]\npattern = \"x\"\nrole = \"data_analist\"\n{PLACES}[[places]]\nid = \"b\"\nparent = \"icss\"\n"
        );
        let e = mapping(&text).unwrap_err().to_string();
        assert!(
            e.contains("m.toml:3:8") && e.contains("did you mean `data_analyst`"),
            "{e}"
        );
        assert!(
            e.contains("parent `icss`") && e.contains("did you mean `ics`"),
            "{e}"
        );
        let e = mapping("[[places]]\nid = \"ics\"\norganisations = [\"R1\"]\n[[places]]\nid = \"a\"\nparent = \"ics\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot hold organisations"), "{e}");
        let e = mapping(&format!("[vacancies]\nrate = 1.5\n{PLACES}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a vacancy rate"), "{e}");
    }
}
