//! Who owns a staging folder, whether that run is gone, and the lock that makes runs into
//! one output folder take turns at creating staging folders, recovering and publishing.
//!
//! Liveness is a lock, not only a pid: the run keeps its `.owner` file locked for its whole
//! life and the operating system drops the lock however the process ends (SIGKILL too), so
//! it works for a run on another machine sharing the folder, where a pid means nothing, and
//! is not fooled by a pid reused after a crash. As a second guard, a folder whose owner is
//! on this host with its pid still running (`/proc/<pid>`, Linux only) is kept even when
//! its lock can be taken, and where the file system cannot lock at all only that pid test
//! can mark a folder stale (never, without `/proc`: such folders must be removed by hand).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The owner file's name inside a staging folder.
const OWNER: &str = ".owner";
/// The lock file's name inside an output folder; present only while a run holds it.
const LOCK_FILE: &str = ".wfcast.lock";
/// How long a run waits for another run into the same folder to let go of its lock. It is
/// held only for renames and removing the folders of dead runs, so a wait this long means
/// the other run is stopped or its file system is stuck.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// What an owner file records.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// The owning process.
    pid: u32,
    /// The host it runs on.
    host: String,
}

/// A run's claim on its staging folder: the owner file, locked while this value lives.
#[derive(Debug)]
pub(super) struct Owner {
    _file: File,
}

impl Owner {
    /// Creates and locks the owner file of the staging folder `root`.
    pub(super) fn create(root: &Path) -> Result<Self> {
        let path = root.join(OWNER);
        let file = File::create(&path).map_err(|e| Error::write(&path, e))?;
        lock_or_unsupported(&file).map_err(|e| Error::write(&path, e))?;
        let record = Record {
            pid: std::process::id(),
            host: host(),
        };
        serde_json::to_writer(&file, &record).map_err(|e| Error::Json {
            path: path.clone(),
            source: e,
        })?;
        Ok(Self { _file: file })
    }
}

/// Takes the lock on `file`, which nobody else can hold yet; a file system without locks
/// is no error (liveness then falls back on the pid, see the module comment).
fn lock_or_unsupported(file: &File) -> std::io::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::Error(e)) if e.kind() == ErrorKind::Unsupported => Ok(()),
        Err(TryLockError::Error(e)) => Err(e),
        Err(TryLockError::WouldBlock) => Err(ErrorKind::WouldBlock.into()),
    }
}

/// Whether the run that made the staging folder `root` is gone, so the folder may be
/// recovered and removed. Call only while holding the output folder's [`OutLock`].
pub(super) fn is_stale(root: &Path) -> bool {
    let file = match File::open(root.join(OWNER)) {
        Ok(file) => file,
        // the folder and its owner file are made under the lock this caller holds, so a
        // folder without one belongs to a run that died in between
        Err(e) => return e.kind() == ErrorKind::NotFound,
    };
    let mut text = String::new();
    let record: Option<Record> = (&file)
        .take(4096)
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| serde_json::from_str(&text).ok());
    let here = |r: &Record| r.host == host();
    match file.try_lock() {
        Err(TryLockError::WouldBlock) => false,
        // unlocked: gone, unless a process of that pid runs here (another than this one,
        // whose own dropped staging values are gone)
        Ok(()) => !record.is_some_and(|r| {
            here(&r) && r.pid != std::process::id() && pid_running(r.pid) == Some(true)
        }),
        Err(TryLockError::Error(_)) => {
            record.is_some_and(|r| here(&r) && pid_running(r.pid) == Some(false))
        }
    }
}

/// Whether a process `pid` runs on this host, where the system says.
fn pid_running(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

/// This host's name, as far as it can be found (empty if not).
fn host() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

/// The lock on an output folder (its `.wfcast.lock` file), released when dropped.
#[derive(Debug)]
pub(super) struct OutLock {
    path: PathBuf,
    _file: File,
}

impl OutLock {
    /// Takes the lock on `out`, waiting while another run holds it (up to [`LOCK_WAIT`]).
    pub(super) fn acquire(out: &Path) -> Result<Self> {
        let path = out.join(LOCK_FILE);
        let start = Instant::now();
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::write(&path, e))?;
            match lock_or_unsupported(&file) {
                // the run before let go by removing the file: lock the one now named so
                Ok(()) if !still_named(&file, &path) => continue,
                Ok(()) => return Ok(Self { path, _file: file }),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => return Err(Error::write(&path, e)),
            }
            if start.elapsed() > LOCK_WAIT {
                return Err(Error::Busy {
                    out: out.to_owned(),
                    lock: path,
                    seconds: LOCK_WAIT.as_secs(),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // removed while still locked, so the folder is left as it was found; a run waiting
        // on the removed file sees that it is no longer named and locks the next one.
        // Elsewhere than Unix the (hidden) file stays: it cannot be checked by identity.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file` (not removed or replaced since it was opened).
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether `path` still names the open `file` (always taken as so where identity cannot be
/// checked: the file is then never removed).
#[cfg(not(unix))]
fn still_named(_file: &File, _path: &Path) -> bool {
    true
}
