//! The commit itself: the journal, the renames that swap staged folders into place, and
//! undoing them — in the failing run, or in the next run when the failing one was killed.
//!
//! The journal lists the staged folders; what has been done for each is read from the file
//! system, so undoing is safe to repeat after any interruption. For a name in the journal:
//! - `<staging>/<name>` present, no `<staging>/.old-<name>`: not swapped yet;
//! - both present: the earlier results were moved aside, the new ones not yet in place;
//! - `<staging>/<name>` gone: the new results are in `<out>/<name>` (the earlier ones, if
//!   there were any, in `.old-<name>`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{STAGING_START, owner};
use crate::error::{Error, Result};

/// The journal's file name inside a staging folder.
const JOURNAL: &str = ".journal";
/// The journal's format name; a journal with another is not acted on.
const FORMAT: &str = "wfcast-commit/1";
/// The journal's state while folders are being swapped.
const SWAPPING: &str = "swapping";
/// The journal's state from the commit point on.
const COMMITTED: &str = "committed";

/// The file system operations a commit makes, behind a trait so a test can make any of
/// them fail (the fault-injection test in `tests.rs`).
pub(super) trait Ops {
    /// Renames `from` to `to`.
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    /// Replaces the file `path` with `bytes` in one step.
    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Removes the file `path`.
    fn remove(&mut self, path: &Path) -> io::Result<()>;
}

/// The real file system.
pub(super) struct RealFs;

impl Ops for RealFs {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // written beside and renamed over, so a reader sees the old journal or the new one
        let tmp = path.with_extension("tmp");
        let file = fs::File::create(&tmp)?;
        io::Write::write_all(&mut &file, bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    }

    fn remove(&mut self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
}

/// What a staging folder's journal records.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// Always [`FORMAT`].
    format: String,
    /// [`SWAPPING`] or [`COMMITTED`].
    state: String,
    /// The staged folders, each published as `<out>/<name>`.
    names: Vec<String>,
}

impl Journal {
    /// Writes the journal of `names` in `state` to `path` through `ops`.
    fn write(ops: &mut dyn Ops, path: &Path, state: &str, names: &[String]) -> io::Result<()> {
        let journal = Journal {
            format: FORMAT.to_owned(),
            state: state.to_owned(),
            names: names.to_vec(),
        };
        let bytes = serde_json::to_vec_pretty(&journal).map_err(io::Error::other)?;
        ops.replace(path, &bytes)
    }
}

/// A commit that failed: the error, and whether every earlier folder is back in place.
pub(super) struct Failed {
    /// What went wrong.
    pub(super) error: Error,
    /// Whether the renames made were undone (else the staging folder must stay).
    pub(super) restored: bool,
}

/// The swap of the staged folders `names` of the staging folder `root` into `out`.
pub(super) struct Swap<'a> {
    /// The output folder.
    pub(super) out: &'a Path,
    /// The staging folder.
    pub(super) root: &'a Path,
    /// The staged folders, in the order they are swapped.
    pub(super) names: &'a [String],
}

impl Swap<'_> {
    /// Swaps every staged folder into place and marks the journal committed; on a failure
    /// undoes what was done.
    pub(super) fn run(&self, ops: &mut dyn Ops) -> Result<(), Failed> {
        let journal = self.root.join(JOURNAL);
        if let Err(e) = Journal::write(ops, &journal, SWAPPING, self.names) {
            // nothing was moved: the staging folder only holds the new results
            return Err(Failed {
                error: Error::write(&journal, e),
                restored: true,
            });
        }
        for name in self.names {
            let (target, old) = (self.out.join(name), self.root.join(format!(".old-{name}")));
            let step = (|| {
                if target.exists() {
                    ops.rename(&target, &old).map_err(|e| (target.clone(), e))?;
                }
                ops.rename(&self.root.join(name), &target)
                    .map_err(|e| (target.clone(), e))
            })();
            if let Err((path, e)) = step {
                return Err(self.undo(ops, Error::write(path, e)));
            }
        }
        if let Err(e) = Journal::write(ops, &journal, COMMITTED, self.names) {
            return Err(self.undo(ops, Error::write(&journal, e)));
        }
        Ok(())
    }

    /// Puts the earlier results back after `error`, saying where they are kept if that
    /// fails too.
    fn undo(&self, ops: &mut dyn Ops, error: Error) -> Failed {
        match self.roll_back(ops) {
            Ok(()) => Failed {
                error,
                restored: true,
            },
            Err(e) => Failed {
                error: Error::Unfinished {
                    cause: Box::new(error),
                    undo: Box::new(e),
                    staging: self.root.to_owned(),
                },
                restored: false,
            },
        }
    }

    /// Undoes the renames recorded by the file system (see the module comment), last name
    /// first, then removes the journal, so a repeat finds nothing to do.
    fn roll_back(&self, ops: &mut dyn Ops) -> Result<()> {
        for name in self.names.iter().rev() {
            let (target, new, old) = (
                self.out.join(name),
                self.root.join(name),
                self.root.join(format!(".old-{name}")),
            );
            if !new.exists() && target.exists() {
                ops.rename(&target, &new)
                    .map_err(|e| Error::write(&target, e))?;
            }
            if old.exists() {
                ops.rename(&old, &target)
                    .map_err(|e| Error::write(&target, e))?;
            }
        }
        let journal = self.root.join(JOURNAL);
        ops.remove(&journal).map_err(|e| Error::write(&journal, e))
    }
}

/// Finishes what runs into `out` that are gone left behind: each of their staging folders
/// has its interrupted commit rolled back (before the commit point) and is removed.
pub(super) fn recover(out: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(());
    };
    let mut stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(STAGING_START))
        .map(|e| e.path())
        .filter(|p| p.is_dir() && owner::is_stale(p))
        .collect();
    stale.sort();
    for root in stale {
        let journal = root.join(JOURNAL);
        match fs::read(&journal) {
            Ok(bytes) => {
                let read: Journal = serde_json::from_slice(&bytes)
                    .ok()
                    .filter(|j: &Journal| j.format == FORMAT)
                    .ok_or_else(|| Error::Journal {
                        path: journal.clone(),
                        out: out.to_owned(),
                    })?;
                if read.state != COMMITTED {
                    let swap = Swap {
                        out,
                        root: &root,
                        names: &read.names,
                    };
                    swap.roll_back(&mut RealFs)
                        .map_err(|e| Error::Unrecovered {
                            staging: root.clone(),
                            source: Box::new(e),
                        })?;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::write(&journal, e)),
        }
        // best effort: a folder that cannot be removed is tried again by the next run
        let _ = fs::remove_dir_all(&root);
    }
    Ok(())
}
