//! The on-disk index: an opened tantivy index with dafu's tokenizers
//! registered, and the files beside it.
//!
//! - [`layout`]: where each file lives (a leaf, used by the corpus walk);
//! - [`schema`]: the fields, and documents to and from typed reply data;
//! - [`manifest`]: what the index was built with;
//! - [`lock`]: one writer at a time;
//! - [`durable`]: files replaced whole, synced to disk;
//! - [`commit`]: the table of moves of each commit, publishing a rebuild;
//! - [`generations`]: the live tantivy folder, rebuilt ones, leftovers;
//! - [`damage`]: what a damaged index says, tantivy's errors and panics;
//! - [`moves`]: the table of renamed files;
//! - [`stat_cache`]: stats of files confirmed unchanged;
//! - [`locate`]: which index a path belongs to, and paths for printing.

pub mod commit;
pub mod damage;
pub mod durable;
pub mod freshness;
pub mod generations;
pub mod layout;
pub mod locate;
pub mod lock;
pub mod manifest;
pub mod moves;
pub mod read_only;
pub mod schema;
pub mod stat_cache;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

use crate::analysis::dict::{JIEBA_VERSION, UserDict};
use crate::analysis::{
    ANALYSIS_VERSION, GRAMS_TOKENIZER, GramsTokenizer, WORDS_TOKENIZER, WordsTokenizer,
};
use damage::{Damaged, from_tantivy, note_opened};
use generations::{live_dir, next_generation};
use layout::{index_dir, tantivy_dir};
use manifest::{Manifest, read_manifest, stored_user_dict, write_manifest};
use moves::MovesTable;
use schema::{Fields, SCHEMA_VERSION, schema};

pub use layout::{INDEX_DIR_NAME, exists};
pub use lock::Busy;

/// An opened index and the corpus folder it describes.
pub struct DafuIndex {
    /// The corpus root: document paths are relative to it.
    pub root: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// The user dictionary the index was built with, applied to queries too.
    pub user_dict: Option<Arc<UserDict>>,
    /// Which tantivy folder this is (see [`generations`]).
    pub generation: u64,
}

fn register_tokenizers(index: &Index, user_dict: Option<Arc<UserDict>>) {
    let manager = index.tokenizers();
    manager.register(WORDS_TOKENIZER, WordsTokenizer::new(user_dict));
    manager.register(GRAMS_TOKENIZER, GramsTokenizer);
}

/// Where a new index is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Named by the manifest at once: batches committed while building are
    /// searchable at once.
    Live,
    /// A new generation beside the live index, which keeps answering
    /// searches until [`commit::publish`] names the new one (`--rebuild`).
    Staging,
}

/// Create a fresh, empty index for `root`, in a new generation.
pub fn create(root: &Path, user_dict: Option<UserDict>, target: Target) -> Result<DafuIndex> {
    note_opened(root);
    let generation = next_generation(root);
    let dir = tantivy_dir(root, generation);
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
        write_manifest(root, user_dict.as_deref(), generation)?;
    }
    Ok(DafuIndex {
        root: root.to_path_buf(),
        index,
        fields,
        user_dict,
        generation,
    })
}

/// Open the index of `root`, refusing one built with other analysis rules.
pub fn open(root: &Path) -> Result<DafuIndex> {
    open_as(root, Access::Read)
}

/// Open the index of `root` to update it (the caller holds the write lock).
pub fn open_to_write(root: &Path) -> Result<DafuIndex> {
    open_as(root, Access::Write)
}

/// How an index is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// To search: nothing is created or locked, so a read-only folder works.
    Read,
    /// To update.
    Write,
}

fn open_dir(dir: &Path, access: Access) -> tantivy::Result<Index> {
    match access {
        Access::Write => Index::open_in_dir(dir),
        Access::Read => Index::open(read_only::ReaderDirectory::open(dir)?),
    }
}

fn open_as(root: &Path, access: Access) -> Result<DafuIndex> {
    note_opened(root);
    let mut manifest = read_manifest(root)?;
    if !manifest.compatible_with(&Manifest::current(None, 0)) {
        bail!(
            "the index at {} was built by dafu {} (schema {}, analysis {}, jieba-rs {}); \
             this dafu needs schema {}, analysis {}, jieba-rs {}: run `dafu index --rebuild {}`",
            index_dir(root).display(),
            manifest.dafu_version,
            manifest.schema_version,
            manifest.analysis_version,
            manifest.jieba_rs,
            SCHEMA_VERSION,
            ANALYSIS_VERSION,
            JIEBA_VERSION,
            root.display()
        );
    }
    // A rebuild swapped in between reading the manifest and opening the
    // folder it named (and removed that folder): read the manifest again.
    let mut tries = 0;
    let index = loop {
        match open_dir(&live_dir(root, manifest.generation), access) {
            Ok(index) => break index,
            Err(e) => match read_manifest(root) {
                Ok(now) if now.generation != manifest.generation && tries < 5 => {
                    manifest = now;
                    tries += 1;
                }
                _ => return Err(from_tantivy(root, e, "cannot open the index")),
            },
        }
    };
    let user_dict = stored_user_dict(root, &manifest)?.map(Arc::new);
    register_tokenizers(&index, user_dict.clone());
    let (_, fields) = schema();
    Ok(DafuIndex {
        root: root.to_path_buf(),
        index,
        fields,
        user_dict,
        generation: manifest.generation,
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
    let root = &idx.root;
    let reader: IndexReader = idx
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| from_tantivy(root, e, "cannot open an index reader"))?;
    let damaged = |e: anyhow::Error| Damaged::new(Some(root.clone()), format!("{e:#}"));
    for _ in 0..20 {
        let metas = (idx.index.load_metas()).map_err(|e| from_tantivy(root, e, "cannot read"))?;
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
            let path = commit::moves_file(root, &name).map_err(damaged)?;
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
        reader
            .reload()
            .map_err(|e| from_tantivy(root, e, "cannot reload the index"))?;
    }
    bail!("the index kept changing while being opened; try again")
}
