//! The scenarios compiled into the binary: the shipped futures and the starter file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};

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

/// How a scenario compiled into wfcast is named where a path could go: in `extends` and on
/// the command line, `shipped:data-driven` (or `shipped:data-driven.toml`). No file path
/// starts this way, so the name never shadows a file.
pub const SHIPPED_PREFIX: &str = "shipped:";

/// Where a shipped scenario's text is said to come from in messages and provenance.
const EMBEDDED_FOLDER: &str = "embedded:scenarios/";

/// The shipped scenario `path` names, as `shipped:<name>` or as the embedded path of one
/// (which is how the shipped files' own `extends` resolve): its embedded path and text.
/// `None` when `path` names no shipped scenario at all; an error at `at` when it uses the
/// form with a name that is not shipped.
pub(super) fn shipped_text(path: &Path, at: Location) -> Option<Result<(PathBuf, &'static str)>> {
    let text = path.to_str()?;
    let name = text
        .strip_prefix(SHIPPED_PREFIX)
        .or_else(|| text.strip_prefix(EMBEDDED_FOLDER))?;
    let file = if name.ends_with(".toml") {
        name.to_owned()
    } else {
        format!("{name}.toml")
    };
    let embedded = PathBuf::from(format!("{EMBEDDED_FOLDER}{file}"));
    Some(
        SHIPPED
            .iter()
            .find(|(f, _)| *f == file)
            .map(|&(_, t)| (embedded.clone(), t))
            .ok_or_else(|| {
                Error::input(at, format!("no shipped scenario is called `{name}`"))
                    .with_help(format!("the shipped scenarios are {}", shipped_names()))
            }),
    )
}

/// The shipped scenarios' names as `shipped:` forms, for messages.
pub fn shipped_names() -> String {
    SHIPPED
        .iter()
        .map(|(f, _)| format!("{SHIPPED_PREFIX}{}", f.trim_end_matches(".toml")))
        .collect::<Vec<_>>()
        .join(", ")
}
