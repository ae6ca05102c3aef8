//! Where things live: the index folder inside a corpus root, the files in
//! it, and how a file's path becomes its document key. A leaf: the corpus
//! walk uses it to skip the index folder and to make keys.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder, inside the corpus root, that holds the index.
pub const INDEX_DIR_NAME: &str = ".dafu";
/// The tantivy folder of generation 0, the layout before generations.
pub(crate) const LEGACY_DIR: &str = "tantivy";
/// What a rebuild of that layout staged, and what it moved away.
pub(crate) const LEGACY_STAGING: &str = "tantivy.new";
pub(crate) const LEGACY_OLD: &str = "tantivy.old";
/// The user dictionary of generation 0.
pub(crate) const LEGACY_DICT: &str = "userdict.tsv";
pub(crate) const MANIFEST: &str = "manifest.json";
const TANTIVY_PREFIX: &str = "tantivy-";
const USER_DICT_PREFIX: &str = "userdict";
const USER_DICT_SUFFIX: &str = ".tsv";
pub(crate) const LOCK: &str = "lock";
const STAT_CACHE: &str = "stat-cache.json";

/// `--index-dir DIR` (or `$DAFU_INDEX` naming such a folder): the corpus
/// root, absolute, whose index lives in DIR instead of `root/.dafu`. Set
/// once per run, before any index is opened.
static ELSEWHERE: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();

/// Keep the index of `root` in `dir` for the rest of this run.
pub fn set_index_dir(root: &Path, dir: &Path) {
    let _ = ELSEWHERE.set((absolute(root), dir.to_path_buf()));
}

/// The corpus root whose index lives elsewhere this run (absolute), and
/// that folder.
pub fn index_elsewhere() -> Option<(&'static Path, &'static Path)> {
    ELSEWHERE.get().map(|(r, d)| (r.as_path(), d.as_path()))
}

/// The index folder of a corpus root: `root/.dafu`, or the `--index-dir`
/// of this run when `root` is the root it serves.
pub fn index_dir(root: &Path) -> PathBuf {
    if let Some((r, d)) = ELSEWHERE.get()
        && absolute(root) == *r
    {
        return d.clone();
    }
    root.join(INDEX_DIR_NAME)
}

/// True when `root` is the corpus root whose index this run keeps in
/// `--index-dir`, even before that index exists.
pub fn served_elsewhere(root: &Path) -> bool {
    ELSEWHERE.get().is_some_and(|(r, _)| absolute(root) == *r)
}

/// `path` absolute, with `.` and `..` resolved as text.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    lexical(&abs)
}

/// `path` with `.` and `..` resolved as text (symlinks are not followed),
/// so that a key never starts with `..`.
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// Where `dafu index` keeps the stats of files confirmed unchanged.
pub fn stat_cache_path(root: &Path) -> PathBuf {
    index_dir(root).join(STAT_CACHE)
}

/// The tantivy folder of generation `generation`: `tantivy-N`, or `tantivy`
/// for 0 (an index made before generations).
pub(crate) fn tantivy_dir(root: &Path, generation: u64) -> PathBuf {
    index_dir(root).join(match generation {
        0 => LEGACY_DIR.to_string(),
        g => format!("{TANTIVY_PREFIX}{g}"),
    })
}

/// The user dictionary of generation `generation`: `userdict-N.tsv`, or
/// `userdict.tsv` for 0.
pub(crate) fn user_dict_path(root: &Path, generation: u64) -> PathBuf {
    index_dir(root).join(match generation {
        0 => LEGACY_DICT.to_string(),
        g => format!("{USER_DICT_PREFIX}-{g}{USER_DICT_SUFFIX}"),
    })
}

/// The generation (N ≥ 1) a name in the index folder belongs to:
/// `tantivy-N` or `userdict-N.tsv`.
pub(crate) fn generation_of(name: &str) -> Option<u64> {
    let n = name.strip_prefix(TANTIVY_PREFIX).or_else(|| {
        name.strip_prefix(USER_DICT_PREFIX)?
            .strip_prefix('-')?
            .strip_suffix(USER_DICT_SUFFIX)
    })?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok().filter(|&g| g > 0)
}

/// True when `root` holds an index.
pub fn exists(root: &Path) -> bool {
    index_dir(root).join(MANIFEST).is_file()
}

/// The document key for a relative path: UTF-8 with `/` separators.
pub fn rel_key(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_are_read_back_from_names() {
        let root = Path::new("r");
        for g in [1, 7, 123] {
            let dir = tantivy_dir(root, g);
            let dict = user_dict_path(root, g);
            for path in [&dir, &dict] {
                let name = path.file_name().unwrap().to_str().unwrap();
                assert_eq!(generation_of(name), Some(g), "{name}");
            }
        }
        assert_eq!(tantivy_dir(root, 0), Path::new("r/.dafu/tantivy"));
        assert_eq!(user_dict_path(root, 0), Path::new("r/.dafu/userdict.tsv"));
        for other in [
            "tantivy",
            "tantivy-",
            "tantivy-0",
            "tantivy-1x",
            "tantivy.new",
            "userdict.tsv",
        ] {
            assert_eq!(generation_of(other), None, "{other}");
        }
    }
}
