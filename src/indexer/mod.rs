//! Building and updating an index: resolve what to index ([`scope`]), walk
//! and decode ([`crate::corpus`]), decide per file what changed ([`plan`],
//! pure), and write in committed batches ([`execute`]), so an interrupted
//! run keeps every batch it committed.

pub mod execute;
pub mod merge;
pub mod open;
pub mod plan;
pub mod scope;
pub mod signal;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::corpus::{self, FileEntry, Skip, WalkOptions, Walked};
use crate::index::freshness::State;
use crate::index::layout::stat_cache_path;
use crate::index::lock::lock;
use crate::index::stat_cache::Stat;
use crate::index::{DafuIndex, Target, generations};
use crate::messages;
use execute::Executor;
use plan::{Action, Look, Planner};

pub use execute::COMMIT_EVERY_BYTES;
pub use scope::{Scope, resolve_scope, resolve_scopes};
pub use signal::install_interrupt_handler;

/// How `dafu index` should run.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    pub walk: WalkOptions,
    /// Re-index every file even when it looks unchanged.
    pub full: bool,
    /// Build a new index beside the old one and swap it in at the end.
    pub rebuild: bool,
    /// A user dictionary file (jieba format).
    pub dict: Option<PathBuf>,
    /// Wait for another writer instead of failing with [`crate::index::Busy`].
    pub wait: bool,
    /// Draw a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Commit after this many bytes of new text (0: the default).
    pub commit_every: u64,
}

/// What a run did, for the one-line summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub indexed: u64,
    pub unchanged: u64,
    /// Files renamed or moved (same bytes at a new path): not re-indexed.
    pub moved: u64,
    pub removed: u64,
    pub skipped: Vec<Skip>,
    /// Bytes of the files read and indexed.
    pub bytes: u64,
    pub elapsed: Duration,
    /// The run stopped early on SIGINT, after committing what it had done.
    pub interrupted: bool,
}

impl Summary {
    /// The summary line (without the `dafu: ` prefix).
    pub fn line(&self) -> String {
        format!(
            "{} indexed, {} unchanged, {} removed, {} skipped, {} moved; {} in {:.2} s{}",
            self.indexed,
            self.unchanged,
            self.removed,
            self.skipped.len(),
            self.moved,
            human_bytes(self.bytes),
            self.elapsed.as_secs_f64(),
            if self.interrupted {
                " (interrupted)"
            } else {
                ""
            }
        )
    }
}

/// Index (or update the index of) `scope`.
pub fn run(scope: &Scope, opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    let root = &scope.root;
    let _lock = lock(root, opts.wait, |dir| {
        messages::say(format_args!(
            "waiting for another dafu to finish updating {}",
            dir.display()
        ))
    })?;
    // What earlier runs left (a failed or killed rebuild, temporary files).
    generations::tidy(root)?;
    let fresh = opts.rebuild || !crate::index::exists(root);
    let (idx, target) = open::prepare(root, opts)?;
    let result = update(scope, opts, &idx, target, fresh);
    if target == Target::Staging && !matches!(&result, Ok(s) if !s.interrupted) {
        // A rebuild that did not finish is of no use: it leaves nothing.
        generations::discard(root, idx.generation);
    }
    let mut summary = result?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The body of a run, once the index is open for writing.
fn update(
    scope: &Scope,
    opts: &IndexOptions,
    idx: &DafuIndex,
    target: Target,
    fresh: bool,
) -> Result<Summary> {
    let root = &scope.root;
    let (snapshot, moves, mut known) = open::known_files(idx)?;
    let stats = open::load_stats(&stat_cache_path(root), fresh, &mut known);
    let mut exec = Executor::new(idx, target, fresh, moves, stats, opts.commit_every)?;
    let (entries, dirs) = walk(scope, opts, &mut exec.summary.skipped);
    let on_disk: HashSet<&str> = entries.iter().map(|e| e.rel.as_str()).collect();
    let mut state = State::load(root).unwrap_or_default();
    if target == Target::Live {
        // Until this run finishes, searches say the index is incomplete.
        state.complete = false;
        state.seen = entries.len() as u64;
        state.save(root)?;
    }

    for (key, now) in plan::displaced(exec.moves.iter(), &on_disk) {
        if let Some(k) = known.get_mut(&now) {
            exec.rekey(&snapshot, k, &now)?;
        }
        exec.moves.remove(&key);
    }
    known.retain(|rel, _| scope.covers(rel));
    // A file that is not walked stays indexed while it is on disk (named
    // on an earlier command line, say), unless it is reached through a
    // link out of the folder that is not to be followed any more.
    let fence = corpus::Fence::new(root, opts.walk.follow_outside);
    let is_file = |rel: &str| {
        let path = root.join(rel);
        path.is_file() && fence.allows(&path)
    };
    let mut planner = Planner::new(known, &on_disk, opts.full, is_file);

    signal::test_pause_after_walk();
    let bar = progress_bar(opts.progress, entries.iter().map(|e| e.size).sum());
    for entry in &entries {
        if signal::interrupted() {
            exec.summary.interrupted = true;
            break;
        }
        bar.inc(entry.size);
        match planner.look(entry) {
            Look::Unchanged => exec.summary.unchanged += 1,
            Look::Read(previous) => {
                let path = root.join(&entry.rel);
                read_and_apply(&path, entry, previous, opts, &mut planner, &mut exec)?;
            }
        }
        bar.set_message(format!("{} files", exec.summary.indexed));
        exec.pace()?;
    }
    bar.finish_and_clear();
    if exec.summary.interrupted {
        drop(planner);
    } else {
        exec.remove(planner.removals(is_file));
    }
    // The merges in `finish` should not have the file list beside them: of
    // what a run holds, only it grows with the number of files.
    let seen = entries.len() as u64;
    drop(on_disk);
    drop((entries, snapshot));
    let summary = exec.finish(&stat_cache_path(root))?;
    if !summary.interrupted {
        let scopes: Vec<&str> = scope.parts.iter().map(|(_, key)| key.as_str()).collect();
        state.record_dirs(&scopes, dirs);
        state.complete = true;
        state.seen = seen;
        state.save(root)?;
    }
    Ok(summary)
}

/// Every file of the scope, sorted and without duplicates, and every folder
/// entered with its mtime; what the walk could not use goes to `skipped`.
fn walk(
    scope: &Scope,
    opts: &IndexOptions,
    skipped: &mut Vec<Skip>,
) -> (Vec<FileEntry>, Vec<(String, u64)>) {
    let mut entries = Vec::new();
    let mut dirs = Vec::new();
    for (path, rel) in &scope.parts {
        for item in corpus::walk(&scope.root, path, rel, &opts.walk) {
            match item {
                Walked::File(entry) => entries.push(entry),
                Walked::Dir { rel, mtime } => dirs.push((rel, mtime)),
                Walked::Skipped(skip) => skipped.push(skip),
            }
        }
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    entries.dedup_by(|a, b| a.rel == b.rel);
    (entries, dirs)
}

/// Read a file whose stat changed, and apply what the plan says of it.
fn read_and_apply(
    path: &Path,
    entry: &FileEntry,
    previous: Option<plan::Known>,
    opts: &IndexOptions,
    planner: &mut Planner,
    exec: &mut Executor,
) -> Result<()> {
    let bytes = match corpus::read_file(path, opts.walk.max_file_size) {
        Ok(bytes) => bytes,
        Err(reason) => {
            exec.skipped(&entry.rel, reason, previous);
            return Ok(());
        }
    };
    let stat = Stat {
        size: bytes.len() as u64,
        mtime: entry.mtime,
        ino: entry.ino,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
    };
    match planner.decide(previous, stat) {
        Action::Touched(stat) => exec.touched(&entry.rel, stat),
        Action::Moved {
            stat,
            from,
            replaces,
        } => exec.moved(&entry.rel, stat, from, replaces),
        Action::Index { stat, replaces } => match corpus::decode(&bytes) {
            Ok(decoded) => exec.index(&entry.rel, stat, &decoded.text, replaces)?,
            Err(reason) => exec.skipped(&entry.rel, reason, replaces),
        },
    }
    Ok(())
}

/// A size in decimal units (kB, MB, GB: powers of 1000), as the summary
/// line and the progress bar both write it.
pub fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}
