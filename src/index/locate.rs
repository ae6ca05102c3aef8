//! Finding the index for a path (looking up like git) and printing
//! document paths relative to where the user is.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use crate::index::layout::lexical;
use crate::index::layout::{
    INDEX_DIR_NAME, exists, index_elsewhere, rel_key, served_elsewhere, set_index_dir,
};
use crate::index::manifest::recorded_root;

/// The indexed folder that holds `path` (a folder holding `.dafu` counts
/// as its own root) and `path`'s key relative to it, looking up like git.
pub fn enclosing_root(path: &Path) -> Result<Option<(PathBuf, String)>> {
    if path.is_dir() && (exists(path) || served_elsewhere(path)) {
        return Ok(Some((path.to_path_buf(), String::new())));
    }
    let abs =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    for ancestor in abs.ancestors().skip(1) {
        if exists(ancestor) || served_elsewhere(ancestor) {
            let rel = abs.strip_prefix(ancestor).unwrap_or(&abs);
            let key = rel_key(rel)
                .with_context(|| format!("{}: path is not valid UTF-8", path.display()))?;
            return Ok(Some((ancestor.to_path_buf(), key)));
        }
    }
    Ok(None)
}

/// Where a search should look, and how to print paths for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The corpus root (the folder holding `.dafu`).
    pub root: PathBuf,
    /// Prefix joined to a document's relative path when printing it, so
    /// printed paths work from the current directory, as with ripgrep.
    pub display_base: PathBuf,
    /// When PATH (or the current folder) is a folder inside the indexed
    /// root: its key, to which results are limited.
    pub scope: Option<String>,
    /// How that folder is written from the current one: paths under it
    /// print from there (`p007.txt`, `sub/p007.txt`), never with a `../`
    /// detour through the root.
    pub scope_base: PathBuf,
}

impl Location {
    /// The path to print for the document at `rel` (relative to the root).
    pub fn show(&self, rel: &str) -> String {
        let inside = self
            .scope
            .as_deref()
            .and_then(|s| rel.strip_prefix(s)?.strip_prefix('/'));
        match inside {
            Some(below) if self.scope_base.as_os_str().is_empty() => below.to_string(),
            Some(below) => joined(&self.scope_base, below),
            None if self.display_base.as_os_str().is_empty() => rel.to_string(),
            None => joined(&self.display_base, rel),
        }
    }
}

/// `base.join(rel)` as a string, without a `PathBuf` in between when `base`
/// is UTF-8 (`-l` of a hundred thousand files makes as many).
fn joined(base: &Path, rel: &str) -> String {
    match base.to_str() {
        Some(b) if b.ends_with('/') => format!("{b}{rel}"),
        Some(b) => format!("{b}/{rel}"),
        None => base.join(rel).to_string_lossy().into_owned(),
    }
}

/// Find the index to search: an explicit PATH (a corpus folder, its
/// `.dafu`, or a folder inside an indexed one, which limits the results to
/// it), else `.dafu/` in the current folder or a parent, else
/// `$DAFU_INDEX`. An explicit PATH need not be indexed yet.
///
/// Without PATH, from a folder inside an indexed tree, the search is of the
/// current folder, as ripgrep's is, unless `whole` (`--root`).
pub fn locate(path: Option<&Path>, env_index: Option<&Path>, whole: bool) -> Result<Location> {
    if let Some(p) = path {
        let dir = if p.file_name().is_some_and(|n| n == INDEX_DIR_NAME) {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            p.to_path_buf()
        };
        if dir.is_file() {
            bail!(
                "{}: a file, not a folder (search its folder, or use `dafu show`)",
                p.display()
            );
        }
        if !dir.is_dir() {
            bail!("{}: no such folder", p.display());
        }
        if let Some((root, rel)) = enclosing_root(&dir)?
            && !rel.is_empty()
        {
            // A folder inside an index: search that index, limited to it.
            return Ok(Location {
                display_base: display_base(&root),
                root,
                scope: Some(rel),
                scope_base: lexical(&dir),
            });
        }
        return Ok(Location {
            display_base: strip_dot(&dir),
            root: dir,
            scope: None,
            scope_base: PathBuf::new(),
        });
    }
    locate_here(env_index, whole)
}

/// [`locate`] without PATH: `--index-dir`, else an index in the current
/// folder or a parent, else `$DAFU_INDEX`.
fn locate_here(env_index: Option<&Path>, whole: bool) -> Result<Location> {
    if let Some((root, _)) = index_elsewhere() {
        // `--index-dir`: the folder it serves, whatever the current one.
        return Ok(Location {
            root: root.to_path_buf(),
            display_base: display_base(root),
            scope: None,
            scope_base: PathBuf::new(),
        });
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        if exists(dir) {
            let below = cwd.strip_prefix(dir).ok().and_then(rel_key);
            let scope = below.filter(|b| !b.is_empty() && !whole);
            return Ok(Location {
                root: dir.to_path_buf(),
                display_base: up,
                scope,
                scope_base: PathBuf::new(),
            });
        }
        up.push("..");
    }
    if let Some(p) = env_index {
        if let Some(root) = recorded_root(p) {
            // `$DAFU_INDEX` names an index kept outside its folder.
            set_index_dir(&root, p);
            return Ok(Location {
                display_base: root.clone(),
                root,
                scope: None,
                scope_base: PathBuf::new(),
            });
        }
        return locate(Some(p), None, whole).map(|mut loc| {
            loc.display_base = std::path::absolute(&loc.root).unwrap_or(loc.root.clone());
            loc
        });
    }
    bail!(
        "no dafu index here or in any parent folder, and $DAFU_INDEX is not set; \
         give a folder (`dafu search QUERY DIR`) or run `dafu index DIR`"
    )
}

/// How to reach `root` from the current folder, for printing paths: a
/// relative path when one is an ancestor of the other, else absolute.
pub fn display_base(root: &Path) -> PathBuf {
    let abs = std::path::absolute(root).map_or_else(|_| root.to_path_buf(), |a| lexical(&a));
    let Ok(cwd) = std::env::current_dir() else {
        return abs;
    };
    if let Ok(below) = cwd.strip_prefix(&abs) {
        return below.components().map(|_| "..").collect();
    }
    match abs.strip_prefix(&cwd) {
        Ok(down) => down.to_path_buf(),
        Err(_) => abs,
    }
}

fn strip_dot(p: &Path) -> PathBuf {
    if p == Path::new(".") || p.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        p.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_resolves_dots_as_text() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(lexical(Path::new("a/../..")), Path::new(".."));
        assert_eq!(lexical(Path::new("../x")), Path::new("../x"));
        assert_eq!(lexical(Path::new("/..")), Path::new("/"));
        assert_eq!(lexical(Path::new("sub/.")), Path::new("sub"));
    }
}
