//! A damaged index: the one error that says so with the way out
//! (`dafu index --rebuild`), and how damage is recognised among tantivy's
//! errors and panics.
//!
//! tantivy answers most damaged files with an error, but panics on some
//! (an unknown compressor id in a document store, a slice out of range), and
//! it has no cheap way to check a file short of reading all of it. So
//! panics raised in tantivy's code are recorded by a panic hook (which
//! keeps the default message for every other panic: those are bugs) and
//! turned into this error where the command is run (`commands::run`).

use std::any::Any;
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::TantivyError;
use tantivy::directory::error::{OpenDirectoryError, OpenReadError};

/// An index whose files cannot be read as they were written.
#[derive(Debug)]
pub struct Damaged {
    /// The corpus root, when known where the damage was found.
    root: Option<PathBuf>,
    /// What was found, in a few words.
    cause: String,
}

impl Damaged {
    pub fn new(root: Option<PathBuf>, cause: impl Into<String>) -> Damaged {
        Damaged {
            root,
            cause: short(&cause.into()),
        }
    }

    /// What was found, without the way out.
    pub fn cause(&self) -> &str {
        &self.cause
    }
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let root = self.root.clone().or_else(opened_root);
        // `dafu index --rebuild` indexes the current folder: name any other.
        let here = |r: &Path| match (r.canonicalize(), std::env::current_dir()) {
            (Ok(r), Ok(cwd)) => r == cwd,
            _ => false,
        };
        let arg = match &root {
            Some(r) if !here(r) => format!(" {}", r.display()),
            _ => String::new(),
        };
        write!(
            f,
            "damaged index: run `dafu index --rebuild{arg}` ({})",
            self.cause
        )
    }
}

impl std::error::Error for Damaged {}

/// The index opened last, named in messages about damage found later.
static OPENED: Mutex<Option<PathBuf>> = Mutex::new(None);
/// The message of the first panic raised in tantivy's code.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Remember `root` as the index being read or written.
pub(crate) fn note_opened(root: &Path) {
    if let Ok(mut opened) = OPENED.lock() {
        *opened = Some(root.to_path_buf());
    }
}

fn opened_root() -> Option<PathBuf> {
    OPENED.lock().ok()?.clone()
}

/// What `err` says of a damaged index, if that is what it is: a
/// [`Damaged`], or a tantivy error about the files it read.
pub fn damage_in(err: &anyhow::Error) -> Option<Damaged> {
    for cause in err.chain() {
        if let Some(d) = cause.downcast_ref::<Damaged>() {
            return Some(Damaged::new(d.root.clone(), d.cause.clone()));
        }
        if let Some(t) = cause.downcast_ref::<TantivyError>()
            && let Some(what) = tantivy_damage(t)
        {
            return Some(Damaged::new(None, what));
        }
        // Columns and dictionaries read from damaged files fail with plain
        // I/O errors of these kinds (`Not valid utf-8`); the system's own
        // failures have other kinds.
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && matches!(io.kind(), ErrorKind::InvalidData | ErrorKind::UnexpectedEof)
            && opened_root().is_some()
        {
            return Some(Damaged::new(None, io.to_string()));
        }
    }
    None
}

/// `err`, met reading `root`'s index: [`Damaged`] when it means damaged
/// files, else the error with `what` was being done.
pub(crate) fn from_tantivy(root: &Path, err: TantivyError, what: &str) -> anyhow::Error {
    match tantivy_damage(&err) {
        Some(cause) => Damaged::new(Some(root.to_path_buf()), cause).into(),
        None => anyhow::Error::from(err).context(format!(
            "{what} {}",
            crate::index::layout::index_dir(root).display()
        )),
    }
}

/// The cause, when a tantivy error means its files are damaged. Errors of
/// the system (permissions, a full disk) are not damage.
fn tantivy_damage(err: &TantivyError) -> Option<String> {
    let system = |kind: ErrorKind| {
        matches!(
            kind,
            ErrorKind::PermissionDenied
                | ErrorKind::StorageFull
                | ErrorKind::QuotaExceeded
                | ErrorKind::ReadOnlyFilesystem
                | ErrorKind::OutOfMemory
                | ErrorKind::Interrupted
        )
    };
    match err {
        TantivyError::DataCorruption(dc) => Some(corruption(&format!("{dc:?}"))),
        TantivyError::IncompatibleIndex(_)
        | TantivyError::DeserializeError(_)
        | TantivyError::SchemaError(_)
        | TantivyError::FieldNotFound(_) => Some(err.to_string()),
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            (!system(io_error.kind())).then(|| format!("{}: {io_error}", filepath.display()))
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            Some(format!("{} is missing", path.display()))
        }
        TantivyError::OpenReadError(e) => Some(e.to_string()),
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(path)) => {
            Some(format!("{} is missing", path.display()))
        }
        TantivyError::IoError(io) => (!system(io.kind())).then(|| io.to_string()),
        // A panic in one of tantivy's threads comes back as one of these.
        TantivyError::SystemError(_)
        | TantivyError::ErrorInThread(_)
        | TantivyError::InternalError(_) => panicked_in_tantivy(),
        _ => None,
    }
}

/// tantivy's description of corrupt data (`Data corruption (in file
/// `"meta.json"`): COMMENT.`) as `meta.json: COMMENT`.
fn corruption(debug: &str) -> String {
    let rest = debug.strip_prefix("Data corruption").unwrap_or(debug);
    match rest
        .strip_prefix(" (in file `\"")
        .and_then(|r| r.split_once("\"`): "))
    {
        Some((file, comment)) => format!("{file}: {comment}"),
        None => rest.trim_start_matches(':').trim().to_string(),
    }
}

/// Record panics raised in tantivy's code (or in the standard library on
/// its behalf) instead of printing them; any other panic is a bug and gets
/// the default message.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| in_index_code(l.file())) {
            if let Ok(mut first) = PANIC.lock() {
                first.get_or_insert_with(|| payload_text(info.payload()));
            }
        } else {
            default(info);
        }
    }));
}

/// The message of a panic recorded in tantivy's code, if any.
pub fn panicked_in_tantivy() -> Option<String> {
    PANIC.lock().ok()?.clone()
}

/// Source files of tantivy and of the crates it reads its files with; the
/// standard library's (a slice or an allocation sized by a damaged file).
fn in_index_code(file: &str) -> bool {
    const CRATES: [&str; 5] = ["/tantivy", "/ownedbytes-", "/bitpacking-", "/zstd", "/lz4"];
    CRATES.iter().any(|c| file.contains(c))
        || file.starts_with("/rustc/")
        || ["library/core/", "library/alloc/", "library/std/"]
            .iter()
            .any(|l| file.contains(l))
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic in tantivy".into())
}

/// A cause in a few words: its first line, without what tantivy dumps of
/// the file's content, cut to 100 characters.
fn short(cause: &str) -> String {
    let line = cause.lines().next().unwrap_or_default();
    let line = line.split(" Content:").next().unwrap_or(line).trim();
    if line.chars().count() <= 100 {
        return line.to_string();
    }
    let cut: String = line.chars().take(99).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_short_and_name_the_way_out() {
        let long = format!(
            "Meta file cannot be deserialized. Content: {}",
            "x".repeat(4000)
        );
        let d = Damaged::new(Some(PathBuf::from("/nowhere/corpus")), long);
        let line = d.to_string();
        assert!(line.starts_with("damaged index: run `dafu index --rebuild /nowhere/corpus`"));
        assert!(line.len() < 200, "{line}");
        assert_eq!(short(&"y".repeat(300)).chars().count(), 100);
    }

    #[test]
    fn corrupt_data_is_described_by_file() {
        assert_eq!(
            corruption("Data corruption (in file `\"meta.json\"`): Meta file is bad."),
            "meta.json: Meta file is bad."
        );
        assert_eq!(corruption("Data corruption: bad bytes."), "bad bytes.");
    }

    #[test]
    fn only_tantivy_and_std_panics_count_as_damage() {
        assert!(in_index_code(
            "/root/.cargo/registry/src/x/tantivy-0.27.0/src/store/decompressors.rs"
        ));
        assert!(in_index_code("/rustc/abc/library/core/src/slice/index.rs"));
        assert!(!in_index_code("src/output/snippet.rs"));
        assert!(!in_index_code(
            "/root/.cargo/registry/src/x/jieba-rs-0.11.0/src/lib.rs"
        ));
    }
}
