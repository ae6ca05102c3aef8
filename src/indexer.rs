//! Building and updating an index from a corpus folder: walk, decode, diff
//! against what the index holds, write in committed batches.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::corpus::{self, FileEntry, Skip, WalkOptions, Walked};
use crate::index::{self, DafuIndex, Fields};

/// How `dafu index` should run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub walk: WalkOptions,
    /// Re-index every file even when it looks unchanged.
    pub full: bool,
    /// Throw the index away and build it anew.
    pub rebuild: bool,
}

/// What a run did, for the one-line summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub indexed: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub skipped: Vec<Skip>,
    /// Bytes of the files read and indexed.
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn line(&self) -> String {
        format!(
            "dafu: {} indexed, {} unchanged, {} removed, {} skipped; {:.1} MB in {:.2} s",
            self.indexed,
            self.unchanged,
            self.removed,
            self.skipped.len(),
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Commit after this many bytes of new text, so an interrupted run keeps
/// most of its work.
const COMMIT_EVERY_BYTES: u64 = 64 << 20;
const WRITER_HEAP_PER_THREAD: usize = 64 << 20;

/// What the index holds about a file, to tell whether it changed.
#[derive(Debug, Clone, Copy)]
struct Known {
    size: u64,
    mtime: u64,
    hash: u64,
}

/// Index (or update the index of) the corpus at `root`.
pub fn run(root: &Path, opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    let idx = if opts.rebuild || !index::exists(root) {
        index::create(root)?
    } else {
        index::open(root)?
    };
    let mut known = known_files(&idx)?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let mut writer: IndexWriter = idx
        .index
        .writer_with_num_threads(threads, threads * WRITER_HEAP_PER_THREAD)
        .context("cannot open the index for writing")?;
    let mut summary = Summary::default();
    let mut since_commit = 0u64;
    for item in corpus::walk(root, &opts.walk) {
        let entry = match item {
            Walked::Skipped(skip) => {
                summary.skipped.push(skip);
                continue;
            }
            Walked::File(entry) => entry,
        };
        let previous = known.remove(&entry.rel);
        let same_stat = |k: &Known| k.size == entry.size && k.mtime == entry.mtime;
        if !opts.full && previous.as_ref().is_some_and(same_stat) {
            summary.unchanged += 1;
            continue;
        }
        let bytes = match corpus::read_file(&entry.abs, opts.walk.max_file_size) {
            Ok(b) => b,
            Err(reason) => {
                summary.skipped.push(skip(&entry, reason));
                remove(
                    &writer,
                    &idx.fields,
                    &entry.rel,
                    previous.is_some(),
                    &mut summary,
                );
                continue;
            }
        };
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        if !opts.full && previous.is_some_and(|k| k.hash == hash) {
            summary.unchanged += 1;
            continue;
        }
        let text = match corpus::decode(&bytes) {
            Ok(d) => d.text,
            Err(reason) => {
                summary.skipped.push(skip(&entry, reason));
                remove(
                    &writer,
                    &idx.fields,
                    &entry.rel,
                    previous.is_some(),
                    &mut summary,
                );
                continue;
            }
        };
        if previous.is_some() {
            writer.delete_term(Term::from_field_text(idx.fields.path, &entry.rel));
        }
        writer.add_document(document(&idx.fields, &entry, hash, &text))?;
        summary.indexed += 1;
        summary.bytes += bytes.len() as u64;
        since_commit += bytes.len() as u64;
        if since_commit >= COMMIT_EVERY_BYTES {
            writer.commit().context("cannot commit to the index")?;
            since_commit = 0;
        }
    }
    for rel in known.keys() {
        writer.delete_term(Term::from_field_text(idx.fields.path, rel));
        summary.removed += 1;
    }
    writer.commit().context("cannot commit to the index")?;
    writer
        .wait_merging_threads()
        .context("cannot finish merging index segments")?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn skip(entry: &FileEntry, reason: String) -> Skip {
    Skip {
        path: entry.rel.clone(),
        reason,
    }
}

/// A file that can no longer be read leaves the index: it must not keep
/// answering for content that is not on disk any more.
fn remove(writer: &IndexWriter, fields: &Fields, rel: &str, was_indexed: bool, s: &mut Summary) {
    if was_indexed {
        writer.delete_term(Term::from_field_text(fields.path, rel));
        s.removed += 1;
    }
}

/// The title of a document: its first non-empty line, trimmed.
pub fn first_line_title(text: &str) -> &str {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

fn document(fields: &Fields, entry: &FileEntry, hash: u64, text: &str) -> TantivyDocument {
    let title = first_line_title(text);
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, &entry.rel);
    doc.add_text(fields.title, title);
    doc.add_text(fields.title_grams, title);
    doc.add_text(fields.body, text);
    doc.add_text(fields.body_grams, text);
    doc.add_u64(fields.size, entry.size);
    doc.add_u64(fields.mtime, entry.mtime);
    doc.add_u64(fields.hash, hash);
    doc
}

/// Size, mtime and hash of every live document, read from fast fields so
/// no stored text is decompressed.
fn known_files(idx: &DafuIndex) -> Result<HashMap<String, Known>> {
    let reader = idx.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let paths = fast
            .str("path")?
            .context("index has no path column: run `dafu index --rebuild`")?;
        let size = fast.u64("size")?;
        let mtime = fast.u64("mtime")?;
        let hash = fast.u64("hash")?;
        let mut buf = String::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            buf.clear();
            paths.ord_to_str(ord, &mut buf)?;
            known.insert(
                buf.clone(),
                Known {
                    size: size.first(doc).unwrap_or(0),
                    mtime: mtime.first(doc).unwrap_or(0),
                    hash: hash.first(doc).unwrap_or(0),
                },
            );
        }
    }
    Ok(known)
}
