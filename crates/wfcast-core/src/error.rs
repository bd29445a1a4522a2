//! The one error type of the core library.

use std::fmt;
use std::path::PathBuf;

/// `x` as a message shows it: Rust's plain form, except that a number whose plain form would be
/// long is written with an exponent (`1e308`, not 309 digits; `1e-300`, not 300 zeros).
pub(crate) fn number(x: f64) -> String {
    let plain = format!("{x}");
    if plain.len() > 24 {
        format!("{x:e}")
    } else {
        plain
    }
}

/// Where in a user's file a problem is: the file, and a 1-based line and column when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file the problem is in (as the user named it).
    pub file: PathBuf,
    /// 1-based line, when the problem is at one place in the file.
    pub line: Option<usize>,
    /// 1-based column, when the problem is at one place in the file.
    pub column: Option<usize>,
    /// The text of that line, shown under the message so the user sees the spot.
    pub snippet: Option<String>,
}

impl Location {
    /// A location covering a whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            snippet: None,
        }
    }

    /// The location of byte offset `offset` in `source`, the text of `file`.
    pub fn at_offset(file: impl Into<PathBuf>, source: &str, offset: usize) -> Self {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        let snippet = source[line_start..]
            .lines()
            .next()
            .map(|l| l.trim_end_matches('\r').to_owned());
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            snippet,
        }
    }

    /// The location of a CSV record: `row` is the 1-based line in the file, `column` the
    /// 1-based field number.
    pub fn csv(file: impl Into<PathBuf>, row: usize, column: Option<usize>) -> Self {
        Self {
            file: file.into(),
            line: Some(row),
            column,
            snippet: None,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong in the core library.
///
/// `Input` errors are the user's to fix (a bad scenario or data file) and map to exit code 2;
/// the others are runtime failures (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario, data or history file is wrong: names the place, what was expected and a fix.
    #[error("{}", render_input(.location, .message, .help.as_deref()))]
    Input {
        /// Where the problem is.
        location: Location,
        /// What is wrong and what was expected.
        message: String,
        /// How to fix it, e.g. "did you mean `fill_rate`?".
        help: Option<String>,
    },
    /// Several input problems found together, reported at once.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))]
    Many(Vec<Error>),
    /// A file could not be read or written.
    #[error("error: {path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A model computation failed (a bug or a numerical problem, not the user's input).
    #[error("error: model failure: {0}")]
    Model(String),
}

impl Error {
    /// Builds an input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Self::Input {
            location,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix an input error; other errors are returned unchanged.
    #[must_use]
    pub fn with_help(self, hint: impl Into<String>) -> Self {
        match self {
            Self::Input {
                location, message, ..
            } => Self::Input {
                location,
                message,
                help: Some(hint.into()),
            },
            other => other,
        }
    }

    /// True when the error is the user's to fix (exit code 2), false for runtime failures.
    pub fn is_user_error(&self) -> bool {
        match self {
            Self::Input { .. } => true,
            Self::Many(all) => all.iter().all(Self::is_user_error),
            Self::Io { .. } | Self::Model(_) => false,
        }
    }

    /// A TOML syntax or shape error in `text` (the contents of `path`), located at its line
    /// and column, with a "did you mean" for a misspelt key.
    pub fn toml(path: &std::path::Path, text: &str, e: &toml::de::Error) -> Self {
        let span = e.span().unwrap_or(0..0);
        let location = Location::at_offset(path, text, span.start);
        let message = plain_types(e.message().trim());
        if let Some((field, expected)) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
        {
            // serde lists the accepted keys in backticks after the unknown one
            let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let err = Self::input(location, format!("unknown key `{field}`"));
            return match did_you_mean(field, known.iter().copied()) {
                Some(near) => err.with_help(format!("did you mean `{near}`?")),
                None if !known.is_empty() => {
                    err.with_help(format!("the keys here are: {}", known.join(", ")))
                }
                None => err,
            };
        }
        if message == "duplicate key" {
            let key = text.get(span).unwrap_or_default().trim().trim_matches('"');
            return Self::input(location, format!("duplicate key `{key}`")).with_help(
                "a key or [table] may be given once per file: delete the repeated one or merge them",
            );
        }
        // an integer where an integer is expected can only be one too large for i64
        if let Some(number) = message
            .strip_suffix(", expected a whole number")
            .and_then(|m| {
                m.strip_prefix("invalid type: integer `")
                    .or_else(|| m.strip_prefix("invalid value: integer `"))
            })
            .and_then(|rest| rest.split_once('`'))
            .map(|(n, _)| n)
        {
            return Self::input(location, format!("the number {number} is too large"))
                .with_help(format!("whole numbers go up to {}", i64::MAX));
        }
        let err = Self::input(location.clone(), message);
        if location
            .snippet
            .as_deref()
            .is_some_and(|l| l.trim_start().starts_with("[["))
        {
            return err
                .with_help("`[[name]]` starts a list of tables; write `[name]` for one table");
        }
        err
    }

    /// The text of `bytes` read from `path`, or an input error at the first byte that is not
    /// UTF-8, with `help` on how to save the file.
    pub fn utf8(path: &std::path::Path, bytes: Vec<u8>, help: &str) -> Result<String> {
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Self::input(
                Location::at_offset(path, &lossy, at),
                "the file is not valid UTF-8 text",
            )
            .with_help(help)
        })
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// One error from several: none is `Ok`, one is itself, more are `Many`.
    pub fn collect(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Self::Many(errors)),
        }
    }
}

/// serde's names for number types, in the words of the scenario file.
fn plain_types(message: &str) -> String {
    message
        .replace(" as i128", "")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number (0 or more)")
}

/// Longest snippet shown whole; longer lines are cut to a window around the column.
const SNIPPET_WIDTH: usize = 100;

/// The snippet as it is safe to print: control characters (which a non-text file is full
/// of, and which would move a terminal's cursor) shown as U+FFFD, and a long line cut to a
/// window around `column`. Returns the text and the caret's new column.
fn printable_snippet(snippet: &str, column: Option<usize>) -> (String, Option<usize>) {
    let chars: Vec<char> = snippet
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if chars.len() <= SNIPPET_WIDTH {
        return (chars.into_iter().collect(), column);
    }
    let col = column.unwrap_or(1).saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(SNIPPET_WIDTH / 2);
    let end = (start + SNIPPET_WIDTH).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push_str("...");
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push_str("...");
    }
    let shift = if start > 0 { 3 } else { 0 };
    (out, column.map(|c| c - start + shift))
}

fn render_input(location: &Location, message: &str, help: Option<&str>) -> String {
    let mut out = format!("error: {message}\n  --> {location}");
    if let (Some(line), Some(snippet)) = (location.line, &location.snippet) {
        let (snippet, column) = printable_snippet(snippet, location.column);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        out.push_str(&format!("\n {pad} |\n {line} | {snippet}"));
        if let Some(col) = column {
            out.push_str(&format!(
                "\n {pad} | {}^",
                " ".repeat(col.saturating_sub(1))
            ));
        }
    }
    if let Some(help) = help {
        out.push_str(&format!("\n  = help: {help}"));
    }
    out
}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        // short names such as bands ("8e" for "8a") score low on Jaro-Winkler, so one edit
        // away also counts as near
        .filter(|(score, c)| *score > 0.8 || strsim::osa_distance(word, c) <= 1)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_hide_control_characters_and_window_long_lines() {
        let (text, col) = printable_snippet("a\u{1b}[2Jb", Some(2));
        assert_eq!((text.as_str(), col), ("a\u{fffd}[2Jb", Some(2)));
        let line: String = ('a'..='z').cycle().take(500).collect();
        let (text, col) = printable_snippet(&line, Some(300));
        assert_eq!(text.chars().count(), SNIPPET_WIDTH + 6, "{text}");
        let col = col.unwrap();
        assert_eq!(
            text.chars().nth(col - 1),
            line.chars().nth(299),
            "the caret still points at the same character"
        );
        let (text, col) = printable_snippet(&line, Some(3));
        assert!(text.starts_with("abc") && text.ends_with("...") && col == Some(3));
    }
}
