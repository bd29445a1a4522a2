//! Writing a shard file, draw by draw, with each block's checksum and the file's digest.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wfcast_core::Projection;

use super::{END, MAGIC, ShardHeader};
use crate::error::{Error, Result};

/// A shard file being written.
#[derive(Debug)]
pub struct ShardWriter {
    path: PathBuf,
    file: BufWriter<File>,
    /// The digest of every byte written so far.
    digest: Sha256,
    draws: u64,
    /// One draw's block, reused.
    block: Vec<u8>,
}

impl ShardWriter {
    /// Creates `path` and writes `header`.
    pub fn create(path: &Path, header: &ShardHeader) -> Result<Self> {
        let file = File::create(path).map_err(|e| Error::write(path, e))?;
        let mut w = Self {
            path: path.to_owned(),
            file: BufWriter::with_capacity(1 << 20, file),
            digest: Sha256::new(),
            draws: 0,
            block: Vec::new(),
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

    /// Writes `bytes` and adds them to the digest, naming the file in any error.
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.digest.update(bytes);
        self.file
            .write_all(bytes)
            .map_err(|e| Error::write(&self.path, e))
    }

    /// Appends the draws `indices` held (in that order) by `block`, one checksummed block
    /// each.
    pub fn append(&mut self, indices: &[u64], block: &Projection) -> Result<()> {
        let (per, np) = (block.per_draw(), block.parameter_names.len());
        let mut bytes = std::mem::take(&mut self.block);
        for (i, &d) in indices.iter().enumerate() {
            bytes.clear();
            bytes.extend_from_slice(&d.to_le_bytes());
            for v in block.sampled[i * np..(i + 1) * np]
                .iter()
                .chain(&block.records[i * per..(i + 1) * per])
            {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
            let crc = crc32fast::hash(&bytes);
            bytes.extend_from_slice(&crc.to_le_bytes());
            self.put(&bytes)?;
            self.draws += 1;
        }
        self.block = bytes;
        Ok(())
    }

    /// Writes the trailer (end marker, draw count, engine seconds, digest) and flushes.
    pub fn finish(mut self, engine_seconds: f64) -> Result<()> {
        self.put(END)?;
        self.put(&self.draws.to_le_bytes())?;
        self.put(&engine_seconds.to_le_bytes())?;
        let digest = std::mem::take(&mut self.digest).finalize();
        self.file
            .write_all(&digest)
            .and_then(|()| self.file.flush())
            .map_err(|e| Error::write(&self.path, e))
    }
}
