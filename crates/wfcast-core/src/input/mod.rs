//! What a run reads besides the scenario: the baseline data (staff in post and the rates
//! people move at; the default data is compiled in), the CSV tables it is read from, and
//! ESR-style histories for calibration.

mod baseline;
mod history;
mod places;
mod readers;
mod table;

pub use baseline::{Baseline, DATA_FILES, DataFile, Role};
pub use history::{COLUMNS as HISTORY_COLUMNS, CellYear, History, HistoryYear};
pub(crate) use places::COLUMNS as PLACE_COLUMNS;
pub(crate) use readers::ROLE_COLUMNS;
pub(crate) use table::{Row, Table};

/// Largest input file wfcast reads: far above any real scenario, data table, history or
/// model file (the shipped baseline's largest table is about 0.3 MB), and small enough that
/// a wrong path cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads the whole of `path`, which must be a regular file (following symbolic links) of at
/// most [`MAX_FILE_BYTES`]: a FIFO would block forever and a device such as `/dev/zero`
/// never ends, so both are refused before reading, and a file that grows past the limit
/// while being read is refused too.
pub fn read_bounded(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        // the system's own error, which callers recognise and explain
        return std::fs::read(path);
    }
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "it is not a regular file (a pipe, device or socket)",
        ));
    }
    let too_large = || {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "it is larger than the {} MiB an input file may have",
                MAX_FILE_BYTES >> 20
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}
