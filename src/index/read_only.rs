//! Opening an index to read it without needing to write anything: tantivy
//! takes a lock file (created if missing) while a reader opens its
//! segments, and reads `.managed.json`, which it creates private to the
//! user who indexed. Neither is needed to search, so a folder on a
//! read-only filesystem, or one indexed by another user, stays searchable.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// tantivy's record of the files it manages: only its writer needs it.
const MANAGED: &str = ".managed.json";

/// A memory-mapped directory for readers: a lock that cannot be taken (a
/// read-only filesystem, a folder of another user) is done without, and an
/// unreadable `.managed.json` reads as absent.
#[derive(Debug, Clone)]
pub struct ReaderDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReaderDirectory {
    pub fn open(path: &Path) -> Result<ReaderDirectory, OpenDirectoryError> {
        Ok(ReaderDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
        })
    }
}

/// Held in place of a lock that could not be taken.
struct NoLock;

impl Directory for ReaderDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.inner.atomic_read(path) {
            Err(OpenReadError::IoError { io_error, .. })
                if path == Path::new(MANAGED)
                    && io_error.kind() == io::ErrorKind::PermissionDenied =>
            {
                Err(OpenReadError::FileDoesNotExist(self.root.join(path)))
            }
            other => other,
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    /// The lock guards segment files from the writer's clean-up while a
    /// reader opens them; without it, a reader racing a merge may fail to
    /// open a file, and [`super::snapshot`] tries again.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(_)) => Ok(DirectoryLock::from(Box::new(NoLock))),
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
