//! Whether the index still describes the files: a search must never answer
//! from a stale index without saying so, and must say when the last run
//! did not finish.
//!
//! `dafu index` records the mtime of every folder it walked, taken when it
//! entered the folder. Adding, removing or renaming a file (and saving by
//! rename, as editors and crawlers do) changes its folder's mtime, so a
//! search finds such changes by one `stat` per folder, not per file. It
//! also records whether the run finished, and how many files it saw.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::corpus::mtime_ns;
use crate::index::durable::write_atomic;
use crate::index::layout::index_dir;

const FILE: &str = "state.json";
const VERSION: u32 = 1;

/// What the last runs of `dafu index` left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub v: u32,
    /// The last run finished (was not interrupted or killed).
    pub complete: bool,
    /// Files the last run found to index.
    pub seen: u64,
    /// Folder keys ("" for the root) and their mtimes in nanoseconds.
    pub dirs: BTreeMap<String, u64>,
}

impl State {
    /// The state of `root`'s index; `None` when there is none (an index
    /// from before it was kept) or it cannot be read.
    pub fn load(root: &Path) -> Option<State> {
        let bytes = fs::read(index_dir(root).join(FILE)).ok()?;
        serde_json::from_slice::<State>(&bytes)
            .ok()
            .filter(|s| s.v == VERSION)
    }

    pub fn save(&self, root: &Path) -> Result<()> {
        let state = State {
            v: VERSION,
            ..self.clone()
        };
        write_atomic(&index_dir(root).join(FILE), &serde_json::to_string(&state)?)
    }

    /// Record the folders a run walked under `scopes` (keys, "" for all):
    /// those it did not see there are gone.
    pub fn record_dirs(
        &mut self,
        scopes: &[&str],
        walked: impl IntoIterator<Item = (String, u64)>,
    ) {
        let under = |k: &str, scope: &str| {
            scope.is_empty()
                || k == scope
                || k.strip_prefix(scope).is_some_and(|r| r.starts_with('/'))
        };
        self.dirs.retain(|k, _| !scopes.iter().any(|s| under(k, s)));
        self.dirs.extend(walked);
    }

    /// The recorded folders whose mtime is not what it was, or which are
    /// gone: their files changed since the index was built.
    pub fn changed_dirs(&self, root: &Path) -> Vec<String> {
        self.dirs
            .iter()
            .filter(|&(rel, &mtime)| {
                fs::metadata(root.join(rel.as_str())).map_or(true, |m| mtime_ns(&m) != mtime)
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_whose_files_change_is_seen_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir(root.join("a")).unwrap();
        fs::create_dir(root.join("b")).unwrap();
        fs::create_dir_all(root.join(".dafu")).unwrap();
        let mtime = |rel: &str| mtime_ns(&fs::metadata(root.join(rel)).unwrap());
        let mut state = State::default();
        state.record_dirs(&[""], ["", "a", "b"].map(|d| (d.to_string(), mtime(d))));
        state.save(root).unwrap();
        let state = State::load(root).unwrap();
        assert!(state.changed_dirs(root).is_empty());

        // Nanosecond mtimes tell even a change within the same second.
        fs::write(root.join("a/new.txt"), "x").unwrap();
        fs::remove_dir(root.join("b")).unwrap();
        assert_eq!(state.changed_dirs(root), ["", "a", "b"]);

        // A run over `a` records it again and keeps the others.
        let mut state = state;
        state.record_dirs(&["a"], [("a".to_string(), mtime("a"))]);
        assert_eq!(state.changed_dirs(root), ["", "b"]);
    }
}
