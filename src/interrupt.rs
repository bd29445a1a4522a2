//! Ctrl-C (SIGINT) part-way through a run, or a scheduler cancelling it (SIGTERM, SIGHUP):
//! remove the staging folder (and the output folder if this run created it and it is still
//! empty), say so, and exit with 130 (the handler cannot tell the signals apart).
//!
//! The handler runs on its own thread and ends the process, so destructors (which remove
//! the staging folder of a run that fails) never run. It takes a lock that the run holds
//! while it creates or fills the staging folder, so it never removes a folder that is being
//! written to: a Ctrl-C during writing waits until the results are complete.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use wfcast_report::store::staging::staging_prefix;

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub(crate) const INTERRUPTED: i32 = 130;

/// The output folder of the run in progress, and whether the run created it.
struct Target {
    /// The `--out` folder.
    out: PathBuf,
    /// Whether it did not exist before the run.
    created: bool,
}

/// The run in progress, shared with the signal handler; its lock is what a held
/// [`Cleanup`] holds.
static TARGET: Mutex<Option<Target>> = Mutex::new(None);

/// Locks [`TARGET`]; a panic elsewhere while it was held does not stop a Ctrl-C cleaning up.
fn lock() -> MutexGuard<'static, Option<Target>> {
    TARGET.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs the handler for Ctrl-C and termination signals. Call once, first thing in `main`.
pub(crate) fn install() {
    // If a handler cannot be installed the default (immediate stop) applies; the staging
    // folder then stays behind, hidden, and is not mistaken for results.
    let _ = ctrlc::set_handler(|| {
        let target = lock();
        let message = match target.as_ref() {
            Some(t) => {
                remove_partial(t);
                "interrupted: no results were written"
            }
            // before a run writes anything, or after it has finished writing
            None => "interrupted",
        };
        // not eprintln!: it panics when stderr is gone (a killed parent's pipe), which
        // would end this thread before the exit and leave the run going
        let _ = writeln!(std::io::stderr(), "{message}");
        std::process::exit(INTERRUPTED);
    });
}

/// Removes this process's staging folders under the output folder, and the output folder
/// itself if the run created it and nothing else is in it.
fn remove_partial(t: &Target) {
    let prefix = staging_prefix();
    if let Ok(entries) = fs::read_dir(&t.out) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    if t.created {
        // fails, as it should, when the folder holds anything else
        let _ = fs::remove_dir(&t.out);
    }
}

/// Cleans up after a run into `out` that is interrupted or fails. While it is `held`, a
/// Ctrl-C waits; hold it while the staging folder is created and while results are written.
pub(crate) struct Cleanup {
    /// The lock on [`TARGET`], while held.
    guard: Option<MutexGuard<'static, Option<Target>>>,
}

impl Cleanup {
    /// Registers a run writing into `out`, held (call before creating the staging folder).
    pub(crate) fn new(out: &Path) -> Self {
        let mut guard = lock();
        *guard = Some(Target {
            out: out.to_owned(),
            created: !out.exists(),
        });
        Self { guard: Some(guard) }
    }

    /// Lets a Ctrl-C stop the run at once (while the engine runs).
    pub(crate) fn release(&mut self) {
        self.guard = None;
    }

    /// Makes a Ctrl-C wait until this value is dropped (while results are written).
    pub(crate) fn hold(&mut self) {
        if self.guard.is_none() {
            self.guard = Some(lock());
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let mut guard = self.guard.take().unwrap_or_else(lock);
        if let Some(t) = guard.take()
            && t.created
        {
            // a run that failed leaves no empty output folder behind; after a successful
            // run the folder holds results and this does nothing
            let _ = fs::remove_dir(&t.out);
        }
    }
}
