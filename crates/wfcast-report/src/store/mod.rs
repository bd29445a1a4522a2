//! The run store: what a run leaves on disk besides its reports — the atomic staging of
//! every output folder ([`staging`]), the record of what was run ([`provenance`], `run.json`)
//! and the raw draws of a sharded run ([`shard`]).

pub mod provenance;
pub mod shard;
pub mod staging;
