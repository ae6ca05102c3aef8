//! `dafu watch [PATH]`: stay in the foreground and keep the index current
//! as files land. inotify (through the notify crate) says which entries
//! changed; events are gathered until the folder has been quiet for a
//! moment (or for at most [`MAX_DELAY`] during a steady stream), then the
//! folders that hold the changed entries are indexed again, as `dafu index
//! FOLDER` would: unchanged files are not read, renames are moves.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use super::fresh::outermost;
use super::index::report;
use super::walk_options;
use crate::cli::WatchArgs;
use crate::exit_codes::ExitCode;
use crate::index::damage;
use crate::index::layout::{index_elsewhere, rel_key};
use crate::index::locate::lexical;
use crate::indexer::{self, IndexOptions, Scope, signal};
use crate::messages;
use std::path::absolute;

/// Quiet time after the last event before the changes are indexed.
const QUIET: Duration = Duration::from_millis(500);
/// Longest wait after the first pending event, so that a crawler writing
/// without pause still sees its files committed.
const MAX_DELAY: Duration = Duration::from_secs(2);
/// How often the loop looks at the signal flag while no event comes.
const TICK: Duration = Duration::from_millis(100);

/// What inotify reported since the last update.
#[derive(Debug, Default)]
struct Pending {
    /// Keys (relative to the root) of the folders to index again.
    folders: BTreeSet<String>,
    /// Events were lost (queue overflow): index the whole root.
    rescan: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

pub(super) fn run(args: &WatchArgs) -> Result<ExitCode> {
    let scope = indexer::resolve_scope(std::slice::from_ref(&args.path))?;
    let root = scope.root.clone();
    let abs_root = crate::index::locate::lexical(
        &std::path::absolute(&root)
            .with_context(|| format!("cannot resolve {}", root.display()))?,
    );
    let opts = IndexOptions {
        walk: walk_options(&args.walk),
        wait: true,
        commit_every: args.commit_every,
        ..IndexOptions::default()
    };
    indexer::install_interrupt_handler();
    // Watch first, then catch up: nothing that lands in between is lost.
    let (send, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(send).context("cannot start watching")?;
    watcher
        .watch(&abs_root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    if let Some(code) = update(&Scope::whole(&root), &opts, !args.quiet)? {
        return Ok(code);
    }
    messages::say(format_args!(
        "watching {} for changes (Ctrl-C to stop)",
        root.display()
    ));
    watch_loop(&root, &abs_root, &events, &opts, args.quiet)
}

/// Gather events and index what changed, until a signal stops it.
fn watch_loop(
    root: &Path,
    abs_root: &Path,
    events: &Receiver<notify::Result<notify::Event>>,
    opts: &IndexOptions,
    quiet: bool,
) -> Result<ExitCode> {
    let mut pending = Pending::default();
    loop {
        if signal::interrupted() {
            return Ok(signal::exit_code());
        }
        match events.recv_timeout(TICK) {
            Ok(event) => pending.add(abs_root, event),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the file watcher stopped"),
        }
        if !pending.due(Instant::now()) {
            continue;
        }
        let scope = pending.take_scope(root);
        if let Some(code) = update(&scope, opts, !quiet)? {
            return Ok(code);
        }
    }
}

/// Index `scope`, saying how it went. `Some(code)` when a signal stopped it.
fn update(scope: &Scope, opts: &IndexOptions, say: bool) -> Result<Option<ExitCode>> {
    match indexer::run(scope, opts) {
        Ok(summary) => {
            if say {
                report(&summary);
            }
            Ok(summary.interrupted.then(signal::exit_code))
        }
        Err(err) if damage::damage_in(&err).is_some() => Err(err),
        // A passing failure (a file system error, say): the next change
        // tries again.
        Err(err) => {
            messages::error(&err);
            Ok(None)
        }
    }
}

impl Pending {
    /// Note the folders an event touches.
    fn add(&mut self, abs_root: &Path, event: notify::Result<notify::Event>) {
        let event = match event {
            Ok(e) => e,
            Err(_) => {
                self.rescan = true;
                self.touch();
                return;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            self.touch();
            return;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            if let Some(folder) = folder_key(abs_root, path) {
                self.folders.insert(folder);
                self.touch();
            }
        }
    }

    fn touch(&mut self) {
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// True when there is something to index and it is time to.
    fn due(&self, now: Instant) -> bool {
        match (self.first, self.last) {
            (Some(first), Some(last)) => now - last >= QUIET || now - first >= MAX_DELAY,
            _ => false,
        }
    }

    /// The scope to index (the outermost changed folders that still
    /// exist, else their nearest existing parent), and start afresh.
    fn take_scope(&mut self, root: &Path) -> Scope {
        let taken = std::mem::take(self);
        if taken.rescan {
            return Scope::whole(root);
        }
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for key in taken.folders {
            keys.insert(existing_folder(root, key));
        }
        let parts = outermost(keys.into_iter().collect())
            .into_iter()
            .map(|k| (root.join(&k), k))
            .collect();
        Scope {
            root: root.to_path_buf(),
            parts,
        }
    }
}

/// The key of the folder holding `path` (the folder whose listing an
/// event changed), or None for the index folder and hidden entries, which
/// the walk skips.
fn folder_key(abs_root: &Path, path: &Path) -> Option<String> {
    if index_elsewhere()
        .is_some_and(|(_, dir)| path.starts_with(lexical(&absolute(dir).unwrap_or_default())))
    {
        // `--index-dir` inside the folder: its own writes are no change.
        return None;
    }
    let rel = path.strip_prefix(abs_root).ok()?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_str().is_none_or(|s| s.starts_with('.')))
    {
        return None;
    }
    rel_key(rel.parent().unwrap_or(Path::new("")))
}

/// `key`, or its nearest parent that is still a folder ("" = the root).
fn existing_folder(root: &Path, key: String) -> String {
    let mut key = key;
    while !key.is_empty() && !root.join(&key).is_dir() {
        key = key
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_name_the_folder_of_the_changed_entry() {
        let root = Path::new("/r");
        assert_eq!(folder_key(root, Path::new("/r/a.txt")), Some(String::new()));
        assert_eq!(
            folder_key(root, Path::new("/r/x/y/a.txt")),
            Some("x/y".into())
        );
        assert_eq!(folder_key(root, Path::new("/r/.dafu/meta.json")), None);
        assert_eq!(folder_key(root, Path::new("/r/x/.a.txt.swp")), None);
        assert_eq!(folder_key(root, Path::new("/elsewhere/a.txt")), None);
    }

    #[test]
    fn pending_changes_wait_for_quiet_but_not_forever() {
        let mut p = Pending::default();
        let t0 = Instant::now();
        assert!(!p.due(t0));
        p.first = Some(t0);
        p.last = Some(t0);
        assert!(!p.due(t0 + Duration::from_millis(100)));
        assert!(p.due(t0 + QUIET));
        p.last = Some(t0 + Duration::from_millis(1900));
        assert!(p.due(t0 + MAX_DELAY));
    }
}
