//! Atomic output that never loses results.
//!
//! Every file of a run is written under a hidden staging folder inside the output folder
//! (`.wfcast-staging-<pid>-<stamp>`; hidden, so never mistaken for results). Publishing
//! ([`Staging::commit`]) then, holding the output folder's lock:
//! 1. writes a journal naming the staged folders (`.journal`, replaced in one rename);
//! 2. for each staged folder, moves the earlier results of that name aside into the staging
//!    folder (`.old-<name>`) and the new folder into place: one rename each, so the earlier
//!    results stay whole under one name or the other, and are back under their own name if
//!    anything fails;
//! 3. marks the journal `committed`: the commit point. Only after it are the earlier results
//!    removed, with the staging folder.
//!
//! A failure before the commit point puts every earlier folder back (in this run, or, when
//! the process was killed or cannot undo its own renames, in the next run into the same
//! folder, which reads the journal). A staging folder belongs to the run whose pid and host
//! its `.owner` file records; the run keeps that file locked while it lives and the
//! operating system drops the lock however the process ends, so the next run removes the
//! folders of runs that are gone (see [`owner`]) and leaves those of live runs, which may
//! be other shards on other machines sharing the folder.

mod commit;
mod owner;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use commit::{Ops, RealFs};
use owner::{OutLock, Owner};

/// The start of every staging folder's name.
const STAGING_START: &str = ".wfcast-staging-";

/// A run's outputs being written; call [`Staging::commit`] to publish them.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    root: PathBuf,
    /// Locked while this value lives, so other runs leave the folder alone.
    _owner: Owner,
    /// Whether the folder must stay when this value is dropped: it holds earlier results
    /// that a failed commit could not put back (the next run does, from the journal).
    keep: bool,
}

impl Staging {
    /// Prepares to write results under `out` (created if missing). First finishes what runs
    /// into `out` that are gone left behind: an interrupted commit is rolled back (earlier
    /// results put back under their names) and their staging folders are removed.
    pub fn new(out: &Path) -> Result<Self> {
        fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
        // the lock covers creating the folder and its owner file, so a folder found without
        // an owner file by a run holding the lock is one whose run died in between
        let _lock = OutLock::acquire(out)?;
        commit::recover(out)?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let root = out.join(format!("{}{stamp}", staging_prefix()));
        fs::create_dir(&root).map_err(|e| Error::write(&root, e))?;
        match Owner::create(&root) {
            Ok(owner) => Ok(Self {
                out: out.to_owned(),
                root,
                _owner: owner,
                keep: false,
            }),
            Err(e) => {
                let _ = fs::remove_dir_all(&root);
                Err(e)
            }
        }
    }

    /// The staging folder for one result folder (e.g. a scenario name), created on demand.
    pub fn dir(&self, name: &str) -> Result<PathBuf> {
        let dir = self.root.join(name);
        fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(dir)
    }

    /// Writes `bytes` to `name` inside the staging folder `dir`.
    pub fn write(&self, dir: &str, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir(dir)?.join(name);
        fs::write(&path, bytes).map_err(|e| Error::write(&path, e))
    }

    /// Moves every staged folder into the output folder, replacing earlier results of the
    /// same name, and returns the published paths. On an error no earlier results are
    /// lost: they are back under their own names, or (when they could not be moved back)
    /// kept in the staging folder for the next run into `out` to put back, as the error
    /// says.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        self.commit_with(&mut RealFs)
    }

    /// [`Staging::commit`] with the renames and journal writes made through `ops`.
    fn commit_with(mut self, ops: &mut dyn Ops) -> Result<Vec<PathBuf>> {
        let mut names: Vec<String> = Vec::new();
        for entry in fs::read_dir(&self.root).map_err(|e| Error::write(&self.root, e))? {
            let entry = entry.map_err(|e| Error::write(&self.root, e))?;
            // staged folders are named by this crate's callers, in UTF-8 and never with a
            // leading dot (scenario names cannot start with one): the rest is bookkeeping
            if let Some(name) = entry.file_name().to_str()
                && !name.starts_with('.')
            {
                names.push(name.to_owned());
            }
        }
        names.sort();
        let _lock = OutLock::acquire(&self.out)?;
        let swap = commit::Swap {
            out: &self.out,
            root: &self.root,
            names: &names,
        };
        if let Err(failed) = swap.run(ops) {
            self.keep = !failed.restored;
            return Err(failed.error);
        }
        Ok(names.iter().map(|n| self.out.join(n)).collect())
    }
}

/// The start of the name of every staging folder this process makes, so a signal handler
/// that cannot reach a [`Staging`] value can still find and remove them.
pub fn staging_prefix() -> String {
    format!("{STAGING_START}{}-", std::process::id())
}

impl Drop for Staging {
    fn drop(&mut self) {
        // after a commit this removes the earlier results moved aside; after a failure the
        // partial results. Best effort: what stays is removed by the next run.
        if !self.keep {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}
