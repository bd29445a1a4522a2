//! Ctrl-C (SIGINT) part-way through a run, or a scheduler cancelling it (SIGTERM, SIGHUP):
//! remove the staging folder (and the output folder if this run created it and it is still
//! empty), say so, and exit with 130 (the handler cannot tell the signals apart).
//!
//! The handler runs on its own thread and ends the process, so destructors (which remove
//! the staging folder of a run that fails) never run. It takes a lock that the run holds
//! while it creates or fills the staging folder, so it never removes a folder that is being
//! written to: a Ctrl-C during writing waits until the results are complete. Once they are
//! published (the commit point, [`published`]) a signal ends the process with 0: the run has
//! succeeded, and saying "interrupted" or exiting with 130 would wrongly say otherwise.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Whether this process has published its results (see [`published`]).
static PUBLISHED: AtomicBool = AtomicBool::new(false);

/// Records that the results are published: a signal from now on ends the process with 0.
/// Call while the [`Cleanup`] is held, right after the commit, so a signal that arrived
/// during it (and waited) sees this.
pub(crate) fn published() {
    PUBLISHED.store(true, Ordering::SeqCst);
}

/// Locks [`TARGET`]; a panic elsewhere while it was held does not stop a Ctrl-C cleaning up.
fn lock() -> MutexGuard<'static, Option<Target>> {
    TARGET.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Locks [`TARGET`] for the handler, or ends the process with 0 as soon as the results are
/// published: the run holds the lock until it ends, printing its headline table after the
/// commit, and a stdout that blocks (a full pipe) must not keep a signal from ending it.
fn lock_unless_published() -> MutexGuard<'static, Option<Target>> {
    loop {
        if PUBLISHED.load(Ordering::SeqCst) {
            std::process::exit(0);
        }
        match TARGET.try_lock() {
            Ok(guard) => return guard,
            Err(std::sync::TryLockError::Poisoned(p)) => return p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }
}

/// Installs the handler for Ctrl-C and termination signals. Call once, first thing in `main`.
pub(crate) fn install() {
    // If a handler cannot be installed the default (immediate stop) applies; the staging
    // folder then stays behind, hidden, and is not mistaken for results.
    let _ = ctrlc::set_handler(|| {
        let target = lock_unless_published();
        let (code, message) = outcome(target.as_ref(), PUBLISHED.load(Ordering::SeqCst));
        if let Some(t) = target.as_ref()
            && code == INTERRUPTED
        {
            remove_partial(t);
        }
        if let Some(message) = message {
            // not eprintln!: it panics when stderr is gone (a killed parent's pipe), which
            // would end this thread before the exit and leave the run going
            let _ = writeln!(std::io::stderr(), "{message}");
        }
        std::process::exit(code);
    });
}

/// The exit code and message of a signal arriving while `target` is the run in progress
/// (none before a run writes anything or after it ends), once results are `published` or
/// before.
fn outcome(target: Option<&Target>, published: bool) -> (i32, Option<&'static str>) {
    if published {
        // the results are complete and in place: the run succeeded, it just ends sooner
        return (0, None);
    }
    match target {
        Some(_) => (INTERRUPTED, Some("interrupted: no results were written")),
        None => (INTERRUPTED, Some("interrupted")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_after_the_commit_point_is_not_an_interruption() {
        let t = Target {
            out: PathBuf::from("out"),
            created: false,
        };
        assert_eq!(outcome(Some(&t), true), (0, None));
        assert_eq!(outcome(None, true), (0, None));
        assert_eq!(
            outcome(Some(&t), false),
            (INTERRUPTED, Some("interrupted: no results were written"))
        );
        assert_eq!(outcome(None, false), (INTERRUPTED, Some("interrupted")));
    }
}
