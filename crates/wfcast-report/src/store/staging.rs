//! Atomic output: every file of a run is written under a hidden staging folder inside the
//! output folder, and each scenario's folder is moved into place only when all of its
//! files are complete. A run that fails or is interrupted leaves only the staging folder,
//! which is removed on drop (and never mistaken for results: its name starts with a dot).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A run's outputs being written; call [`Staging::commit`] to publish them.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    root: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to write results under `out` (created if missing).
    pub fn new(out: &Path) -> Result<Self> {
        fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let root = out.join(format!("{}{stamp}", staging_prefix()));
        fs::create_dir(&root).map_err(|e| Error::write(&root, e))?;
        Ok(Self {
            out: out.to_owned(),
            root,
            committed: false,
        })
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
    /// same name, and returns the published paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut names: Vec<PathBuf> = fs::read_dir(&self.root)
            .map_err(|e| Error::write(&self.root, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        let mut published = Vec::new();
        for staged in names {
            let Some(name) = staged.file_name() else {
                continue;
            };
            let target = self.out.join(name);
            if target.exists() {
                let old = self.root.join(format!(".old-{}", name.to_string_lossy()));
                fs::rename(&target, &old).map_err(|e| Error::write(&target, e))?;
            }
            fs::rename(&staged, &target).map_err(|e| Error::write(&target, e))?;
            published.push(target);
        }
        self.committed = true;
        fs::remove_dir_all(&self.root).map_err(|e| Error::write(&self.root, e))?;
        Ok(published)
    }
}

/// The start of the name of every staging folder this process makes, so a signal handler
/// that cannot reach a [`Staging`] value can still find and remove them.
pub fn staging_prefix() -> String {
    format!(".wfcast-staging-{}-", std::process::id())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: a failed run must not leave partial results behind.
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_published_until_commit() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let s = Staging::new(tmp.path()).unwrap();
            s.write("a", "x.csv", b"1").unwrap();
        }
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "an abandoned run leaves nothing"
        );
        let s = Staging::new(tmp.path()).unwrap();
        s.write("a", "x.csv", b"2").unwrap();
        let published = s.commit().unwrap();
        assert_eq!(published, vec![tmp.path().join("a")]);
        assert_eq!(fs::read(tmp.path().join("a/x.csv")).unwrap(), b"2");
        let entries: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(entries.len(), 1, "the staging folder is gone");
    }

    #[test]
    fn commit_replaces_earlier_results() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("a")).unwrap();
        fs::write(tmp.path().join("a/stale.csv"), b"old").unwrap();
        let s = Staging::new(tmp.path()).unwrap();
        s.write("a", "x.csv", b"new").unwrap();
        s.commit().unwrap();
        assert!(!tmp.path().join("a/stale.csv").exists());
        assert_eq!(fs::read(tmp.path().join("a/x.csv")).unwrap(), b"new");
    }
}
