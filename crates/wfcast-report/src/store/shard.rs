//! Shard files: the raw draws of one shard of a run (`wfcast run --shard K/N`), written as
//! they are made and read back by `wfcast merge`, which interleaves the shards into the
//! draws of one whole run.
//!
//! Layout (little-endian): the magic `WFSHARD1`, the length of a JSON header (u64), the
//! header ([`ShardHeader`]), then per draw its index (u64), its sampled parameters and its
//! record (f64 each), and finally the magic `WFSHEND1` with the number of draws (u64) and
//! the engine's seconds (f64), so a file cut short is recognised. Written by hand rather
//! than as Parquet because it must stream block by block with bounded memory and keep every
//! f64 bit, which a plain binary layout does with no extra dependency.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wfcast_core::Measure;
use wfcast_core::Projection;

use super::provenance::InputHash;
use crate::error::{Error, Result};

/// The first bytes of every shard file.
const MAGIC: &[u8; 8] = b"WFSHARD1";
/// The bytes that start the trailer, after the last draw.
const END: &[u8; 8] = b"WFSHEND1";
/// The header's format name; a different one is refused.
pub const FORMAT: &str = "wfcast-shard/1";
/// The file name's extension.
pub const EXTENSION: &str = "wfshard";

/// What a shard file says about the run it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardHeader {
    /// Always [`FORMAT`].
    pub format: String,
    /// wfcast version that wrote it.
    pub wfcast_version: String,
    /// The scenario as run (`resolved.toml`).
    pub resolved: String,
    /// Every input of the scenario (file chain and data files) with its hash.
    pub inputs: Vec<InputHash>,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Draws of the whole run (all shards).
    pub draws: u64,
    /// This shard (counted from 0).
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// The `--region` the outputs are for, if any.
    pub region: Option<String>,
    /// Calendar years, base year first.
    pub years: Vec<i32>,
    /// Role ids.
    pub roles: Vec<String>,
    /// Metrics per role x region and year.
    pub metrics: Vec<String>,
    /// Uncertain parameter entries sampled per draw.
    pub parameter_names: Vec<String>,
}

impl ShardHeader {
    /// Values one draw holds on disk after its index: parameters, then record.
    fn values_per_draw(&self) -> usize {
        self.parameter_names.len()
            + self.years.len()
                * self.roles.len()
                * wfcast_core::taxonomy::N_REGIONS
                * self.metrics.len()
    }

    /// An empty projection shaped like the shard's run, to read draws into.
    pub fn projection(&self) -> Projection {
        Projection {
            scenario: self.scenario.clone(),
            method: wfcast_core::Method::MonteCarlo,
            years: self.years.clone(),
            roles: self.roles.clone(),
            // every name parses: `ShardReader::open` refuses a header that names another
            metrics: self
                .metrics
                .iter()
                .filter_map(|m| Measure::parse(m))
                .collect(),
            draws: 0,
            parameter_names: self.parameter_names.clone(),
            sampled: Vec::new(),
            records: Vec::new(),
        }
    }
}

/// The file name of shard `k` of `n`, e.g. `shard-2-of-8.wfshard`.
pub fn file_name(k: u64, n: u64) -> String {
    format!("shard-{k}-of-{n}.{EXTENSION}")
}

/// A shard file being written.
#[derive(Debug)]
pub struct ShardWriter {
    path: PathBuf,
    file: BufWriter<File>,
    draws: u64,
}

impl ShardWriter {
    /// Creates `path` and writes `header`.
    pub fn create(path: &Path, header: &ShardHeader) -> Result<Self> {
        let file = File::create(path).map_err(|e| Error::write(path, e))?;
        let mut w = Self {
            path: path.to_owned(),
            file: BufWriter::with_capacity(1 << 20, file),
            draws: 0,
        };
        let json = serde_json::to_vec(header).map_err(|e| Error::Json {
            path: path.to_owned(),
            source: e,
        })?;
        w.put(MAGIC)?;
        w.put(&(json.len() as u64).to_le_bytes())?;
        w.put(&json)?;
        Ok(w)
    }

    /// Writes `bytes`, naming the file in any error.
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::write(&self.path, e))
    }

    /// Appends the draws `indices` held (in that order) by `block`.
    pub fn append(&mut self, indices: &[u64], block: &Projection) -> Result<()> {
        let (per, np) = (block.per_draw(), block.parameter_names.len());
        for (i, &d) in indices.iter().enumerate() {
            self.put(&d.to_le_bytes())?;
            for v in block.sampled[i * np..(i + 1) * np]
                .iter()
                .chain(&block.records[i * per..(i + 1) * per])
            {
                self.put(&v.to_le_bytes())?;
            }
            self.draws += 1;
        }
        Ok(())
    }

    /// Writes the end marker and flushes the file.
    pub fn finish(mut self, engine_seconds: f64) -> Result<()> {
        self.put(END)?;
        self.put(&self.draws.to_le_bytes())?;
        self.put(&engine_seconds.to_le_bytes())?;
        self.file.flush().map_err(|e| Error::write(&self.path, e))
    }
}

/// A shard file being read, draw by draw.
#[derive(Debug)]
pub struct ShardReader {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it says about its run.
    pub header: ShardHeader,
    file: BufReader<File>,
    read: u64,
    buffer: Vec<u8>,
}

impl ShardReader {
    /// Opens `path` and reads its header.
    pub fn open(path: &Path) -> Result<Self> {
        let bad = |message: String| Error::Shard {
            path: path.to_owned(),
            message,
            help: "give the folders written by `wfcast run --shard K/N`, complete and unchanged"
                .into(),
        };
        // a pipe or device would block or never end: only regular files are shards
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return Err(bad(
                    "it is not a regular file (a pipe, device or socket)".into()
                ));
            }
            _ => {}
        }
        let file = File::open(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
        let mut file = BufReader::with_capacity(1 << 20, file);
        let mut magic = [0u8; 8];
        file.read_exact(&mut magic)
            .ok()
            .filter(|()| &magic == MAGIC)
            .ok_or_else(|| {
                bad("not a wfcast shard file (it does not start with WFSHARD1)".into())
            })?;
        let mut len = [0u8; 8];
        file.read_exact(&mut len)
            .map_err(|_| bad("cut short inside its header".into()))?;
        let len = u64::from_le_bytes(len);
        if len > 1 << 30 {
            return Err(bad(format!(
                "its header claims {len} bytes; the file is damaged"
            )));
        }
        let mut json = vec![0u8; len as usize];
        file.read_exact(&mut json)
            .map_err(|_| bad("cut short inside its header".into()))?;
        let header: ShardHeader = serde_json::from_slice(&json)
            .map_err(|e| bad(format!("its header is not readable: {e}")))?;
        if header.format != FORMAT {
            return Err(bad(format!(
                "format `{}`, but this wfcast reads `{FORMAT}`",
                header.format
            )));
        }
        if header.shards == 0 || header.shard >= header.shards {
            return Err(bad(format!(
                "its header says shard {} of {}: a run has at least one shard, numbered from 0",
                header.shard, header.shards
            )));
        }
        if let Some(m) = header.metrics.iter().find(|m| Measure::parse(m).is_none()) {
            return Err(bad(format!("its header names an unknown metric `{m}`")));
        }
        Ok(Self {
            path: path.to_owned(),
            header,
            file,
            read: 0,
            buffer: Vec::new(),
        })
    }

    /// A shard file that is cut short or does not match its header.
    fn damaged(&self, message: impl Into<String>) -> Error {
        Error::Shard {
            path: self.path.clone(),
            message: message.into(),
            help: "rerun this shard: its file is incomplete or damaged".into(),
        }
    }

    /// Draws this shard should hold.
    pub fn expected_draws(&self) -> u64 {
        let h = &self.header;
        wfcast_core::run::DrawSet::shard(h.draws, h.shard, h.shards).len()
    }

    /// Reads the next draw, which must be `draw`, and appends it to `out`.
    pub fn read_draw(&mut self, draw: u64, out: &mut Projection) -> Result<()> {
        let np = self.header.parameter_names.len();
        let n = self.header.values_per_draw();
        self.buffer.resize(8 * (n + 1), 0);
        if self.file.read_exact(&mut self.buffer).is_err() {
            return Err(self.damaged(format!(
                "it ends after {} of its {} draws",
                self.read,
                self.expected_draws()
            )));
        }
        let word = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&self.buffer[8 * i..8 * i + 8]);
            b
        };
        let index = u64::from_le_bytes(word(0));
        if index != draw {
            return Err(self.damaged(format!("holds draw {index} where draw {draw} belongs")));
        }
        out.sampled
            .extend((1..=np).map(|i| f64::from_le_bytes(word(i))));
        out.records
            .extend((np + 1..=n).map(|i| f64::from_le_bytes(word(i))));
        out.draws += 1;
        self.read += 1;
        Ok(())
    }

    /// Checks the end marker after the last draw; returns the shard's engine seconds.
    pub fn finish(mut self) -> Result<f64> {
        let mut end = [0u8; 24];
        if self.file.read_exact(&mut end).is_err() || &end[..8] != END {
            return Err(self.damaged("it has no end marker: the shard did not finish"));
        }
        let mut count = [0u8; 8];
        count.copy_from_slice(&end[8..16]);
        if u64::from_le_bytes(count) != self.read {
            return Err(self.damaged("its draw count does not match its end marker"));
        }
        let mut extra = [0u8; 1];
        if self.file.read(&mut extra).map_or(true, |n| n > 0) {
            return Err(self.damaged("it has data after its end marker"));
        }
        let mut secs = [0u8; 8];
        secs.copy_from_slice(&end[16..24]);
        Ok(f64::from_le_bytes(secs))
    }
}
