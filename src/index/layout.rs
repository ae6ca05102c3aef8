//! Where things live: the index folder inside a corpus root, the files in
//! it, and how a file's path becomes its document key. A leaf: the corpus
//! walk uses it to skip the index folder and to make keys.

use std::path::{Path, PathBuf};

/// The folder, inside the corpus root, that holds the index.
pub const INDEX_DIR_NAME: &str = ".dafu";
pub(crate) const TANTIVY_DIR: &str = "tantivy";
pub(crate) const STAGING_DIR: &str = "tantivy.new";
pub(crate) const OLD_DIR: &str = "tantivy.old";
pub(crate) const MANIFEST: &str = "manifest.json";
pub(crate) const USER_DICT: &str = "userdict.tsv";
pub(crate) const LOCK: &str = "lock";
const STAT_CACHE: &str = "stat-cache.json";

/// The index folder of a corpus root.
pub fn index_dir(root: &Path) -> PathBuf {
    root.join(INDEX_DIR_NAME)
}

/// Where `dafu index` keeps the stats of files confirmed unchanged.
pub fn stat_cache_path(root: &Path) -> PathBuf {
    index_dir(root).join(STAT_CACHE)
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
