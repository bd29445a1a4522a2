//! A small layer over the `csv` crate that turns every bad field into an error naming the
//! file, row and column, so data and history files can be read without panics.

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result, did_you_mean};

/// The most people one row of a data file or history may count: far above any real cell
/// (a role, region, band and age band), and small enough that a cell grown by decades of
/// joiners stays within the model's 32-bit counts.
pub(crate) const MAX_COUNT: u32 = 1_000_000;

/// A CSV file read into memory with its header checked.
pub(crate) struct Table {
    file: PathBuf,
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

/// One data row of a [`Table`], with typed access that reports the row and column on error.
pub(crate) struct Row<'a> {
    table: &'a Table,
    line: usize,
    record: &'a csv::StringRecord,
}

impl Table {
    /// Parses `text` (the contents of `file`), requiring every column in `required`.
    pub(crate) fn parse(file: &Path, text: &str, required: &[&str]) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(
                Error::input(Location::file(file), "the file is empty").with_help(format!(
                    "expected a header line with the columns: {}",
                    required.join(",")
                )),
            );
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(file, &e))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let mut errors = Vec::new();
        for (i, name) in header.iter().enumerate() {
            if header[..i].contains(name) {
                errors.push(Error::input(
                    Location::csv(file, 1, Some(i + 1)),
                    format!("column `{name}` appears twice in the header"),
                ));
            }
        }
        for col in required {
            if !header.iter().any(|h| h == col) {
                let mut err = Error::input(
                    Location::csv(file, 1, None),
                    format!("missing column `{col}`"),
                );
                if let Some(near) = did_you_mean(col, header.iter().map(String::as_str)) {
                    err = err.with_help(format!("the header has `{near}`: did you mean `{col}`?"));
                } else {
                    err = err.with_help(format!("the header must contain: {}", required.join(",")));
                }
                errors.push(err);
            }
        }
        Error::collect(errors)?;
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(file, &e))?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push((line, record));
        }
        Ok(Self {
            file: file.to_owned(),
            header,
            rows,
        })
    }

    /// A table of rows read from somewhere other than CSV text (a spreadsheet's first
    /// sheet): `rows` holds each row's 1-based line (its row number in the sheet) and
    /// fields; blank rows are dropped as in [`Table::parse`].
    pub(crate) fn from_records(
        file: &Path,
        header: Vec<String>,
        rows: Vec<(usize, csv::StringRecord)>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            header: header.into_iter().map(|h| h.trim().to_owned()).collect(),
            rows: rows
                .into_iter()
                .filter(|(_, r)| !r.iter().all(|f| f.trim().is_empty()))
                .collect(),
        }
    }

    /// Whether the header has column `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.header.iter().any(|h| h == name)
    }

    /// The header's column names.
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// Number of data rows.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The data rows, in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }

    /// The file this table was read from.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }
}

fn csv_error(file: &Path, e: &csv::Error) -> Error {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".to_owned(),
        _ => format!("unreadable CSV: {e}"),
    };
    Error::input(Location::csv(file, line, None), message)
        .with_help("save the file as UTF-8 CSV with a comma between fields and the same number of fields on every row")
}

impl Row<'_> {
    fn column(&self, name: &str) -> (usize, &str) {
        let idx = self
            .table
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or(usize::MAX);
        (idx, self.record.get(idx).map_or("", str::trim))
    }

    /// The 1-based line of this row in the file.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// An error located at column `name` of this row.
    pub(crate) fn error(&self, name: &str, message: impl Into<String>) -> Error {
        let (idx, _) = self.column(name);
        Error::input(
            Location::csv(self.table.file(), self.line, Some(idx.saturating_add(1))),
            message,
        )
    }

    /// The text of column `name`, trimmed; empty when the cell is empty.
    pub(crate) fn raw(&self, name: &str) -> &str {
        self.column(name).1
    }

    /// The text of column `name`, which must not be empty.
    pub(crate) fn text(&self, name: &str) -> Result<&str> {
        let (_, value) = self.column(name);
        if value.is_empty() {
            return Err(self
                .error(name, format!("`{name}` is empty"))
                .with_help("fill in a value"));
        }
        Ok(value)
    }

    /// Column `name` as a finite number within `[lo, hi]`.
    pub(crate) fn number(&self, name: &str, lo: f64, hi: f64) -> Result<f64> {
        let raw = self.text(name)?;
        let value: f64 = raw
            .parse()
            .map_err(|_| self.error(name, format!("`{name}` must be a number, found `{raw}`")))?;
        if !value.is_finite() || value < lo || value > hi {
            return Err(self.error(
                name,
                format!("`{name}` = {raw} is out of range: expected a number from {lo} to {hi}"),
            ));
        }
        Ok(value)
    }

    /// Column `name` as a whole number of people, from zero to [`MAX_COUNT`].
    pub(crate) fn count(&self, name: &str) -> Result<u32> {
        let raw = self.text(name)?;
        if let Ok(n) = raw.parse::<u64>()
            && n > u64::from(MAX_COUNT)
        {
            return Err(self
                .error(
                    name,
                    format!("`{name}` = {raw} is more than the {MAX_COUNT} people a row may count"),
                )
                .with_help("a row counts the people of one cell (role, region, band and age band): check the number"));
        }
        raw.parse::<u32>().map_err(|_| {
            let hint = if raw.starts_with('-') {
                "a count cannot be negative"
            } else {
                "expected a whole number such as 12"
            };
            self.error(
                name,
                format!("`{name}` must be a whole number of people (0 or more), found `{raw}`"),
            )
            .with_help(hint)
        })
    }

    /// Column `name` looked up in `choices` (ids), with a "did you mean" on a near miss.
    pub(crate) fn choice<'c>(
        &self,
        name: &str,
        what: &str,
        choices: impl Fn(&str) -> Option<usize>,
        all: impl IntoIterator<Item = &'c str> + Clone,
    ) -> Result<usize> {
        let raw = self.text(name)?;
        choices(raw).ok_or_else(|| {
            let err = self.error(name, format!("unknown {what} `{raw}`"));
            match did_you_mean(raw, all.clone()) {
                Some(near) => err.with_help(format!("did you mean `{near}`?")),
                None => err.with_help(format!(
                    "known {what}s: {}",
                    all.into_iter().collect::<Vec<_>>().join(", ")
                )),
            }
        })
    }
}
