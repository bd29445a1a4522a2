//! Random edits of a file's bytes, for the property tests of the readers: delete a few
//! bytes, insert TOML and CSV punctuation, odd numbers or raw bytes, overwrite one, or
//! duplicate a line.

use proptest::prelude::*;

/// One edit of a file: at a position (a fraction of its length), one of delete a few
/// bytes, insert some, overwrite one, or duplicate a line.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Delete(f64, usize),
    Insert(f64, Vec<u8>),
    Overwrite(f64, u8),
    DuplicateLine(f64),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        proptest::collection::vec(any::<u8>(), 1..8),
        prop::sample::select(vec![
            "\"",
            "[",
            "]",
            "{",
            "}",
            "=",
            ",",
            "\n",
            "\r\n",
            "-",
            "nan",
            "inf",
            "1e308",
            "-1",
            "0",
            ".",
            "#",
            "\u{feff}",
            "\u{fffd}",
            "99999999999999999999",
            "[[",
            "'''",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    prop_oneof![
        (0.0..1.0, 1usize..6).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, interesting).prop_map(|(at, b)| Edit::Insert(at, b)),
        (0.0..1.0, any::<u8>()).prop_map(|(at, b)| Edit::Overwrite(at, b)),
        (0.0..1.0).prop_map(Edit::DuplicateLine),
    ]
}

pub(crate) fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for e in edits {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Delete(f, n) => {
                let i = at(*f, bytes.len());
                let j = (i + n).min(bytes.len());
                bytes.drain(i..j);
            }
            Edit::Insert(f, b) => {
                let i = at(*f, bytes.len());
                bytes.splice(i..i, b.iter().copied());
            }
            Edit::Overwrite(f, b) => {
                if !bytes.is_empty() {
                    let i = at(*f, bytes.len() - 1);
                    bytes[i] = *b;
                }
            }
            Edit::DuplicateLine(f) => {
                let i = at(*f, bytes.len());
                let start = bytes[..i]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p + 1);
                let line = bytes[start..end].to_vec();
                bytes.splice(end..end, line);
            }
        }
    }
}
