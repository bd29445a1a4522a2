//! What a run reads besides the scenario: the baseline data (staff in post and the rates
//! people move at; the default data is compiled in), the CSV tables it is read from, and
//! ESR-style histories for calibration.

mod baseline;
mod history;
mod readers;
mod table;

pub use baseline::{Baseline, DATA_FILES, DataFile, Role};
pub use history::{COLUMNS as HISTORY_COLUMNS, CellYear, History, HistoryYear};
