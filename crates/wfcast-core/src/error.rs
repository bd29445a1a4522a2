//! The one error type of the core library.

use std::fmt;
use std::path::PathBuf;

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
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A model computation failed (a bug or a numerical problem, not the user's input).
    #[error("model failure: {0}")]
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
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_owned();
        let err = Self::input(Location::at_offset(path, text, offset), message.clone());
        let Some((field, expected)) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
        else {
            return err;
        };
        // serde lists the accepted keys in backticks after the unknown one
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        match did_you_mean(field, known.iter().copied()) {
            Some(near) => err.with_help(format!("did you mean `{near}`?")),
            None if !known.is_empty() => {
                err.with_help(format!("expected one of: {}", known.join(", ")))
            }
            None => err,
        }
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

fn render_input(location: &Location, message: &str, help: Option<&str>) -> String {
    let mut out = format!("error: {message}\n  --> {location}");
    if let (Some(line), Some(snippet)) = (location.line, &location.snippet) {
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        out.push_str(&format!("\n {pad} |\n {line} | {snippet}"));
        if let Some(col) = location.column {
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
