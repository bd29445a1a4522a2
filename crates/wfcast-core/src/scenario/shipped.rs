//! The scenarios compiled into the binary: the shipped futures and the starter file.

use std::path::PathBuf;

use super::Scenario;
use super::file::{Loaded, parse_file};
use crate::error::{Error, Location, Result};
use crate::input::Baseline;

/// A commented starter scenario, as written by `wfcast init`.
pub const STARTER: &str = include_str!("../../../../scenarios/starter.toml");

/// The shipped scenarios, compiled in: `(file name, text)`.
pub const SHIPPED: [(&str, &str); 4] = [
    ("base.toml", include_str!("../../../../scenarios/base.toml")),
    (
        "data-driven.toml",
        include_str!("../../../../scenarios/data-driven.toml"),
    ),
    (
        "investment-stalls.toml",
        include_str!("../../../../scenarios/investment-stalls.toml"),
    ),
    (
        "grow-our-own.toml",
        include_str!("../../../../scenarios/grow-our-own.toml"),
    ),
];

/// The scenarios `wfcast run` runs when given no file: the two futures.
pub const DEFAULT_RUN: [&str; 2] = ["data-driven.toml", "investment-stalls.toml"];

/// Loads a shipped scenario by file name, resolving `extends` among the shipped files.
pub fn load_shipped(name: &str, baseline: &Baseline) -> Result<Scenario> {
    let lookup = |n: &str| SHIPPED.iter().find(|(f, _)| *f == n).map(|(_, t)| *t);
    let mut chain = Vec::new();
    let mut next = Some(name.to_owned());
    while let Some(n) = next.take() {
        let path = PathBuf::from(format!("embedded:scenarios/{n}"));
        let text = lookup(&n)
            .ok_or_else(|| Error::input(Location::file(&path), "no such shipped scenario"))?;
        if chain.len() > SHIPPED.len() {
            return Err(Error::input(
                Location::file(&path),
                "`extends` makes a cycle among the shipped scenarios",
            ));
        }
        let (file, problems) = parse_file(&path, text)?;
        next = file.extends.as_ref().map(|e| e.get_ref().clone());
        chain.push(Loaded {
            path,
            text: text.to_owned(),
            file,
            problems,
        });
    }
    Scenario::from_chain(chain, baseline)
}
