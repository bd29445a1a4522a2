//! A shard file proves its integrity: a flipped bit in a draw fails that block's checksum, a
//! change in the header fails the digest, and a value that is not a finite number is
//! refused even under a valid checksum.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use wfcast_core::geography::{Place, PlaceSpec};
use wfcast_core::{Measure, Method, Projection};

use super::*;

fn header() -> ShardHeader {
    ShardHeader {
        format: FORMAT.to_owned(),
        wfcast_version: "test".to_owned(),
        resolved: String::new(),
        inputs: Vec::new(),
        scenario: "s".to_owned(),
        seed: 1,
        draws: 2,
        shard: 0,
        shards: 1,
        region: None,
        years: vec![2024],
        roles: vec!["a".to_owned()],
        places: vec!["north".to_owned()],
        metrics: vec!["headcount".to_owned()],
        parameter_names: vec!["p".to_owned()],
    }
}

/// England with one region, `north`: the header's places.
fn geography() -> Arc<Geography> {
    let spec = |id: &str, level: &str, parent: Option<&str>| PlaceSpec {
        place: Place {
            id: id.into(),
            name: id.into(),
            code: String::new(),
            level: level.into(),
            hcas: [0.0; 3],
        },
        parent: parent.map(Into::into),
    };
    let specs = vec![
        spec("england", "national", None),
        spec("north", "region", Some("england")),
    ];
    Arc::new(Geography::new(specs).unwrap())
}

/// Two draws whose records count up from 0, with `last` as the final record value.
fn block(last: f64) -> Projection {
    let h = header();
    let mut p = h.projection(geography());
    assert_eq!(p.metrics, [Measure::parse("headcount").unwrap()]);
    p.method = Method::MonteCarlo;
    p.draws = 2;
    p.sampled = vec![0.5, 0.25];
    p.records = (0..2 * p.per_draw()).map(|i| i as f64).collect();
    *p.records.last_mut().unwrap() = last;
    p
}

fn write(path: &Path, last: f64) {
    let mut w = ShardWriter::create(path, &header()).unwrap();
    w.append(&[0, 1], &block(last)).unwrap();
    w.finish(1.5).unwrap();
}

/// Reads every draw and the trailer, returning the first error's message.
fn read(path: &Path) -> Result<Projection, String> {
    let mut r = ShardReader::open(path).map_err(|e| e.to_string())?;
    let mut out = r.header.projection(geography());
    for d in 0..2 {
        r.read_draw(d, &mut out).map_err(|e| e.to_string())?;
    }
    r.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[test]
fn a_shard_reads_back_bit_for_bit() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.wfshard");
    write(&path, 13.0);
    let back = read(&path).unwrap();
    assert_eq!(back.records, block(13.0).records);
    assert_eq!(back.sampled, block(13.0).sampled);
}

#[test]
fn damaged_or_altered_shards_are_refused_with_the_file_named() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.wfshard");
    write(&path, 13.0);
    let good = std::fs::read(&path).unwrap();
    // one bit of the second draw's record (the trailer is 56 bytes, the checksum 4)
    let mut flipped = good.clone();
    let at = good.len() - 56 - 4 - 20;
    flipped[at] ^= 0x10;
    std::fs::write(&path, &flipped).unwrap();
    let err = read(&path).unwrap_err();
    assert!(
        err.contains("s.wfshard") && err.contains("fails its checksum"),
        "{err}"
    );
    // the header's version, same length: only the digest can tell
    let mut altered = good.clone();
    let key = b"\"test\"";
    let pos = good.windows(key.len()).position(|w| w == key).unwrap();
    altered[pos + 2] = b'o';
    std::fs::write(&path, &altered).unwrap();
    let err = read(&path).unwrap_err();
    assert!(err.contains("digest does not match"), "{err}");
}

#[test]
fn values_that_are_not_finite_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.wfshard");
    for bad in [f64::NAN, f64::INFINITY] {
        write(&path, bad);
        let err = read(&path).unwrap_err();
        assert!(
            err.contains("draw 1 holds") && err.contains("not a finite number"),
            "{err}"
        );
    }
}

/// Every single-byte change and every truncation of a valid shard is either refused with a
/// message or (for a change the format cannot see, none here) read back unchanged: reading
/// never panics and never returns altered values.
#[test]
fn every_byte_changed_or_cut_is_refused_without_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.wfshard");
    write(&path, 13.0);
    let good = std::fs::read(&path).unwrap();
    let bad = tmp.path().join("bad.wfshard");
    for at in 0..good.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut b = good.clone();
            b[at] ^= flip;
            std::fs::write(&bad, &b).unwrap();
            match read(&bad) {
                Err(message) => assert!(message.contains("bad.wfshard"), "{message}"),
                Ok(p) => panic!("byte {at} ^ {flip:#x} read back as {:?}", p.records),
            }
        }
    }
    for len in 0..good.len() {
        std::fs::write(&bad, &good[..len]).unwrap();
        assert!(read(&bad).is_err(), "cut at {len} bytes was accepted");
    }
}

/// A header that claims a run far larger than the file is refused before anything that
/// size is allocated.
#[test]
fn a_header_claiming_more_than_the_file_holds_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge.wfshard");
    let mut h = header();
    h.years = (0..100_000).collect();
    h.roles = (0..100_000).map(|i| format!("r{i}")).collect();
    h.draws = u64::MAX / 2;
    let w = ShardWriter::create(&path, &h).unwrap();
    drop(w);
    let err = ShardReader::open(&path).expect_err("refused").to_string();
    assert!(
        err.contains("huge.wfshard") && err.contains("holds"),
        "{err}"
    );
}
