//! The write lock: one `dafu index` at a time per index. Searches never
//! take it.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::index::layout::{LOCK, index_dir};

/// The exclusive right to update an index, held until dropped.
pub struct WriteLock {
    _file: fs::File,
}

/// Raised when another process is updating the index.
#[derive(Debug)]
pub struct Busy;

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("index is busy (being updated by another dafu); use --wait to wait for it")
    }
}

impl std::error::Error for Busy {}

/// Take the write lock of `root`'s index, failing fast with [`Busy`] or,
/// with `wait`, blocking until the other writer is done (`on_wait` is told
/// first, so the user knows why nothing happens).
pub fn lock(root: &Path, wait: bool, on_wait: impl FnOnce(&Path)) -> Result<WriteLock> {
    let dir = index_dir(root);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(LOCK);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) if wait => {
            on_wait(&dir);
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Err(fs::TryLockError::WouldBlock) => return Err(Busy.into()),
        Err(fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    Ok(WriteLock { _file: file })
}
