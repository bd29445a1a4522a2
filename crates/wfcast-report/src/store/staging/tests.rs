//! The commit protocol under injected faults: whichever step fails, and whether the run
//! then undoes its work or dies on the spot, the earlier results are intact or the new
//! ones complete, never a mix, and no staging folder outlives the next run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io;
use std::path::Path;

use super::commit::{Ops, RealFs};
use super::*;

/// Real file system operations, except that call `fail_at` (counted from 0) fails, and
/// with `dies` every call after it too, as if the process had been killed there.
struct Faulty {
    calls: usize,
    fail_at: usize,
    dies: bool,
}

impl Faulty {
    fn step(&mut self) -> io::Result<()> {
        let n = self.calls;
        self.calls += 1;
        if n == self.fail_at || (self.dies && n > self.fail_at) {
            Err(io::Error::other(format!("injected fault at step {n}")))
        } else {
            Ok(())
        }
    }
}

impl Ops for Faulty {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.step()?;
        RealFs.rename(from, to)
    }
    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.step()?;
        RealFs.replace(path, bytes)
    }
    fn remove(&mut self, path: &Path) -> io::Result<()> {
        self.step()?;
        RealFs.remove(path)
    }
}

/// Earlier results `a` and `b` (each with two files) in `out`.
fn earlier(out: &Path) {
    for name in ["a", "b"] {
        fs::create_dir_all(out.join(name)).unwrap();
        fs::write(out.join(name).join("summary.csv"), format!("old {name}")).unwrap();
        fs::write(out.join(name).join("run.json"), "old").unwrap();
    }
}

/// A run's new results `a`, `b` and `c` (`c` has no earlier results), staged.
fn staged(out: &Path) -> Staging {
    let s = Staging::new(out).unwrap();
    for name in ["a", "b", "c"] {
        s.write(name, "summary.csv", format!("new {name}").as_bytes())
            .unwrap();
    }
    s
}

/// Everything visible in `out`, as (path, content), sorted; hidden entries are listed by
/// name so a leftover staging folder shows.
fn contents(out: &Path) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for entry in fs::read_dir(out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            seen.push((name, String::new()));
            continue;
        }
        for file in fs::read_dir(entry.path()).unwrap() {
            let file = file.unwrap();
            let text = fs::read_to_string(file.path()).unwrap();
            seen.push((
                format!("{name}/{}", file.file_name().to_string_lossy()),
                text,
            ));
        }
    }
    seen.sort();
    seen
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn old_state() -> Vec<(String, String)> {
    pairs(&[
        ("a/run.json", "old"),
        ("a/summary.csv", "old a"),
        ("b/run.json", "old"),
        ("b/summary.csv", "old b"),
    ])
}

fn new_state() -> Vec<(String, String)> {
    pairs(&[
        ("a/summary.csv", "new a"),
        ("b/summary.csv", "new b"),
        ("c/summary.csv", "new c"),
    ])
}

/// The number of file system operations a commit of [`staged`] over [`earlier`] makes.
fn steps() -> usize {
    let tmp = tempfile::tempdir().unwrap();
    earlier(tmp.path());
    let mut count = Faulty {
        calls: 0,
        fail_at: usize::MAX,
        dies: false,
    };
    staged(tmp.path()).commit_with(&mut count).unwrap();
    assert_eq!(contents(tmp.path()), new_state());
    count.calls
}

#[test]
fn a_failure_at_any_step_puts_the_earlier_results_back() {
    let steps = steps();
    // the journal, two renames for a and for b, one for c, the commit point
    assert_eq!(steps, 7);
    for fail_at in 0..steps {
        let tmp = tempfile::tempdir().unwrap();
        earlier(tmp.path());
        let mut ops = Faulty {
            calls: 0,
            fail_at,
            dies: false,
        };
        let err = staged(tmp.path()).commit_with(&mut ops).unwrap_err();
        assert!(err.to_string().contains("injected fault"), "{err}");
        assert_eq!(
            contents(tmp.path()),
            old_state(),
            "a fault at step {fail_at} left a mix or a leftover"
        );
    }
}

#[test]
fn a_run_killed_at_any_step_is_rolled_back_by_the_next_run() {
    for fail_at in 0..steps() {
        let tmp = tempfile::tempdir().unwrap();
        earlier(tmp.path());
        let mut ops = Faulty {
            calls: 0,
            fail_at,
            dies: true,
        };
        let err = staged(tmp.path()).commit_with(&mut ops).unwrap_err();
        if fail_at > 0 {
            // the earlier results that were moved aside are kept, and the message says so
            assert!(err.to_string().contains("kept in"), "{err}");
        }
        // the next run into the folder finds the dead run's journal and undoes its renames
        drop(Staging::new(tmp.path()).unwrap());
        assert_eq!(
            contents(tmp.path()),
            old_state(),
            "a kill at step {fail_at} was not undone by the next run"
        );
    }
}

#[test]
fn a_commit_killed_after_its_commit_point_keeps_the_new_results() {
    let tmp = tempfile::tempdir().unwrap();
    earlier(tmp.path());
    let mut s = staged(tmp.path());
    // as if killed before removing the earlier results it had moved aside
    s.keep = true;
    let root = s.root.clone();
    s.commit_with(&mut RealFs).unwrap();
    assert!(root.join(".old-a").is_dir() && root.join(".journal").is_file());
    drop(Staging::new(tmp.path()).unwrap());
    assert_eq!(contents(tmp.path()), new_state());
}

#[test]
fn staging_folders_of_dead_runs_go_and_those_of_live_runs_stay() {
    let tmp = tempfile::tempdir().unwrap();
    // a run killed after its owner file was written (no pid is this large on Linux), and
    // one killed before it could write its owner file
    let dead = tmp.path().join(".wfcast-staging-4194305-1");
    fs::create_dir_all(dead.join("a")).unwrap();
    fs::write(dead.join("a/shard-0-of-2.wfshard"), "partial").unwrap();
    fs::write(dead.join(".owner"), r#"{"pid":4194305,"host":"elsewhere"}"#).unwrap();
    let ownerless = tmp.path().join(".wfcast-staging-4194306-2");
    fs::create_dir_all(&ownerless).unwrap();
    let live = staged(tmp.path());
    let next = Staging::new(tmp.path()).unwrap();
    assert!(!dead.exists() && !ownerless.exists());
    assert!(
        live.root.is_dir(),
        "a live run's staging folder is left alone"
    );
    drop(next);
    live.commit().unwrap();
    assert_eq!(contents(tmp.path()), new_state());
}

#[test]
fn nothing_is_published_until_commit() {
    let tmp = tempfile::tempdir().unwrap();
    drop(staged(tmp.path()));
    assert_eq!(contents(tmp.path()), [], "an abandoned run leaves nothing");
    let published = staged(tmp.path()).commit().unwrap();
    assert_eq!(published.len(), 3);
    assert_eq!(published[0], tmp.path().join("a"));
    assert_eq!(contents(tmp.path()), new_state());
}

#[test]
fn the_output_lock_is_taken_in_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let first = owner::OutLock::acquire(tmp.path()).unwrap();
    let out = tmp.path().to_owned();
    let waiter = std::thread::spawn(move || owner::OutLock::acquire(&out).map(drop));
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(
        !waiter.is_finished(),
        "a second run waits while the lock is held"
    );
    drop(first);
    waiter.join().unwrap().unwrap();
    assert_eq!(contents(tmp.path()), [], "no lock file is left behind");
}
