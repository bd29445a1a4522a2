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
