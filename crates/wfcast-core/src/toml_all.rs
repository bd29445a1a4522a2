//! Reading a TOML file (scenario, plan, Markov model) so that every problem in it is
//! reported at once, not only the first: a planner fixing a file should not have to rerun
//! `wfcast validate` once per mistake.
//!
//! The TOML deserialiser stops at its first error. After one, the lines it points at are
//! blanked (spaces, so every later offset, line and column stays right), a whole table when
//! the error is on a `[table]` header, and the file is read again, up to [`MOST_ERRORS`]
//! times. Written here because no TOML crate collects more than one error.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Most errors gathered from one file; a file with more is shown its first ones, which is
/// also what keeps a file of thousands of bad keys from taking time quadratic in its size.
pub(crate) const MOST_ERRORS: usize = 20;

/// `text` (the contents of `path`) read as a `T`, or every error in it (as
/// [`Error::Many`] when there are several), each located at its line and column.
pub(crate) fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    let first = match toml::from_str(text) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let mut errors = vec![Error::toml(path, text, &first)];
    let mut blanked = text.to_owned();
    let mut last = first;
    while errors.len() < MOST_ERRORS && !last.message().starts_with("missing field") {
        let Some(span) = last.span() else { break };
        if !blank(&mut blanked, span) {
            break;
        }
        match toml::from_str::<T>(&blanked) {
            Ok(_) => break,
            Err(e) => {
                // a key the file lacks may be one that was blanked: the first error counts,
                // the ones that blanking may have caused do not
                if e.message().starts_with("missing field") || e.span() == last.span() {
                    break;
                }
                errors.push(Error::toml(path, &blanked, &e));
                last = e;
            }
        }
    }
    // in the order of the file, the way a reader fixes them
    errors.sort_by_key(|e| match e {
        Error::Input { location, .. } => (location.line, location.column),
        _ => (None, None),
    });
    Err(match errors.len() {
        1 => errors.remove(0),
        _ => Error::Many(errors),
    })
}

/// Replaces with spaces the lines of `text` that `span` touches, or, when the first of them
/// is a `[table]` header, the whole table up to the next header. False when there was
/// nothing left to blank there.
fn blank(text: &mut String, span: std::ops::Range<usize>) -> bool {
    let start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end_of = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    let mut end = end_of(span.end.max(span.start).min(text.len()));
    if text[start..].trim_start().starts_with('[') {
        // the table's body: every line up to the next header
        let mut at = end;
        while at < text.len() {
            let next = at + 1;
            if text[next..].trim_start().starts_with('[') {
                break;
            }
            at = end_of(next);
        }
        end = at;
    }
    let region = &text[start..end];
    if region.trim().is_empty() {
        return false;
    }
    let spaces: String = region
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(start..end, &spaces);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read only to check the file's shape
    struct File {
        name: String,
        draws: Option<u32>,
        table: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        x: Option<f64>,
    }

    fn messages(text: &str) -> Vec<String> {
        match parse::<File>(Path::new("f.toml"), text) {
            Ok(_) => Vec::new(),
            Err(Error::Many(all)) => all.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn every_error_of_a_file_is_reported_at_its_own_line() {
        let all = messages("name = \"a\"\ndrawz = 3\ndraws = \"x\"\n[table]\nx = 1.0\ny = 2\n");
        assert_eq!(all.len(), 3, "{all:#?}");
        assert!(
            all[0].contains("f.toml:2:1") && all[0].contains("unknown key `drawz`"),
            "{all:#?}"
        );
        assert!(all[1].contains("f.toml:3:9"), "{}", all[1]);
        assert!(all[2].contains("f.toml:6:1") && all[2].contains("unknown key `y`"));
    }

    #[test]
    fn an_unknown_table_is_one_error_not_one_per_key() {
        let all = messages("name = \"a\"\n[tabel]\nx = 1\ny = 2\n[table]\nq = 1\n");
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(all[0].contains("unknown key `tabel`"), "{}", all[0]);
        assert!(all[1].contains("f.toml:6:1"), "{}", all[1]);
    }

    #[test]
    fn a_missing_key_is_reported_once_and_blanking_causes_no_more() {
        let all = messages("draws = 3\n");
        assert_eq!(all.len(), 1, "{all:#?}");
        assert!(all[0].contains("missing field `name`"), "{}", all[0]);
        // blanking `name = 1` would make `name` missing: that is not a second error
        assert_eq!(messages("name = 1\n").len(), 1);
    }

    #[test]
    fn thousands_of_bad_keys_give_the_first_few() {
        let text: String = std::iter::once("name = \"a\"\n".to_owned())
            .chain((0..5000).map(|i| format!("k{i} = 1\n")))
            .collect();
        assert_eq!(messages(&text).len(), MOST_ERRORS);
    }
}
