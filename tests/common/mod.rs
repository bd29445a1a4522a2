//! What the end-to-end tests share: running the built `wfcast` binary and finding repo files.

#![allow(dead_code)] // each test binary uses its own subset of these helpers
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;
use std::process::{Command, Output};

/// Runs `wfcast args...` in `cwd` and waits for it.
pub(crate) fn wfcast(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wfcast"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// Runs `wfcast args...` in `cwd` and fails the test, with its stderr, unless it succeeds.
pub(crate) fn ok(args: &[&str], cwd: &Path) {
    let out = wfcast(args, cwd);
    assert!(
        out.status.success(),
        "wfcast {args:?}: {}",
        text(&out.stderr)
    );
}

/// The absolute path of a file in the repository, e.g. `scenarios/base.toml`.
pub(crate) fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// Process output as text.
pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
