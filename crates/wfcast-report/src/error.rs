use std::path::PathBuf;

/// What can go wrong while writing results.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output folder or a file in it could not be created or written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A CSV writer failed.
    #[error("cannot write CSV {path}: {source}")]
    Csv {
        /// The file concerned.
        path: PathBuf,
        /// What the CSV writer said.
        source: csv::Error,
    },
    /// A JSON document could not be written.
    #[error("cannot write JSON {path}: {source}")]
    Json {
        /// The file concerned.
        path: PathBuf,
        /// What the JSON writer said.
        source: serde_json::Error,
    },
    /// A Parquet file could not be built.
    #[error("cannot write Parquet {path}: {message}")]
    Parquet {
        /// The file concerned.
        path: PathBuf,
        /// What polars said.
        message: String,
    },
    /// An Excel workbook could not be built.
    #[error("cannot write workbook {path}: {message}")]
    Xlsx {
        /// The file concerned.
        path: PathBuf,
        /// What the workbook writer said.
        message: String,
    },
    /// A chart could not be drawn or encoded.
    #[error("cannot draw the chart \"{chart}\": {reason}")]
    Chart {
        /// The chart's title.
        chart: String,
        /// What went wrong.
        reason: String,
    },
    /// Another run into the same output folder held its lock for too long.
    #[error(
        "another wfcast run has been publishing into {out} for over {seconds} s (it holds {lock}); if no wfcast run is using that folder, delete {lock} and run again"
    )]
    Busy {
        /// The output folder.
        out: PathBuf,
        /// Its lock file.
        lock: PathBuf,
        /// How long this run waited.
        seconds: u64,
    },
    /// A commit failed and putting the earlier results back failed too; they are kept.
    #[error(
        "{cause}; putting the earlier results back failed too ({undo}): they are kept in {staging}, and the next run into the same --out puts them back"
    )]
    Unfinished {
        /// Why the commit failed.
        cause: Box<Error>,
        /// Why undoing it failed.
        undo: Box<Error>,
        /// The staging folder that holds them.
        staging: PathBuf,
    },
    /// The next run could not put back the earlier results of an interrupted commit.
    #[error(
        "an interrupted earlier run left results in {staging}, and putting them back failed: {source}; move each .old-<name> folder in it back to <name> beside it, then delete it"
    )]
    Unrecovered {
        /// The staging folder of the interrupted run.
        staging: PathBuf,
        /// Why putting them back failed.
        source: Box<Error>,
    },
    /// The journal of an interrupted commit cannot be read, so it is not acted on.
    #[error(
        "{path}: the journal of an interrupted earlier run cannot be read; move each .old-<name> folder beside it back into {out}, named <name>, then delete the folder that holds it"
    )]
    Journal {
        /// The journal file.
        path: PathBuf,
        /// The output folder.
        out: PathBuf,
    },
    /// A shard file given to `wfcast merge` is not usable (not a shard, cut short, or from
    /// another run).
    #[error("{path}: {message}")]
    Shard {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
        /// How to fix it.
        help: String,
    },
}

impl Error {
    /// Whether the user can fix this by giving other input (exit code 2) rather than a
    /// failure of the machine (exit code 1).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Self::Shard { .. })
    }

    /// How to fix it, when there is advice.
    pub fn help(&self) -> Option<&str> {
        match self {
            Self::Shard { help, .. } => Some(help),
            _ => None,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Write {
            path: path.into(),
            source,
        }
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
