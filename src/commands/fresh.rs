//! Before a command answers from an index: is it complete, and does it
//! still describe the files? A folder whose files changed since the index
//! was built is updated first (only that folder), as ripgrep would simply
//! read the files as they are; when that cannot be done (a read-only
//! folder, another dafu updating it), the answer comes with a warning.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::index::report;
use crate::exit_codes::Interrupted;
use crate::index::Busy;
use crate::index::damage;
use crate::index::freshness::State;
use crate::index::layout::stat_cache_path;
use crate::indexer::{self, IndexOptions, Scope};
use crate::messages;

/// Say whether the last run finished, and bring changed folders up to
/// date (with `update`) or warn about them.
pub(super) fn check(
    root: &Path,
    opts: &IndexOptions,
    update: bool,
    docs: impl FnOnce() -> u64,
) -> Result<()> {
    let Some(state) = State::load(root) else {
        return Ok(());
    };
    if !state.complete {
        let docs = docs();
        messages::say(format_args!(
            "the last `dafu index` of {} did not finish ({docs} of {} files indexed); \
             run `dafu index {}` to resume",
            root.display(),
            state.seen,
            root.display()
        ));
        return Ok(());
    }
    if !update {
        return Ok(());
    }
    let mut changed = state.changed_dirs(root);
    if changed.is_empty() && state.seen <= STAT_EVERY_FILE_UP_TO {
        changed = folders_of_edited_files(root)?;
    }
    let changed = outermost(changed);
    if changed.is_empty() {
        return Ok(());
    }
    let parts: Vec<(PathBuf, String)> = changed.iter().map(|k| (root.join(k), k.clone())).collect();
    let scope = Scope {
        root: root.to_path_buf(),
        parts,
    };
    indexer::install_interrupt_handler();
    match indexer::run(&scope, opts) {
        Ok(summary) if summary.interrupted => Err(Interrupted(indexer::signal::exit_code()).into()),
        Ok(summary) => {
            if summary.indexed + summary.removed + summary.moved > 0 || !summary.skipped.is_empty()
            {
                messages::say(format_args!(
                    "files changed since the index was built; updated it first"
                ));
                report(&summary);
            }
            Ok(())
        }
        // A damaged index is an error like any other command would meet.
        Err(err) if damage::damage_in(&err).is_some() => Err(err),
        Err(err) => {
            let why = if err.downcast_ref::<Busy>().is_some() {
                "another dafu is updating it".to_string()
            } else {
                let reason = err.root_cause().to_string();
                let short: String = reason.chars().take(80).collect();
                format!("it cannot be updated here ({short})")
            };
            messages::say(format_args!(
                "files were added, removed or renamed in {} folder(s) since the index of {} \
                 was built, and {why}; answering from the index as it is (run `dafu index {}`)",
                changed.len(),
                root.display(),
                root.display()
            ));
            Ok(())
        }
    }
}

/// Up to this many files, a search also compares the stat of every file
/// with the index (about 5 ms per 1,000 files), so that a file rewritten in place,
/// which leaves its folder's time alone, is seen too. Above it, only the
/// folders are compared, and `dafu index` (or `dafu watch`) sees such edits.
const STAT_EVERY_FILE_UP_TO: u64 = 2_000;

/// The folders holding a file whose size or mtime is not what the index
/// (and its stat cache) recorded.
fn folders_of_edited_files(root: &Path) -> Result<Vec<String>> {
    let idx = crate::index::open(root)?;
    let (_, _, mut known) = crate::indexer::open::known_files(&idx)?;
    crate::indexer::open::load_stats(&stat_cache_path(root), false, &mut known);
    let mut folders: Vec<String> = known
        .iter()
        .filter(|(rel, k)| {
            std::fs::metadata(root.join(rel.as_str())).is_ok_and(|m| {
                m.len() != k.stat.size || crate::corpus::mtime_ns(&m) != k.stat.mtime
            })
        })
        .map(|(rel, _)| {
            rel.rsplit_once('/')
                .map_or(String::new(), |(dir, _)| dir.to_string())
        })
        .collect();
    folders.sort();
    folders.dedup();
    Ok(folders)
}

/// The folder keys that are not inside another one of them (that is
/// updated with it), and that still exist or are the root.
pub(super) fn outermost(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        let inside = out.iter().any(|o| {
            o.is_empty()
                || k.strip_prefix(o.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        });
        if !inside {
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_changed_folders_are_updated_with_their_parent() {
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(outermost(keys(&["a/b", "a", "c"])), keys(&["a", "c"]));
        assert_eq!(outermost(keys(&["a", ""])), keys(&[""]));
        assert_eq!(outermost(keys(&["ab", "a"])), keys(&["a", "ab"]));
    }
}
