//! Reading a shard file back, draw by draw, checking each block's checksum, every value and
//! at the end the file's digest, so damaged or altered shards are refused with the file named.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wfcast_core::{Measure, Projection};

use super::{END, FORMAT, MAGIC, MAGIC_1, ShardHeader};
use crate::error::{Error, Result};

/// A shard file being read, draw by draw.
#[derive(Debug)]
pub struct ShardReader {
    /// Where it was read from.
    pub path: PathBuf,
    /// What it says about its run.
    pub header: ShardHeader,
    file: BufReader<File>,
    /// The digest of every byte read so far.
    digest: Sha256,
    read: u64,
    buffer: Vec<u8>,
}

impl ShardReader {
    /// Opens `path` and reads and checks its header.
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
        let mut digest = Sha256::new();
        let mut magic = [0u8; 8];
        if take(&mut file, &mut digest, &mut magic).is_err()
            || (&magic != MAGIC && &magic != MAGIC_1)
        {
            return Err(bad(
                "not a wfcast shard file (it does not start with WFSHARD2)".into(),
            ));
        }
        if &magic == MAGIC_1 {
            return Err(Error::Shard {
                path: path.to_owned(),
                message: "it was written by an earlier wfcast (shard format 1, without checksums)"
                    .into(),
                help: "rerun the shards with this version of wfcast".into(),
            });
        }
        let mut len = [0u8; 8];
        take(&mut file, &mut digest, &mut len)
            .map_err(|_| bad("cut short inside its header".into()))?;
        let len = u64::from_le_bytes(len);
        if len > 1 << 30 {
            return Err(bad(format!(
                "its header claims {len} bytes; the file is damaged"
            )));
        }
        let mut json = vec![0u8; len as usize];
        take(&mut file, &mut digest, &mut json)
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
        if header.draws == 0 {
            return Err(bad(
                "its header says the run has no draws: a run has at least one".into(),
            ));
        }
        if let Some(m) = header.metrics.iter().find(|m| Measure::parse(m).is_none()) {
            return Err(bad(format!("its header names an unknown metric `{m}`")));
        }
        // the draws the header describes must fit in the file, so a damaged header never
        // makes the reader allocate for a run the file does not hold
        let values = header.values_per_draw();
        let draws = wfcast_core::run::DrawSet::shard(header.draws, header.shard, header.shards)
            .len() as u128;
        let needed = draws * (8 * (values + 1) + 4) + 16 + u128::from(len);
        let size = std::fs::metadata(path).map_or(0, |m| u128::from(m.len()));
        if needed > size {
            return Err(Error::Shard {
                path: path.to_owned(),
                message: format!(
                    "its header describes {draws} draws of {values} values, more than the \
                     {size} bytes the file holds; the file is cut short or damaged"
                ),
                help: "rerun this shard: its file is incomplete or damaged".into(),
            });
        }
        Ok(Self {
            path: path.to_owned(),
            header,
            file,
            digest,
            read: 0,
            buffer: Vec::new(),
        })
    }

    /// A shard file that is cut short, damaged or does not match its header.
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

    /// Reads the next draw, which must be `draw`, checks its block's checksum and that
    /// every value is a finite number, and appends it to `out`.
    pub fn read_draw(&mut self, draw: u64, out: &mut Projection) -> Result<()> {
        let np = self.header.parameter_names.len();
        // at most the file's size: `open` refused a header describing more
        let n = self.header.values_per_draw() as usize;
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.resize(8 * (n + 1) + 4, 0);
        if take(&mut self.file, &mut self.digest, &mut buffer).is_err() {
            return Err(self.damaged(format!(
                "it ends after {} of its {} draws",
                self.read,
                self.expected_draws()
            )));
        }
        let (block, crc) = buffer.split_at(8 * (n + 1));
        if crc32fast::hash(block).to_le_bytes() != crc {
            return Err(self.damaged(format!(
                "the block of its draw number {} (counting from 0 in this file) fails its checksum",
                self.read
            )));
        }
        let word = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&block[8 * i..8 * i + 8]);
            b
        };
        let index = u64::from_le_bytes(word(0));
        if index != draw {
            return Err(self.damaged(format!("holds draw {index} where draw {draw} belongs")));
        }
        let values = (1..=n).map(|i| f64::from_le_bytes(word(i)));
        if let Some(v) = values.clone().find(|v| !v.is_finite()) {
            return Err(self.damaged(format!(
                "draw {draw} holds {v}, which is not a finite number"
            )));
        }
        out.sampled.extend(values.clone().take(np));
        out.records.extend(values.skip(np));
        out.draws += 1;
        self.read += 1;
        self.buffer = buffer;
        Ok(())
    }

    /// Checks the trailer after the last draw (end marker, draw count, the digest of the
    /// whole file); returns the shard's engine seconds.
    pub fn finish(mut self) -> Result<f64> {
        let mut end = [0u8; 24];
        if take(&mut self.file, &mut self.digest, &mut end).is_err() || &end[..8] != END {
            return Err(self.damaged("it has no end marker: the shard did not finish"));
        }
        let mut count = [0u8; 8];
        count.copy_from_slice(&end[8..16]);
        if u64::from_le_bytes(count) != self.read {
            return Err(self.damaged("its draw count does not match its end marker"));
        }
        let expected = std::mem::take(&mut self.digest).finalize();
        let mut digest = [0u8; 32];
        if self.file.read_exact(&mut digest).is_err() || digest[..] != expected[..] {
            return Err(self.damaged(
                "its SHA-256 digest does not match its contents: it was altered or damaged",
            ));
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

/// Reads exactly `buf.len()` bytes of `file` and adds them to `digest`.
fn take(file: &mut BufReader<File>, digest: &mut Sha256, buf: &mut [u8]) -> std::io::Result<()> {
    file.read_exact(buf)?;
    digest.update(&*buf);
    Ok(())
}
