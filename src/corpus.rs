//! The corpus side: walking a folder for reply files and decoding their bytes
//! into text. It knows of the index only where it lives (skipped by the
//! walk) and how paths become keys ([`crate::index::layout`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use walkdir::WalkDir;

use crate::index::layout::{INDEX_DIR_NAME, rel_key};

/// What the walk should pick up.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// File extensions to index, without the dot, compared case-insensitively.
    pub extensions: Vec<String>,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            extensions: vec!["txt".into()],
            max_file_size: 32 << 20,
        }
    }
}

/// A file the walk found, with what is needed to tell whether it changed.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the corpus root, with `/` separators: the document key.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime: u64,
    /// Inode number (0 where the platform has none).
    pub ino: u64,
}

/// A path the walk or the decoder could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    pub path: String,
    pub reason: String,
}

/// One item of the walk.
#[derive(Debug)]
pub enum Walked {
    File(FileEntry),
    Skipped(Skip),
}

/// Walk `start` (the corpus root, or a folder or file inside it whose key
/// relative to the root is `start_key`) for files with the wanted
/// extensions, skipping hidden folders (the index folder among them). A file
/// named explicitly is taken whatever its extension. Symlinks are followed;
/// loops and dangling links come back as skips, never as errors.
pub fn walk<'a>(
    root: &'a Path,
    start: &'a Path,
    start_key: &'a str,
    opts: &'a WalkOptions,
) -> impl Iterator<Item = Walked> + 'a {
    let key = move |path: &Path| -> Option<String> {
        let below = path.strip_prefix(start).unwrap_or(path);
        let below = rel_key(below)?;
        Some(match (start_key.is_empty(), below.is_empty()) {
            (true, _) => below,
            (false, true) => start_key.to_string(),
            (false, false) => format!("{start_key}/{below}"),
        })
    };
    let lossy = move |path: &Path| {
        key(path).unwrap_or_else(|| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .into_owned()
        })
    };
    WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        .filter_map(move |entry| match entry {
            Err(err) => {
                let path = err.path().map_or_else(|| start_key.to_string(), lossy);
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
                Some(Walked::Skipped(Skip { path, reason }))
            }
            Ok(entry) => {
                let named = entry.depth() == 0;
                if !entry.file_type().is_file()
                    || !(named || has_extension(entry.path(), &opts.extensions))
                {
                    return None;
                }
                Some(match key(entry.path()) {
                    Some(rel) => file_entry(rel, entry.path(), opts),
                    None => Walked::Skipped(Skip {
                        path: lossy(entry.path()),
                        reason: "file name is not valid UTF-8".into(),
                    }),
                })
            }
        })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n == INDEX_DIR_NAME)
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    extensions.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

fn file_entry(rel: String, path: &Path, opts: &WalkOptions) -> Walked {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return Walked::Skipped(Skip {
                path: rel,
                reason: e.to_string(),
            });
        }
    };
    if meta.len() > opts.max_file_size {
        return Walked::Skipped(Skip {
            path: rel,
            reason: format!(
                "larger than --max-file-size ({} > {} bytes)",
                meta.len(),
                opts.max_file_size
            ),
        });
    }
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Walked::File(FileEntry {
        rel,
        abs: path.to_path_buf(),
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
/// after the walk measured it.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
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

/// Decoded text and the name of the encoding it was found in.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode a file's bytes: UTF-8 (BOM optional), UTF-16 with a BOM, or
/// GB18030 (a superset of GBK and GB2312). Anything else is refused with
/// the reason, never guessed at with replacement characters.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
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
        return Err("binary file (contains NUL bytes)".into());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        });
    }
    decode_strict(GB18030, bytes)
        .ok()
        .filter(|d| looks_like_text(&d.text))
        .ok_or_else(|| "not text in UTF-8, UTF-16 (with BOM) or GB18030/GBK".into())
}

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
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(decode(b"").unwrap_err(), "empty file");
        assert!(decode(b"ab\0cd").unwrap_err().contains("NUL"));
        assert!(decode(b"\xFF\xFF\xFF\x80\x80").is_err());
        assert!(decode(b"\xFF\xFE\x00\xD8").is_err()); // lone surrogate
    }
}
