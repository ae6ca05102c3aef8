//! The corpus side: walking a folder for reply files and decoding their bytes
//! into text. It knows of the index only where it lives (skipped by the
//! walk) and how paths become keys ([`crate::index::layout`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use encoding_rs::{BIG5, Encoding, GB18030, UTF_16BE, UTF_16LE};
use walkdir::{DirEntry, WalkDir};

use crate::index::layout::{INDEX_DIR_NAME, rel_key};

/// What the walk should pick up.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// File extensions to index, without the dot, compared case-insensitively.
    pub extensions: Vec<String>,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Follow links to files and folders outside the corpus root (by
    /// default they are skipped).
    pub follow_outside: bool,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            extensions: vec!["txt".into()],
            max_file_size: 32 << 20,
            follow_outside: false,
        }
    }
}

/// Why a link out of the corpus root is not followed.
pub const OUTSIDE: &str = "link points outside the indexed folder";
/// Why a FIFO, socket or device is not read.
pub const NOT_REGULAR: &str = "not a regular file";

/// Where links may lead: inside the corpus root, unless following links
/// outside was asked for.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The corpus root, resolved; none when links are followed anywhere.
    root: Option<PathBuf>,
}

impl Fence {
    pub fn new(root: &Path, follow_outside: bool) -> Fence {
        let root = (!follow_outside).then(|| root.canonicalize().unwrap_or(root.to_path_buf()));
        Fence { root }
    }

    /// True when `path`, links resolved, is inside the root (or anywhere
    /// may be followed). A path that cannot be resolved is not inside.
    pub fn allows(&self, path: &Path) -> bool {
        let Some(root) = &self.root else { return true };
        path.canonicalize().is_ok_and(|p| p.starts_with(root))
    }
}

/// A file the walk found, with what is needed to tell whether it changed.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the corpus root, with `/` separators: the document key.
    /// The file is `root.join(rel)`: no second copy of the path is kept
    /// (a list of every file of a large corpus is held while indexing).
    pub rel: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime: u64,
    /// Inode number (0 where the platform has none).
    pub ino: u64,
}

/// A path the walk or the decoder could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    /// Relative to the corpus root; a name that is not UTF-8 is shown with
    /// U+FFFD in place of its bad bytes.
    pub path: String,
    /// The exact bytes of `path` when it is not UTF-8 (so the file can be
    /// found from `--report`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<Vec<u8>>,
    pub reason: String,
}

impl Skip {
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Skip {
        Skip {
            path: path.into(),
            path_bytes: None,
            reason: reason.into(),
        }
    }

    /// A skip of `rel`, a path that may not be UTF-8.
    fn of_path(rel: &Path, reason: impl Into<String>) -> Skip {
        let mut skip = Skip::new(rel.to_string_lossy(), reason);
        if rel.to_str().is_none() {
            skip.path_bytes = Some(path_bytes(rel));
        }
        skip
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// One item of the walk.
#[derive(Debug)]
pub enum Walked {
    File(FileEntry),
    /// A folder entered, with its key and its mtime when entered (before
    /// its files were listed): a later change to its list of files changes
    /// that mtime.
    Dir {
        rel: String,
        mtime: u64,
    },
    Skipped(Skip),
}

/// Walk `start` (the corpus root, or a folder or file inside it whose key
/// relative to the root is `start_key`) for files with the wanted
/// extensions, skipping hidden folders (the index folder among them). A file
/// named explicitly is taken whatever its extension. Symlinks are followed
/// while they lead inside the root (anywhere with `follow_outside`); links
/// out, loops, dangling links, FIFOs and devices come back as skips, never
/// as errors.
pub fn walk<'a>(
    root: &'a Path,
    start: &'a Path,
    start_key: &'a str,
    opts: &'a WalkOptions,
) -> impl Iterator<Item = Walked> + 'a {
    let fence = Fence::new(root, opts.follow_outside);
    let key = move |path: &Path| -> Option<String> {
        let below = path.strip_prefix(start).unwrap_or(path);
        let below = rel_key(below)?;
        Some(match (start_key.is_empty(), below.is_empty()) {
            (true, _) => below,
            (false, true) => start_key.to_string(),
            (false, false) => format!("{start_key}/{below}"),
        })
    };
    let skip = move |path: &Path, reason: &str| match key(path) {
        Some(rel) => Skip::new(rel, reason),
        None => Skip::of_path(path.strip_prefix(root).unwrap_or(path), reason),
    };
    let mut entries = WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    std::iter::from_fn(move || {
        loop {
            let entry = match entries.next()? {
                Ok(entry) => entry,
                Err(err) => return Some(Walked::Skipped(walk_error(&err, start_key, skip))),
            };
            let is_dir = entry.file_type().is_dir();
            let wanted = is_dir || entry.depth() == 0 || has_extension(entry.path(), opts);
            if entry.path_is_symlink() && !fence.allows(entry.path()) {
                if is_dir {
                    entries.skip_current_dir();
                }
                if wanted {
                    return Some(Walked::Skipped(skip(entry.path(), OUTSIDE)));
                }
                continue;
            }
            if is_dir {
                let mtime = entry.metadata().ok().as_ref().map_or(0, mtime_ns);
                match key(entry.path()) {
                    Some(rel) => return Some(Walked::Dir { rel, mtime }),
                    None => continue,
                }
            }
            if !wanted {
                continue;
            }
            return Some(walked_file(&entry, key, skip, opts));
        }
    })
}

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// What the walk could not read, as a skip.
fn walk_error(err: &walkdir::Error, start_key: &str, skip: impl Fn(&Path, &str) -> Skip) -> Skip {
    let reason = if err.loop_ancestor().is_some() {
        "symlink loop".to_string()
    } else {
        match err.io_error() {
            Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                "broken symlink or vanished file".to_string()
            }
            Some(io) => io.to_string(),
            None => err.to_string(),
        }
    };
    match err.path() {
        Some(path) => skip(path, &reason),
        None => Skip::new(start_key, reason),
    }
}

/// A walked file (not a folder) with a wanted name.
fn walked_file(
    entry: &DirEntry,
    key: impl Fn(&Path) -> Option<String>,
    skip: impl Fn(&Path, &str) -> Skip,
    opts: &WalkOptions,
) -> Walked {
    if !entry.file_type().is_file() {
        return Walked::Skipped(skip(entry.path(), NOT_REGULAR));
    }
    match key(entry.path()) {
        Some(rel) => file_entry(rel, entry.path(), opts),
        None => Walked::Skipped(skip(entry.path(), "file name is not valid UTF-8")),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n == INDEX_DIR_NAME)
}

fn has_extension(path: &Path, opts: &WalkOptions) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    opts.extensions.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

fn file_entry(rel: String, path: &Path, opts: &WalkOptions) -> Walked {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Walked::Skipped(Skip::new(rel, e.to_string())),
    };
    if !meta.is_file() {
        return Walked::Skipped(Skip::new(rel, NOT_REGULAR));
    }
    if meta.len() > opts.max_file_size {
        let reason = format!(
            "larger than --max-file-size ({} > {} bytes)",
            meta.len(),
            opts.max_file_size
        );
        return Walked::Skipped(Skip::new(rel, reason));
    }
    let mtime = mtime_ns(&meta);
    Walked::File(FileEntry {
        rel,
        size: meta.len(),
        mtime,
        ino: inode(&meta),
    })
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// Read a file, refusing to read more than `max` bytes even if it grew
/// after the walk measured it, and anything but a regular file even if one
/// took its place since (a FIFO would block the open: it is opened without
/// blocking, then checked).
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = open_nonblocking(path).map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err(NOT_REGULAR.into());
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max && max < u64::MAX {
        return Err(format!(
            "grew past --max-file-size ({max} bytes) while being read"
        ));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // On a regular file O_NONBLOCK changes nothing.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// Decoded text and the name of the encoding it was found in.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode a file's bytes: UTF-8 (BOM optional), UTF-16 with a BOM, or
/// GB18030 (a superset of GBK and GB2312) or Big5, as detected. Anything
/// else is refused with the reason, never guessed at with replacement
/// characters; so is text holding NUL (binary, whatever the encoding) or
/// nothing but white space (empty).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let decoded = decode_any(bytes)?;
    if decoded.text.contains('\0') {
        return Err(BINARY.into());
    }
    if decoded.text.trim().is_empty() {
        return Err(if bytes.is_empty() {
            "empty file".into()
        } else {
            "empty file (only white space)".into()
        });
    }
    Ok(decoded)
}

const BINARY: &str = "binary file (contains NUL bytes)";

fn decode_any(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| Decoded {
                text: t.to_string(),
                encoding: "UTF-8",
            })
            .map_err(|e| {
                format!(
                    "has a UTF-8 BOM but invalid UTF-8 at byte {}",
                    e.valid_up_to() + 3
                )
            });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_strict(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_strict(UTF_16BE, rest);
    }
    if bytes.contains(&0) {
        return Err(BINARY.into());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        });
    }
    decode_chinese(bytes)
}

/// Legacy Chinese text: GB18030 or Big5. Both accept much of the other's
/// bytes (Big5 text decodes as GB18030 without error, into nonsense), so
/// chardetng, which weighs which characters are likely, chooses which is
/// tried first.
fn decode_chinese(bytes: &[u8]) -> Result<Decoded, String> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let order = if guess == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    order
        .into_iter()
        .filter_map(|encoding| decode_strict(encoding, bytes).ok())
        .find(|d| looks_like_text(&d.text))
        .ok_or_else(|| "not text in UTF-8, UTF-16 (with BOM), GB18030/GBK or Big5".into())
}

/// How much of a file the encoding detector reads: plenty to tell GB18030
/// from Big5.
const DETECT_BYTES: usize = 64 << 10;

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
        })
        .ok_or_else(|| format!("invalid {} text", encoding.name()))
}

/// GB18030 accepts many byte sequences that are not meant as text; real
/// text has few control characters.
fn looks_like_text(text: &str) -> bool {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    controls * 100 <= text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let text = "科技成果转化，ＧＭＳ";
        assert_eq!(decode(text.as_bytes()).unwrap().text, text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, text);
        let (gbk, _, _) = GB18030.encode(text);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "gb18030"));
        let mut le = b"\xFF\xFE".to_vec();
        let mut be = b"\xFE\xFF".to_vec();
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, text);
        assert_eq!(decode(&be).unwrap().text, text);
        let traditional = "臺灣省政府關於科技成果轉化的答覆，經濟發展與資訊產業。";
        let (big5, _, _) = BIG5.encode(traditional);
        let d = decode(&big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (traditional, "Big5"));
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(decode(b"").unwrap_err(), "empty file");
        assert!(decode(b"ab\0cd").unwrap_err().contains("NUL"));
        assert!(decode(b"\xFF\xFF\xFF\x80\x80").is_err());
        assert!(decode(b"\xFF\xFE\x00\xD8").is_err()); // lone surrogate
        assert!(
            decode(b"\xFF\xFEa\x00\x00\x00")
                .unwrap_err()
                .contains("NUL")
        );
        assert!(decode(b"\xEF\xBB\xBFa\x00").unwrap_err().contains("NUL"));
        assert!(
            decode(" \t\r\n\u{3000}".as_bytes())
                .unwrap_err()
                .contains("empty")
        );
        assert!(decode(b"\xEF\xBB\xBF").unwrap_err().contains("empty"));
    }
}
