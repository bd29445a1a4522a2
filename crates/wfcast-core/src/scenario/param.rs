//! Parameters that apply nationally and may be overridden per role, per region or per
//! role x region, each an uncertain number.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use super::uncertain::{DISTRIBUTION_KEYS, Uncertain, read_distribution};

/// A model parameter as written in a scenario: a national value with optional overrides.
///
/// In a file it is either a single uncertain number (`growth = 0.05`) or a table:
/// ```toml
/// [demand.growth]
/// all = { normal = [0.054, 0.012] }          # every role and region
/// role.data_scientist = 0.09                 # one role, every region
/// region.london = 0.06                       # one region, every role
/// role_region.data_scientist.london = 0.10   # one role in one region
/// ```
/// The most specific entry wins: role x region, then role, then region, then `all`.
/// Each entry is drawn once per draw and shared by every cell it covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Param {
    /// The national value.
    pub all: Option<Spanned<Uncertain>>,
    /// Per-role overrides, keyed by role id.
    pub role: BTreeMap<Spanned<String>, Spanned<Uncertain>>,
    /// Per-region overrides, keyed by region id.
    pub region: BTreeMap<Spanned<String>, Spanned<Uncertain>>,
    /// Per role x region overrides: role id, then region id.
    pub role_region: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Uncertain>>>,
}

/// Which entry of a [`Param`] covers a cell, named as in the file, e.g.
/// `role.data_scientist`. It also names the random stream the entry is drawn from, so two
/// scenarios sharing an entry draw the same value in the same draw.
pub type EntryKey = String;

impl Param {
    /// A parameter with only a national value.
    pub fn national(value: Uncertain) -> Self {
        Self {
            all: Some(Spanned::new(0..0, value)),
            ..Self::default()
        }
    }

    /// Overlays `child` on `self` (the inherited value): entries the child gives replace
    /// the parent's; the others are kept.
    pub fn merged_with(mut self, child: Self) -> Self {
        if child.all.is_some() {
            self.all = child.all;
        }
        self.role.extend(child.role);
        self.region.extend(child.region);
        for (role, regions) in child.role_region {
            self.role_region.entry(role).or_default().extend(regions);
        }
        self
    }

    /// Every entry with its key and value, national first.
    pub fn entries(&self) -> Vec<(EntryKey, &Spanned<Uncertain>)> {
        let mut out = Vec::new();
        if let Some(all) = &self.all {
            out.push(("all".to_owned(), all));
        }
        out.extend(
            self.role
                .iter()
                .map(|(k, v)| (format!("role.{}", k.get_ref()), v)),
        );
        out.extend(
            self.region
                .iter()
                .map(|(k, v)| (format!("region.{}", k.get_ref()), v)),
        );
        for (role, regions) in &self.role_region {
            out.extend(
                regions
                    .iter()
                    .map(|(k, v)| (format!("role_region.{}.{}", role.get_ref(), k.get_ref()), v)),
            );
        }
        out
    }

    /// The entry that covers (role, region), most specific first, with its key.
    pub fn lookup(&self, role: &str, region: &str) -> Option<(EntryKey, Uncertain)> {
        self.lookup_within(role, &[region])
    }

    /// The entry that covers `role` in the place `places[0]`, which rolls up into
    /// `places[1..]` (nearest first): the role in the place itself, then in each coarser
    /// place, then the role anywhere, then the place, each coarser place, and `all`.
    pub fn lookup_within(&self, role: &str, places: &[&str]) -> Option<(EntryKey, Uncertain)> {
        let by_role = self.role_region.get(role);
        for place in places {
            if let Some(v) = by_role.and_then(|m| m.get(*place)) {
                return Some((format!("role_region.{role}.{place}"), *v.get_ref()));
            }
        }
        if let Some(v) = self.role.get(role) {
            return Some((format!("role.{role}"), *v.get_ref()));
        }
        for place in places {
            if let Some(v) = self.region.get(*place) {
                return Some((format!("region.{place}"), *v.get_ref()));
            }
        }
        self.all.as_ref().map(|v| ("all".to_owned(), *v.get_ref()))
    }
}

const PARAM_KEYS: [&str; 4] = ["all", "role", "region", "role_region"];

struct ParamVisitor;

impl<'de> Visitor<'de> for ParamVisitor {
    type Value = Param;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an uncertain number (e.g. 0.05 or { normal = [0.05, 0.01] }) or a table with `all`, `role`, `region`, `role_region`")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Param, E> {
        Ok(Param::national(Uncertain::Fixed(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Param, E> {
        Ok(Param::national(Uncertain::Fixed(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Param, E> {
        Ok(Param::national(Uncertain::Fixed(v as f64)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Param, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(de::Error::custom(
                "an empty table: give `all = <number>` or a distribution",
            ));
        };
        if DISTRIBUTION_KEYS.contains(&first.as_str()) {
            return read_distribution(map, Some(first)).map(Param::national);
        }
        let mut param = Param::default();
        let mut key = Some(first);
        while let Some(k) = key {
            match k.as_str() {
                "all" => param.all = Some(map.next_value()?),
                "role" => param.role = map.next_value()?,
                "region" => param.region = map.next_value()?,
                "role_region" => param.role_region = map.next_value()?,
                other => {
                    let mut candidates: Vec<&str> = PARAM_KEYS.to_vec();
                    candidates.extend(DISTRIBUTION_KEYS);
                    let hint = crate::error::did_you_mean(other, candidates)
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    return Err(de::Error::custom(format!(
                        "unknown key `{other}`{hint}: expected `all`, `role`, `region`, `role_region`, or a distribution (normal, triangular, uniform, beta, p10/p90)"
                    )));
                }
            }
            key = map.next_key()?;
        }
        Ok(param)
    }
}

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParamVisitor)
    }
}

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.role.is_empty()
            && self.region.is_empty()
            && self.role_region.is_empty()
            && let Some(all) = &self.all
        {
            return all.get_ref().serialize(s);
        }
        let mut m = s.serialize_map(None)?;
        if let Some(all) = &self.all {
            m.serialize_entry("all", all.get_ref())?;
        }
        if !self.role.is_empty() {
            m.serialize_entry("role", &self.role)?;
        }
        if !self.region.is_empty() {
            m.serialize_entry("region", &self.region)?;
        }
        if !self.role_region.is_empty() {
            m.serialize_entry("role_region", &self.role_region)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Param {
        toml::from_str::<BTreeMap<String, Param>>(s)
            .unwrap()
            .remove("p")
            .unwrap()
    }

    #[test]
    fn most_specific_entry_wins() {
        let p = parse(
            "[p]\nall = 0.01\nrole.a = 0.02\nregion.london = 0.03\nrole_region.a.london = 0.04\n",
        );
        assert_eq!(
            p.lookup("a", "london").unwrap(),
            ("role_region.a.london".into(), Uncertain::Fixed(0.04))
        );
        assert_eq!(
            p.lookup("a", "north_west").unwrap().1,
            Uncertain::Fixed(0.02)
        );
        assert_eq!(p.lookup("b", "london").unwrap().1, Uncertain::Fixed(0.03));
        assert_eq!(
            p.lookup("b", "north_west").unwrap().1,
            Uncertain::Fixed(0.01)
        );
    }

    #[test]
    fn shorthand_forms_are_national() {
        assert_eq!(
            parse("p = 0.5").lookup("x", "y").unwrap().1,
            Uncertain::Fixed(0.5)
        );
        assert_eq!(
            parse("p = { uniform = [1, 2] }")
                .lookup("x", "y")
                .unwrap()
                .1,
            Uncertain::Uniform { lo: 1.0, hi: 2.0 }
        );
    }

    #[test]
    fn child_entries_override_and_parent_entries_survive() {
        let parent = parse("[p]\nall = 0.01\nrole.a = 0.02\nrole.b = 0.05\n");
        let child = parse("[p]\nall = 0.1\nrole.a = 0.2\n");
        let m = parent.merged_with(child);
        assert_eq!(m.lookup("a", "r").unwrap().1, Uncertain::Fixed(0.2));
        assert_eq!(m.lookup("b", "r").unwrap().1, Uncertain::Fixed(0.05));
        assert_eq!(m.lookup("c", "r").unwrap().1, Uncertain::Fixed(0.1));
    }

    #[test]
    fn unknown_override_kind_suggests_the_right_one() {
        let err = toml::from_str::<BTreeMap<String, Param>>("[p]\nroles.a = 1\n").unwrap_err();
        assert!(err.to_string().contains("did you mean `role`"), "{err}");
    }
}
