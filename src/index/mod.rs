//! The on-disk index: an opened tantivy index with dafu's tokenizers
//! registered, and the files beside it.
//!
//! - [`layout`]: where each file lives (a leaf, used by the corpus walk);
//! - [`schema`]: the fields, and documents to and from typed reply data;
//! - [`manifest`]: what the index was built with;
//! - [`lock`]: one writer at a time;
//! - [`durable`]: files replaced whole, synced to disk;
//! - [`commit`]: the table of moves of each commit, publishing a rebuild;
//! - [`moves`]: the table of renamed files;
//! - [`stat_cache`]: stats of files confirmed unchanged;
//! - [`locate`]: which index a path belongs to, and paths for printing.

pub mod commit;
pub mod durable;
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
use layout::{STAGING_DIR, TANTIVY_DIR, index_dir};
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
    /// [`commit::publish`] swaps the new one in (`--rebuild`).
    Staging,
}

pub(crate) fn tantivy_dir(root: &Path, target: Target) -> PathBuf {
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
            JIEBA_VERSION,
            root.display()
        );
    }
    let user_dict = stored_user_dict(root, &manifest)?.map(Arc::new);
    wait_for_publish(&dir, 40);
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
            let path = commit::moves_file(&idx.root, &name).map_err(damaged)?;
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

/// [`commit::publish`] moves the live index away and the new one in with two
/// renames; a search opening between them waits (briefly) for the second.
fn wait_for_publish(dir: &Path, tries: u32) {
    for _ in 0..tries {
        if dir.join(TANTIVY_DIR).exists() || !dir.join(STAGING_DIR).exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_waits_for_a_publish_only_while_one_is_half_done() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // Staging without a live index: the second rename is pending, and
        // the wait gives up after its tries instead of hanging.
        fs::create_dir(dir.join(STAGING_DIR)).unwrap();
        wait_for_publish(dir, 2);
        fs::rename(dir.join(STAGING_DIR), dir.join(TANTIVY_DIR)).unwrap();
        // Once the live index is there it returns at once, whatever the tries.
        wait_for_publish(dir, u32::MAX);
    }
}
