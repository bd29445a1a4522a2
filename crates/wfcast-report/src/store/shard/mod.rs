//! Shard files: the raw draws of one shard of a run (`wfcast run --shard K/N`), written as
//! they are made and read back by `wfcast merge`, which interleaves the shards into the
//! draws of one whole run.
//!
//! Layout, format 2 (little-endian):
//! - the magic `WFSHARD2`, the length of a JSON header (u64) and the header ([`ShardHeader`]);
//! - per draw, one block: its index (u64), its sampled parameters and its record (f64 each),
//!   then the CRC-32 (IEEE) of the block's bytes before it (u32);
//! - the trailer: the magic `WFSHEND2`, the number of draws (u64), the engine's seconds
//!   (f64), then the SHA-256 digest (32 bytes) of every byte of the file before it.
//!
//! So a file cut short, a flipped bit in a draw (its block's checksum) and any change
//! elsewhere, the header included (the digest), are recognised; `wfcast merge` also checks
//! the header against the scenario it carries and against the other shards. Format 1 (no
//! checksums) is refused with a request to rerun. Written by hand rather than as Parquet
//! because it must stream block by block with bounded memory and keep every f64 bit, which
//! a plain binary layout does.

mod reader;
mod writer;

pub use reader::ShardReader;
pub use writer::ShardWriter;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wfcast_core::Measure;
use wfcast_core::Projection;
use wfcast_core::geography::Geography;

use super::provenance::InputHash;

/// The first bytes of every shard file.
const MAGIC: &[u8; 8] = b"WFSHARD2";
/// The first bytes of a shard file of format 1, which had no checksums.
const MAGIC_1: &[u8; 8] = b"WFSHARD1";
/// The bytes that start the trailer, after the last draw.
const END: &[u8; 8] = b"WFSHEND2";
/// The header's format name; a different one is refused.
pub const FORMAT: &str = "wfcast-shard/2";
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
    /// The ids of the places the model projects (the geography's finest level), in order.
    pub places: Vec<String>,
    /// Metrics per role x region and year.
    pub metrics: Vec<String>,
    /// Uncertain parameter entries sampled per draw.
    pub parameter_names: Vec<String>,
}

impl ShardHeader {
    /// Values one draw holds on disk after its index: parameters, then record. Counted
    /// wide, so a damaged header's sizes cannot overflow it.
    fn values_per_draw(&self) -> u128 {
        self.parameter_names.len() as u128
            + self.years.len() as u128
                * self.roles.len() as u128
                * self.places.len() as u128
                * self.metrics.len() as u128
    }

    /// An empty projection shaped like the shard's run, to read draws into, over
    /// `geography` (whose places must be the header's: `wfcast merge` checks them).
    pub fn projection(&self, geography: Arc<Geography>) -> Projection {
        Projection {
            scenario: self.scenario.clone(),
            method: wfcast_core::Method::MonteCarlo,
            years: self.years.clone(),
            roles: self.roles.clone(),
            geography,
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

impl ShardHeader {
    /// The fields of the run's shape in which this header differs from `expected` (the
    /// header the scenario it carries would give): scenario, seed, draws, years, roles,
    /// places, metrics, parameter_names. Empty when they all agree.
    pub fn differences(&self, expected: &ShardHeader) -> Vec<&'static str> {
        let fields = [
            ("scenario", self.scenario == expected.scenario),
            ("seed", self.seed == expected.seed),
            ("draws", self.draws == expected.draws),
            ("years", self.years == expected.years),
            ("roles", self.roles == expected.roles),
            ("places", self.places == expected.places),
            ("metrics", self.metrics == expected.metrics),
            (
                "parameter_names",
                self.parameter_names == expected.parameter_names,
            ),
        ];
        fields
            .into_iter()
            .filter(|(_, same)| !same)
            .map(|(name, _)| name)
            .collect()
    }
}

#[cfg(test)]
mod tests;
