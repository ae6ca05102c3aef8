//! The on-disk index: where it lives, its schema, its manifest, and opening
//! it with dafu's tokenizers registered.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

use crate::analysis::{
    ANALYSIS_VERSION, GRAMS_TOKENIZER, GramsTokenizer, WORDS_TOKENIZER, WordsTokenizer,
};
use crate::dict::UserDict;
use crate::moves::{self, Moves, MovesTable};

/// The folder, inside the corpus root, that holds the index.
pub const INDEX_DIR_NAME: &str = ".dafu";
const TANTIVY_DIR: &str = "tantivy";
const STAGING_DIR: &str = "tantivy.new";
const MANIFEST: &str = "manifest.json";
const USER_DICT: &str = "userdict.tsv";
const LOCK: &str = "lock";
const STAT_CACHE: &str = "stat-cache.json";
/// Bumped when fields are added, removed or change meaning.
pub const SCHEMA_VERSION: u32 = 5;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Path relative to the corpus root: the document key.
    pub path: Field,
    pub title: Field,
    pub title_grams: Field,
    pub body: Field,
    pub body_grams: Field,
    pub size: Field,
    pub mtime: Field,
    pub ino: Field,
    pub hash: Field,
    /// Reply fields, searchable as literal substrings (bigram view).
    pub issuer: Field,
    pub proposer: Field,
    pub meeting: Field,
    pub region: Field,
    pub kind: Field,
    pub doc_number: Field,
    /// Proposal number.
    pub number: Field,
    /// Reply date, else publish date, as `yyyymmdd`.
    pub date: Field,
    /// All extracted fields as JSON, for output.
    pub reply: Field,
    /// Raw values for counting (`dafu stats --by`).
    pub issuer_key: Field,
    pub meeting_key: Field,
    pub region_key: Field,
    pub kind_key: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Words rank by BM25 only; positions (for exactness and proximity)
    // live in the bigram view, so words need no positions of their own.
    let words = |stored: bool| {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        if stored { opts.set_stored() } else { opts }
    };
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GRAMS_TOKENIZER)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        path: b.add_text_field("path", STRING | STORED | FAST),
        title: b.add_text_field("title", words(true)),
        title_grams: b.add_text_field("title_grams", grams.clone()),
        body: b.add_text_field("body", words(true)),
        body_grams: b.add_text_field("body_grams", grams.clone()),
        size: b.add_u64_field("size", FAST),
        mtime: b.add_u64_field("mtime", FAST),
        ino: b.add_u64_field("ino", FAST),
        hash: b.add_u64_field("hash", FAST | INDEXED),
        issuer: b.add_text_field("issuer", grams.clone()),
        proposer: b.add_text_field("proposer", grams.clone()),
        meeting: b.add_text_field("meeting", grams.clone()),
        region: b.add_text_field("region", grams.clone()),
        kind: b.add_text_field("kind", grams.clone()),
        doc_number: b.add_text_field("doc_number", grams.clone()),
        number: b.add_u64_field("number", FAST | INDEXED),
        date: b.add_u64_field("date", FAST | INDEXED),
        reply: b.add_text_field("reply", STORED),
        issuer_key: b.add_text_field("issuer_key", STRING | FAST),
        meeting_key: b.add_text_field("meeting_key", STRING | FAST),
        region_key: b.add_text_field("region_key", STRING | FAST),
        kind_key: b.add_text_field("kind_key", STRING | FAST),
    };
    (b.build(), fields)
}

/// What an index was built with; a mismatch means it must be rebuilt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub dafu_version: String,
    pub schema_version: u32,
    pub analysis_version: u32,
    pub jieba_rs: String,
    /// Fingerprint of the user dictionary (`--dict`), if any.
    #[serde(default)]
    pub user_dict: Option<String>,
}

impl Manifest {
    fn current(user_dict: Option<&UserDict>) -> Self {
        Manifest {
            dafu_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION,
            analysis_version: ANALYSIS_VERSION,
            jieba_rs: crate::dict::JIEBA_VERSION.to_string(),
            user_dict: user_dict.map(UserDict::fingerprint),
        }
    }

    fn compatible_with(&self, other: &Manifest) -> bool {
        self.schema_version == other.schema_version
            && self.analysis_version == other.analysis_version
            && self.jieba_rs == other.jieba_rs
    }
}

/// An opened index and the corpus folder it describes.
pub struct DafuIndex {
    /// The corpus root: document paths are relative to it.
    pub root: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// The user dictionary the index was built with, applied to queries too.
    pub user_dict: Option<Arc<UserDict>>,
}

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

fn register_tokenizers(index: &Index, user_dict: Option<Arc<UserDict>>) {
    let manager = index.tokenizers();
    manager.register(WORDS_TOKENIZER, WordsTokenizer::new(user_dict));
    manager.register(GRAMS_TOKENIZER, GramsTokenizer);
}

/// Where a new index is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// In place: batches committed while building are searchable at once.
    Live,
    /// Beside the live index, which keeps answering searches until
    /// [`publish`] swaps the new one in (`--rebuild`).
    Staging,
}

fn tantivy_dir(root: &Path, target: Target) -> PathBuf {
    index_dir(root).join(match target {
        Target::Live => TANTIVY_DIR,
        Target::Staging => STAGING_DIR,
    })
}

/// Create a fresh, empty index for `root`.
pub fn create(root: &Path, user_dict: Option<UserDict>, target: Target) -> Result<DafuIndex> {
    let dir = tantivy_dir(root, target);
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let (schema, fields) = schema();
    let settings = IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(6),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(&dir)
        .with_context(|| format!("cannot create index in {}", dir.display()))?;
    let user_dict = user_dict.map(Arc::new);
    register_tokenizers(&index, user_dict.clone());
    if target == Target::Live {
        write_manifest(root, user_dict.as_deref())?;
    }
    Ok(DafuIndex {
        root: root.to_path_buf(),
        index,
        fields,
        user_dict,
    })
}

fn write_manifest(root: &Path, user_dict: Option<&UserDict>) -> Result<()> {
    let dir = index_dir(root);
    let user_path = dir.join(USER_DICT);
    match user_dict {
        Some(u) => write_atomic(&user_path, &u.to_tsv())?,
        None if user_path.exists() => fs::remove_file(&user_path)
            .with_context(|| format!("cannot remove {}", user_path.display()))?,
        None => {}
    }
    let manifest = serde_json::to_string_pretty(&Manifest::current(user_dict))? + "\n";
    write_atomic(&dir.join(MANIFEST), &manifest)
}

/// Write `path` whole or not at all (a temporary file renamed over it).
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// Swap a finished staging index in place of the live one.
pub fn publish(idx: &DafuIndex) -> Result<()> {
    let live = tantivy_dir(&idx.root, Target::Live);
    let staging = tantivy_dir(&idx.root, Target::Staging);
    let old = index_dir(&idx.root).join("tantivy.old");
    if old.exists() {
        fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    }
    if live.exists() {
        fs::rename(&live, &old).with_context(|| format!("cannot move {}", live.display()))?;
    }
    fs::rename(&staging, &live).with_context(|| format!("cannot move {}", staging.display()))?;
    write_manifest(&idx.root, idx.user_dict.as_deref())?;
    // Searches still reading the old files keep their open handles.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Open the index of `root`, refusing one built with other analysis rules.
pub fn open(root: &Path) -> Result<DafuIndex> {
    let dir = index_dir(root);
    let manifest = read_manifest(root)?;
    if !manifest.compatible_with(&Manifest::current(None)) {
        bail!(
            "the index at {} was built by dafu {} (schema {}, analysis {}, jieba-rs {}); \
             this dafu needs schema {}, analysis {}, jieba-rs {}: run `dafu index --rebuild {}`",
            dir.display(),
            manifest.dafu_version,
            manifest.schema_version,
            manifest.analysis_version,
            manifest.jieba_rs,
            SCHEMA_VERSION,
            ANALYSIS_VERSION,
            crate::dict::JIEBA_VERSION,
            root.display()
        );
    }
    let user_dict = stored_user_dict(root, &manifest)?.map(Arc::new);
    wait_for_publish(&dir);
    let index = Index::open_in_dir(dir.join(TANTIVY_DIR))
        .with_context(|| format!("cannot open index {}", dir.display()))?;
    register_tokenizers(&index, user_dict.clone());
    let (_, fields) = schema();
    Ok(DafuIndex {
        root: root.to_path_buf(),
        index,
        fields,
        user_dict,
    })
}

/// A reader of the last commit and the table of moves committed with it.
///
/// The reader and `meta.json` are read one after the other; a commit in
/// between could pair documents with another commit's moves, so the two
/// are compared (segments and their deletes) and read again until they
/// agree. A commit that changes only the moves pairs the documents with a
/// newer table of the same documents, which is still true. A table file
/// missing means a newer commit replaced it: read again.
pub fn snapshot(idx: &DafuIndex) -> Result<(IndexReader, MovesTable)> {
    let reader: IndexReader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("cannot open an index reader")?;
    let damaged = |e: anyhow::Error| {
        e.context(format!(
            "damaged index {}: run `dafu index --rebuild`",
            index_dir(&idx.root).display()
        ))
    };
    for _ in 0..20 {
        let metas = idx.index.load_metas().context("cannot read the index")?;
        let searcher = reader.searcher();
        let mut seen: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|s| (s.segment_id(), s.delete_opstamp()))
            .collect();
        let mut committed: Vec<_> = metas
            .segments
            .iter()
            .map(|s| (s.id(), s.delete_opstamp()))
            .collect();
        seen.sort();
        committed.sort();
        if seen == committed {
            let payload = moves::Payload::parse(metas.payload.as_deref()).map_err(damaged)?;
            let Some(name) = payload.file else {
                return Ok((reader, MovesTable::default()));
            };
            let path = moves_file(&idx.root, &name).map_err(damaged)?;
            match fs::read(&path) {
                Ok(bytes) => {
                    let table = MovesTable::parse(bytes)
                        .with_context(|| path.display().to_string())
                        .map_err(damaged)?;
                    return Ok((reader, table));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
            }
        }
        reader.reload().context("cannot reload the index")?;
    }
    bail!("the index kept changing while being opened; try again")
}

const MOVES_PREFIX: &str = "moves-";
const MOVES_SUFFIX: &str = ".bin";

/// The table file `name` of `root`'s index; a name that is not one of
/// ours (a path, say) is refused.
fn moves_file(root: &Path, name: &str) -> Result<PathBuf> {
    let ok = name
        .strip_prefix(MOVES_PREFIX)
        .and_then(|n| n.strip_suffix(MOVES_SUFFIX))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        bail!("bad moves table name {name:?}");
    }
    Ok(index_dir(root).join(name))
}

/// Write the table of moves for the commit with `opstamp`; its file name,
/// for the payload (none when nothing has moved).
pub fn write_moves(root: &Path, moves: &Moves, opstamp: u64) -> Result<Option<String>> {
    if moves.is_empty() {
        return Ok(None);
    }
    let name = format!("{MOVES_PREFIX}{opstamp}{MOVES_SUFFIX}");
    let path = moves_file(root, &name)?;
    let tmp = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut f, &moves.to_bytes())?;
        // On disk before the commit that names it.
        f.sync_all()?;
        fs::rename(&tmp, &path)
    };
    write().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Some(name))
}

/// Delete the table files of `root`'s index other than `keep` (after the
/// commit naming `keep`: a search still holding an older commit finds its
/// table gone and reads the newer commit).
pub fn remove_old_moves(root: &Path, keep: Option<&str>) -> Result<()> {
    let dir = index_dir(root);
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name.starts_with(MOVES_PREFIX)
            && (name.ends_with(MOVES_SUFFIX) || name.ends_with(".tmp"));
        if ours && Some(name) != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// [`publish`] moves the live index away and the new one in with two
/// renames; a search opening between them waits (briefly) for the second.
fn wait_for_publish(dir: &Path) {
    for _ in 0..40 {
        if dir.join(TANTIVY_DIR).exists() || !dir.join(STAGING_DIR).exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

/// The user dictionary an index remembers, whatever its version (so that
/// `--rebuild` after an upgrade keeps it).
pub fn stored_user_dict(root: &Path, manifest: &Manifest) -> Result<Option<UserDict>> {
    if manifest.user_dict.is_none() {
        return Ok(None);
    }
    let path = index_dir(root).join(USER_DICT);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("cannot read the index's dictionary {}", path.display()))?;
    let dict = UserDict::from_tsv(&text).with_context(|| {
        format!(
            "damaged dictionary {}: run `dafu index --rebuild --dict FILE`",
            path.display()
        )
    })?;
    Ok(Some(dict))
}

/// The manifest of the index of `root`.
pub fn read_manifest(root: &Path) -> Result<Manifest> {
    let path = index_dir(root).join(MANIFEST);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("no dafu index at {}", index_dir(root).display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "unreadable index manifest {} (`dafu index --rebuild` fixes it)",
            path.display()
        )
    })
}

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
/// with `wait`, blocking until the other writer is done.
pub fn lock(root: &Path, wait: bool) -> Result<WriteLock> {
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
            eprintln!(
                "dafu: waiting for another dafu to finish updating {}",
                dir.display()
            );
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

/// The indexed folder that holds `path` (a folder holding `.dafu` counts
/// as its own root) and `path`'s key relative to it, looking up like git.
pub fn enclosing_root(path: &Path) -> Result<Option<(PathBuf, String)>> {
    if path.is_dir() && exists(path) {
        return Ok(Some((path.to_path_buf(), String::new())));
    }
    let abs =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    for ancestor in abs.ancestors().skip(1) {
        if exists(ancestor) {
            let rel = abs.strip_prefix(ancestor).unwrap_or(&abs);
            let key = crate::corpus::rel_key(rel)
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
    /// When PATH is a folder inside the indexed root: its key, to which
    /// results are limited.
    pub scope: Option<String>,
}

/// Find the index to search: an explicit PATH (a corpus folder, its
/// `.dafu`, or a folder inside an indexed one, which limits the results to
/// it), else `.dafu/` in the current folder or a parent, else
/// `$DAFU_INDEX`. An explicit PATH need not be indexed yet.
pub fn locate(path: Option<&Path>, env_index: Option<&Path>) -> Result<Location> {
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
            });
        }
        return Ok(Location {
            display_base: strip_dot(&dir),
            root: dir,
            scope: None,
        });
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        if exists(dir) {
            return Ok(Location {
                root: dir.to_path_buf(),
                display_base: up,
                scope: None,
            });
        }
        up.push("..");
    }
    if let Some(p) = env_index {
        return locate(Some(p), None).map(|mut loc| {
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

    #[test]
    fn a_search_opening_mid_publish_waits_for_the_new_index() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        fs::create_dir(dir.join(STAGING_DIR)).unwrap();
        let mover = {
            let dir = dir.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(100));
                fs::rename(dir.join(STAGING_DIR), dir.join(TANTIVY_DIR)).unwrap();
            })
        };
        wait_for_publish(&dir);
        assert!(dir.join(TANTIVY_DIR).exists());
        mover.join().unwrap();
    }
}
