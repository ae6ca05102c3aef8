//! What dafu last saw of files whose stat changed but whose bytes did not
//! (touched, restored from a backup, moved): a tantivy document's stored
//! mtime cannot change without indexing the document again, so without
//! this such files would be read and hashed on every run. Only `dafu index`
//! uses it, and only as a cache: an entry counts only while the document
//! at its path has the same size and hash, and a lost or stale file means
//! no more than hashing those files once again.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// What identifies a version of a file: its stat and its content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub mtime: u64,
    /// Inode number (0 where there is none): a file swapped in under the
    /// same name, size and mtime still has another inode.
    pub ino: u64,
    pub hash: u64,
}

/// File stats by current path.
#[derive(Debug, Default)]
pub struct StatCache {
    files: HashMap<String, Stat>,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    dafu_stat_cache: u32,
    files: Vec<(String, Stat)>,
}

const VERSION: u32 = 1;

impl StatCache {
    /// The cache at `path`; empty when missing, unreadable or of another
    /// version (it is only a cache).
    pub fn load(path: &Path) -> StatCache {
        let parsed = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<OnDisk>(&bytes).ok())
            .filter(|d| d.dafu_stat_cache == VERSION);
        StatCache {
            files: parsed
                .map(|d| d.files.into_iter().collect())
                .unwrap_or_default(),
        }
    }

    /// Write the cache to `path` (replacing it whole, never half-written).
    pub fn save(&self, path: &Path) -> Result<()> {
        if self.files.is_empty() {
            if path.exists() {
                std::fs::remove_file(path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
            return Ok(());
        }
        let mut files: Vec<(String, Stat)> =
            self.files.iter().map(|(p, s)| (p.clone(), *s)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let text = serde_json::to_string(&OnDisk {
            dafu_stat_cache: VERSION,
            files,
        })?;
        crate::index::durable::write_atomic(path, &text)
    }

    /// The stat seen at `path`, if its bytes were still `size` and `hash`.
    pub fn confirmed(&self, path: &str, size: u64, hash: u64) -> Option<Stat> {
        self.files
            .get(path)
            .filter(|s| s.size == size && s.hash == hash)
            .copied()
    }

    pub fn set(&mut self, path: &str, stat: Stat) {
        self.files.insert(path.to_string(), stat);
    }

    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// Keep only the entries `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Stat) -> bool) {
        self.files.retain(|p, s| keep(p, s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_count_only_for_the_same_bytes_and_survive_a_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("cache.json");
        let stat = Stat {
            size: 10,
            mtime: 5,
            ino: 3,
            hash: 99,
        };
        let mut cache = StatCache::default();
        cache.set("a.txt", stat);
        assert_eq!(cache.confirmed("a.txt", 10, 99), Some(stat));
        assert_eq!(cache.confirmed("a.txt", 10, 98), None);
        assert_eq!(cache.confirmed("a.txt", 11, 99), None);
        cache.save(&file).unwrap();
        assert_eq!(
            StatCache::load(&file).confirmed("a.txt", 10, 99),
            Some(stat)
        );
        // Damaged or missing: empty, not an error.
        std::fs::write(&file, "{not json").unwrap();
        assert_eq!(StatCache::load(&file).confirmed("a.txt", 10, 99), None);
        cache.remove("a.txt");
        cache.save(&file).unwrap();
        assert!(!file.exists());
        assert!(StatCache::load(&file).files.is_empty());
    }
}
