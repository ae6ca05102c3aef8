//! Generations of the tantivy folder. Each `--rebuild` builds a new
//! generation (`tantivy-N`, with its dictionary `userdict-N.tsv`) beside the
//! live one, and the manifest names the live one: replacing the manifest
//! (one atomic rename) swaps a rebuilt index in, so a crash at any point
//! leaves either the old index or the new one. Generations the manifest
//! does not name are leftovers (of a rebuild that failed, or was killed
//! before or after the swap) and are removed at the start of every write.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::index::layout::{
    LEGACY_DICT, LEGACY_DIR, LEGACY_OLD, LEGACY_STAGING, MANIFEST, generation_of, index_dir,
    tantivy_dir, user_dict_path,
};
use crate::index::manifest::read_manifest;

/// The live generation of `root`'s index: `Ok(None)` when it has no
/// manifest, an error when the manifest cannot be read.
fn live_generation(root: &Path) -> Result<Option<u64>> {
    if !index_dir(root).join(MANIFEST).exists() {
        return Ok(None);
    }
    read_manifest(root).map(|m| Some(m.generation))
}

/// True when the manifest names another generation than `generation` (a
/// rebuild was swapped in since it was read).
pub fn replaced(root: &Path, generation: u64) -> bool {
    live_generation(root).is_ok_and(|live| live.is_some_and(|g| g != generation))
}

/// The tantivy folder of the live generation `generation`. An index of
/// the layout before generations, killed between the two renames of its
/// rebuild, has its finished rebuild in `tantivy.new` only: that is used.
pub(crate) fn live_dir(root: &Path, generation: u64) -> PathBuf {
    let dir = tantivy_dir(root, generation);
    let staged = index_dir(root).join(LEGACY_STAGING);
    if generation == 0 && !dir.exists() && staged.exists() {
        return staged;
    }
    dir
}

/// The generation for a new tantivy folder: after the live one and any
/// folder on disk.
pub(crate) fn next_generation(root: &Path) -> u64 {
    let live = live_generation(root).ok().flatten().unwrap_or(0);
    let on_disk = fs::read_dir(index_dir(root))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| generation_of(e.file_name().to_str()?))
        .max()
        .unwrap_or(0);
    live.max(on_disk) + 1
}

/// Remove what earlier runs left behind: generations other than the live
/// one, the folders of the old layout's rebuilds, temporary files. Run
/// under the write lock, at the start of every write. With a manifest that
/// cannot be read, which generation is live is unknown: only temporary
/// files go (a `--rebuild` clears the rest once it is done).
pub fn tidy(root: &Path) -> Result<()> {
    let dir = index_dir(root);
    let live = live_generation(root).ok();
    if live == Some(Some(0)) && !dir.join(LEGACY_DIR).exists() && dir.join(LEGACY_STAGING).exists()
    {
        // The old layout's rebuild, killed between its two renames: finish it.
        fs::rename(dir.join(LEGACY_STAGING), dir.join(LEGACY_DIR))
            .with_context(|| format!("cannot finish the rebuild in {}", dir.display()))?;
    }
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".tmp") || live.is_some_and(|live| stale(name, live)) {
            remove(&entry.path());
        }
    }
    if let Some(Some(live)) = live {
        remove_temporary_files(&live_dir(root, live));
    }
    Ok(())
}

/// True when `name`, in the index folder, belongs to no live generation
/// (`live`: none when there is no manifest).
fn stale(name: &str, live: Option<u64>) -> bool {
    let legacy_rebuild = name == LEGACY_STAGING || name == LEGACY_OLD;
    let legacy_live = name == LEGACY_DIR || name == LEGACY_DICT;
    match (generation_of(name), live) {
        (Some(g), live) => Some(g) != live,
        (None, Some(0)) => legacy_rebuild,
        (None, _) => legacy_rebuild || legacy_live,
    }
}

/// tantivy's own temporary files (`.tmpXXXXXX`, from a write killed half
/// way), never named by a commit.
fn remove_temporary_files(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(".tmp"))
        {
            remove(&entry.path());
        }
    }
}

/// Remove what a rebuild staged as `generation` and did not swap in (it
/// failed or was interrupted), unless the manifest names it: best effort,
/// as [`tidy`] removes what is left at the next write.
pub fn discard(root: &Path, generation: u64) {
    if generation == 0 || live_generation(root).ok().flatten() == Some(generation) {
        return;
    }
    remove(&tantivy_dir(root, generation));
    remove(&user_dict_path(root, generation));
}

/// Remove the generations other than `live` (after the swap: searches
/// still reading them keep their open files).
pub(crate) fn remove_others(root: &Path, live: u64) {
    for entry in fs::read_dir(index_dir(root))
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| stale(n, Some(live)))
        {
            remove(&entry.path());
        }
    }
}

fn remove(path: &Path) {
    let _ = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_no_live_generation_uses_is_stale() {
        // Generation 3 is live.
        for name in [
            "tantivy-3",
            "userdict-3.tsv",
            "manifest.json",
            "moves-7.bin",
            "lock",
        ] {
            assert!(!stale(name, Some(3)), "{name}");
        }
        for name in [
            "tantivy-2",
            "tantivy-4",
            "userdict-1.tsv",
            "tantivy",
            "userdict.tsv",
        ] {
            assert!(stale(name, Some(3)), "{name}");
        }
        assert!(stale("tantivy.new", Some(3)) && stale("tantivy.old", Some(3)));
        // The layout before generations is live.
        for name in ["tantivy", "userdict.tsv"] {
            assert!(!stale(name, Some(0)), "{name}");
        }
        assert!(stale("tantivy-1", Some(0)) && stale("tantivy.old", Some(0)));
        // No manifest: no generation is live.
        assert!(stale("tantivy-1", None) && stale("tantivy", None));
        assert!(!stale("stat-cache.json", None));
    }

    #[test]
    fn tidying_keeps_the_live_generation_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = index_dir(root);
        for d in ["tantivy-1", "tantivy-2", "tantivy.new"] {
            fs::create_dir_all(dir.join(d)).unwrap();
        }
        fs::write(dir.join("tantivy-2/.tmp123"), "").unwrap();
        fs::write(dir.join("tantivy-2/seg.store"), "").unwrap();
        for f in ["userdict-1.tsv", "manifest.tmp", "stat-cache.json"] {
            fs::write(dir.join(f), "").unwrap();
        }
        crate::index::manifest::write_manifest(root, None, 2).unwrap();
        assert_eq!(next_generation(root), 3);
        tidy(root).unwrap();
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["manifest.json", "stat-cache.json", "tantivy-2"]);
        assert!(!dir.join("tantivy-2/.tmp123").exists());
        assert!(dir.join("tantivy-2/seg.store").exists());
    }
}
