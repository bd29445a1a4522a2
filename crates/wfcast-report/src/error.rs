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
}

impl Error {
    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Write {
            path: path.into(),
            source,
        }
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
