//! Building and updating an index: resolve what to index, walk, decode,
//! diff against what the index holds, and write in committed batches, so an
//! interrupted run keeps every batch it committed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use crate::corpus::{self, Skip, WalkOptions, Walked};
use crate::dict::UserDict;
use crate::index::{self, DafuIndex, Fields, Target};
use crate::moves::{self, Moves};
use crate::reply;
use crate::stat_cache::{Stat, StatCache};

/// How `dafu index` should run.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    pub walk: WalkOptions,
    /// Re-index every file even when it looks unchanged.
    pub full: bool,
    /// Build a new index beside the old one and swap it in at the end.
    pub rebuild: bool,
    /// A user dictionary file (jieba format).
    pub dict: Option<PathBuf>,
    /// Wait for another writer instead of failing with [`index::Busy`].
    pub wait: bool,
    /// Draw a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Commit after this many bytes of new text (0: the default).
    pub commit_every: u64,
}

/// What a run did, for the one-line summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub indexed: u64,
    pub unchanged: u64,
    /// Files renamed or moved (same bytes at a new path): not re-indexed.
    pub moved: u64,
    pub removed: u64,
    pub skipped: Vec<Skip>,
    /// Bytes of the files read and indexed.
    pub bytes: u64,
    pub elapsed: Duration,
    /// The run stopped early on SIGINT, after committing what it had done.
    pub interrupted: bool,
}

impl Summary {
    pub fn line(&self) -> String {
        format!(
            "dafu: {} indexed, {} unchanged, {} removed, {} skipped, {} moved; {:.1} MB in {:.2} s{}",
            self.indexed,
            self.unchanged,
            self.removed,
            self.skipped.len(),
            self.moved,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            if self.interrupted {
                " (interrupted)"
            } else {
                ""
            }
        )
    }
}

/// Commit after this many bytes of new text, so an interrupted run keeps
/// most of its work.
pub const COMMIT_EVERY_BYTES: u64 = 32 << 20;
const WRITER_HEAP_PER_THREAD: usize = 64 << 20;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// On the first Ctrl-C, ask the indexer to commit and stop; on the second,
/// exit at once (what is committed is safe either way).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(crate::exit_codes::INTERRUPTED);
        }
    });
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Tests only: with `DAFU_TEST_PAUSE_AFTER_COMMIT=FILE`, the first batch
/// commit of a run creates FILE and then waits, holding the write lock,
/// until the run is interrupted. Tests then act at a known point instead of
/// racing the clock.
fn test_pause_after_commit() {
    static PAUSED: AtomicBool = AtomicBool::new(false);
    let Some(marker) = std::env::var_os("DAFU_TEST_PAUSE_AFTER_COMMIT") else {
        return;
    };
    if PAUSED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = std::fs::write(&marker, b"");
    while !interrupted() {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What to index: the corpus root (where `.dafu` lives) and the parts of
/// it this run covers. Documents outside the parts are left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub root: PathBuf,
    /// Paths to walk, each with its key relative to the root ("" = all).
    pub parts: Vec<(PathBuf, String)>,
}

impl Scope {
    /// The whole of `root`.
    pub fn whole(root: &Path) -> Scope {
        Scope {
            root: root.to_path_buf(),
            parts: vec![(root.to_path_buf(), String::new())],
        }
    }

    fn covers(&self, rel: &str) -> bool {
        self.parts.iter().any(|(_, part)| {
            part.is_empty()
                || rel == part
                || rel
                    .strip_prefix(part.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }
}

/// Resolve the paths given to `dafu index`. A folder holding `.dafu` is a
/// root; a path inside an indexed folder (found by looking up, like git)
/// updates that index for just that path; any other folder becomes a root.
pub fn resolve_scope(paths: &[PathBuf]) -> Result<Scope> {
    let mut root: Option<PathBuf> = None;
    let mut parts = Vec::new();
    for p in paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
        let (r, rel) = owning_root(p)?;
        match &root {
            Some(existing) if !same_dir(existing, &r) => bail!(
                "{} and {} belong to different indexes; index them separately",
                existing.display(),
                r.display()
            ),
            Some(_) => {}
            None => root = Some(r),
        }
        parts.push((p.clone(), rel));
    }
    let Some(root) = root else {
        bail!("nothing to index");
    };
    Ok(Scope { root, parts })
}

fn owning_root(p: &Path) -> Result<(PathBuf, String)> {
    if let Some(found) = index::enclosing_root(p)? {
        return Ok(found);
    }
    if p.is_dir() {
        Ok((p.to_path_buf(), String::new()))
    } else {
        bail!(
            "{} is not inside an indexed folder: index its folder first",
            p.display()
        )
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// What the index holds about a file, to tell whether it changed.
#[derive(Debug, Clone)]
struct Known {
    /// The path the document was indexed under (see [`Moves`]).
    key: String,
    stat: Stat,
}

/// Open, create or stage the index for this run, checking the dictionary.
fn prepare(root: &Path, opts: &IndexOptions) -> Result<(DafuIndex, Target)> {
    let user_dict = match &opts.dict {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read dictionary {}", path.display()))?;
            let (dict, _) = UserDict::resolve(&text)
                .map_err(|e| anyhow::anyhow!("dictionary {}: {e}", path.display()))?;
            Some(dict)
        }
        None => None,
    };
    if !index::exists(root) {
        return Ok((index::create(root, user_dict, Target::Live)?, Target::Live));
    }
    if opts.rebuild {
        // Without --dict, a rebuild keeps the dictionary the index had.
        let user_dict = match user_dict {
            Some(d) => Some(d),
            // A rebuild is also the way out of a damaged manifest.
            None => match index::read_manifest(root) {
                Ok(manifest) => index::stored_user_dict(root, &manifest)?,
                Err(e) => {
                    eprintln!("dafu: {e:#}; rebuilding without a user dictionary");
                    None
                }
            },
        };
        return Ok((
            index::create(root, user_dict, Target::Staging)?,
            Target::Staging,
        ));
    }
    let idx = index::open(root)?;
    if let Some(dict) = &user_dict {
        let had = index::read_manifest(root)?.user_dict;
        if had.as_deref() != Some(dict.fingerprint().as_str()) {
            bail!(
                "the index at {} was built with {}; run `dafu index --rebuild --dict {}` to apply it",
                index::index_dir(root).display(),
                if had.is_some() {
                    "another dictionary"
                } else {
                    "no user dictionary"
                },
                opts.dict.as_deref().unwrap_or(Path::new("?")).display()
            );
        }
    }
    Ok((idx, Target::Live))
}

/// Index (or update the index of) `scope`.
pub fn run(scope: &Scope, opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    let root = &scope.root;
    let _lock = index::lock(root, opts.wait)?;
    let fresh = opts.rebuild || !index::exists(root);
    let (idx, target) = prepare(root, opts)?;
    let cache_path = index::stat_cache_path(root);
    let (snapshot, moves, mut known) = known_files(&idx)?;
    let mut stats = if fresh {
        StatCache::default()
    } else {
        StatCache::load(&cache_path)
    };
    // Trust a cached stat only for the bytes the index holds at that path.
    stats.retain(|path, s| known.get(path).is_some_and(|k| k.stat.hash == s.hash));
    for (path, k) in known.iter_mut() {
        if let Some(seen) = stats.confirmed(path, k.stat.size, k.stat.hash) {
            k.stat = seen;
        }
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let writer: IndexWriter = idx
        .index
        .writer_with_num_threads(threads, threads * WRITER_HEAP_PER_THREAD)
        .context("cannot open the index for writing")?;
    // tantivy 0.27 gives a reopened writer's first operation the opstamp of
    // the last commit, so a segment whose deletes are already at that stamp
    // can ignore it: after a kill -9, the first file re-indexed could then
    // stay in the index twice. A delete matching nothing (no path holds NUL)
    // takes that stamp instead.
    writer.delete_term(Term::from_field_text(idx.fields.path, "\u{0}"));
    if fresh {
        // A fresh build is merged into one segment at the end; merging in
        // the background meanwhile would only redo work, and races with
        // that final merge.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    let mut changes = Changes {
        writer,
        fields: &idx.fields,
        root,
        live: target == Target::Live,
        moves,
        moves_file: None,
        stats,
    };

    let mut summary = Summary::default();
    let mut entries = Vec::new();
    for (path, rel) in &scope.parts {
        for item in corpus::walk(root, path, rel, &opts.walk) {
            match item {
                Walked::File(entry) => entries.push(entry),
                Walked::Skipped(skip) => summary.skipped.push(skip),
            }
        }
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    entries.dedup_by(|a, b| a.rel == b.rel);
    let on_disk: HashSet<&str> = entries.iter().map(|e| e.rel.as_str()).collect();

    // A file now at the key of a document that moved away: that document
    // takes its current path as its key first, so that keys stay unique.
    let displaced: Vec<(String, String)> = changes
        .moves
        .iter()
        .filter(|(key, _)| on_disk.contains(key))
        .map(|(key, now)| (key.to_string(), now.to_string()))
        .collect();
    for (key, now) in displaced {
        if let Some(k) = known.get_mut(&now) {
            changes.rekey(&snapshot, k, &now)?;
        }
        changes.moves.remove(&key);
    }
    known.retain(|rel, _| scope.covers(rel));

    // Documents whose file is gone, by content hash: a new file with the
    // same bytes is the same reply moved, and only its path changes.
    let mut gone: HashMap<u64, Vec<String>> = HashMap::new();
    if !opts.full {
        for (rel, k) in &known {
            if !on_disk.contains(rel.as_str()) && !root.join(rel).is_file() {
                gone.entry(k.stat.hash).or_default().push(rel.clone());
            }
        }
    }
    let bar = progress_bar(opts.progress, entries.iter().map(|e| e.size).sum());

    let commit_every = if opts.commit_every == 0 {
        COMMIT_EVERY_BYTES
    } else {
        opts.commit_every
    };
    let mut since_commit = 0u64;
    for entry in &entries {
        if interrupted() {
            summary.interrupted = true;
            break;
        }
        bar.inc(entry.size);
        let previous = known.remove(&entry.rel);
        let same_stat = |k: &Known| {
            k.stat.size == entry.size && k.stat.mtime == entry.mtime && k.stat.ino == entry.ino
        };
        if !opts.full && previous.as_ref().is_some_and(same_stat) {
            summary.unchanged += 1;
            continue;
        }
        let read = corpus::read_file(&entry.abs, opts.walk.max_file_size).and_then(|bytes| {
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            let stat = Stat {
                size: bytes.len() as u64,
                mtime: entry.mtime,
                ino: entry.ino,
                hash,
            };
            if !opts.full && previous.as_ref().is_some_and(|k| k.stat.hash == hash) {
                return Ok(Outcome::Same(stat));
            }
            if !opts.full
                && let Some(source) = take_gone(&mut gone, &mut known, stat)
            {
                return Ok(Outcome::Moved(stat, source));
            }
            Ok(Outcome::New(stat, corpus::decode(&bytes)?.text))
        });
        match read {
            Ok(Outcome::Same(stat)) => {
                // Touched, not changed: remember the new stat so that the
                // next run need not read it again.
                changes.stats.set(&entry.rel, stat);
                summary.unchanged += 1;
            }
            Ok(Outcome::Moved(stat, source)) => {
                if let Some(prev) = &previous {
                    changes.drop_doc(&entry.rel, prev);
                }
                changes.stats.remove(&source.path);
                changes.moves.set(&source.known.key, &entry.rel);
                changes.stats.set(&entry.rel, stat);
                summary.moved += 1;
            }
            Ok(Outcome::New(stat, text)) => {
                if let Some(prev) = &previous {
                    changes.drop_doc(&entry.rel, prev);
                }
                changes
                    .writer
                    .add_document(document(&idx.fields, &entry.rel, stat, &text))?;
                summary.indexed += 1;
                summary.bytes += stat.size;
                since_commit += stat.size;
                bar.set_message(format!("{} files", summary.indexed));
            }
            Err(reason) => {
                // A file that can no longer be read leaves the index: it must
                // not keep answering for content that is not on disk any more.
                if let Some(prev) = &previous {
                    changes.drop_doc(&entry.rel, prev);
                    summary.removed += 1;
                }
                summary.skipped.push(Skip {
                    path: entry.rel.clone(),
                    reason,
                });
            }
        }
        if since_commit >= commit_every {
            changes.commit()?;
            since_commit = 0;
            test_pause_after_commit();
        }
    }
    bar.finish_and_clear();
    if !summary.interrupted {
        // Only files gone from disk leave: one named on an earlier command
        // line, or of another --ext, stays until it is deleted.
        for (rel, k) in &known {
            if !root.join(rel.as_str()).is_file() {
                changes.drop_doc(rel, k);
                summary.removed += 1;
            }
        }
    }
    changes.commit()?;
    let Changes {
        mut writer, stats, ..
    } = changes;
    // A fresh build ends as one segment: one term dictionary instead of a
    // copy per segment (about 13% smaller, and faster to search).
    if fresh && !summary.interrupted {
        let ids = idx.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            writer
                .merge(&ids)
                .wait()
                .context("cannot merge index segments")?;
        }
    }
    writer
        .wait_merging_threads()
        .context("cannot finish merging index segments")?;
    if target == Target::Staging && !summary.interrupted {
        index::publish(&idx)?;
        index::remove_old_moves(root, None)?;
    }
    // After the commit: entries are checked against the committed
    // documents, so a crash before this line costs only some re-hashing.
    stats.save(&cache_path)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What reading a file found.
enum Outcome {
    /// The bytes the index holds for this path.
    Same(Stat),
    /// The bytes of a document whose file is gone: the file moved here.
    Moved(Stat, Gone),
    /// New bytes, decoded.
    New(Stat, String),
}

/// A document whose file is no longer at its path.
struct Gone {
    path: String,
    known: Known,
}

/// The index writer and the tables committed with it.
struct Changes<'a> {
    writer: IndexWriter,
    fields: &'a Fields,
    root: &'a Path,
    /// Writing the live index (not a `--rebuild` beside it).
    live: bool,
    moves: Moves,
    /// The table file of the last commit.
    moves_file: Option<String>,
    stats: StatCache,
}

impl Changes<'_> {
    /// Delete the document `k` (now at `path`).
    fn drop_doc(&mut self, path: &str, k: &Known) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, &k.key));
        self.moves.remove(&k.key);
        self.stats.remove(path);
    }

    /// Commit documents and moves together: the commit names the table
    /// written for it, so both or neither survive a crash.
    fn commit(&mut self) -> Result<()> {
        let mut prepared = self
            .writer
            .prepare_commit()
            .context("cannot commit to the index")?;
        self.moves_file = index::write_moves(self.root, &self.moves, prepared.opstamp())?;
        let payload = moves::Payload {
            dafu_moves: moves::VERSION,
            file: self.moves_file.clone(),
        };
        prepared.set_payload(&payload.to_json());
        prepared.commit().context("cannot commit to the index")?;
        // A rebuild's tables would be beside the live index's, still in use.
        if self.live {
            index::remove_old_moves(self.root, self.moves_file.as_deref())?;
        }
        Ok(())
    }

    /// Index again, under its current path `now`, the document that moved
    /// there from `k.key`; its text comes from the index, not from disk.
    fn rekey(&mut self, snapshot: &Searcher, k: &mut Known, now: &str) -> Result<()> {
        let old = Term::from_field_text(self.fields.path, &k.key);
        let found = snapshot.search(
            &TermQuery::new(old.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        if let Some((_, addr)) = found.into_iter().next() {
            let doc: TantivyDocument = snapshot.doc(addr)?;
            let body = doc
                .get_first(self.fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            self.writer.delete_term(old);
            self.writer
                .add_document(document(self.fields, now, k.stat, body))?;
        }
        k.key = now.to_string();
        Ok(())
    }
}

/// The document whose file is gone and whose bytes were these (same hash,
/// same size), taken out of `known` so that it is not removed at the end.
fn take_gone(
    gone: &mut HashMap<u64, Vec<String>>,
    known: &mut HashMap<String, Known>,
    stat: Stat,
) -> Option<Gone> {
    let candidates = gone.get_mut(&stat.hash)?;
    let i = candidates
        .iter()
        .position(|path| known.get(path).is_some_and(|k| k.stat.size == stat.size))?;
    let path = candidates.swap_remove(i);
    let known = known.remove(&path)?;
    Some(Gone { path, known })
}

fn progress_bar(enabled: bool, total: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Longest title kept, in characters: a longer first line is a paragraph
/// (many crawled texts are one line), and indexing it whole as a title would
/// double the index.
pub const MAX_TITLE_CHARS: usize = 64;

/// The first non-empty line, trimmed and cut to [`MAX_TITLE_CHARS`]: the
/// title of a text that names none.
pub fn first_line_title(text: &str) -> &str {
    let line = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => &line[..cut],
        None => line,
    }
}

/// `yyyy-mm-dd` as the number `yyyymmdd`.
pub fn date_key(iso: &str) -> Option<u64> {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

fn document(fields: &Fields, rel: &str, stat: Stat, text: &str) -> TantivyDocument {
    let reply = reply::extract(text);
    let title = reply
        .title
        .as_ref()
        .map_or_else(|| first_line_title(text), |t| t.value.as_str());
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, rel);
    doc.add_text(fields.title, title);
    doc.add_text(fields.title_grams, title);
    doc.add_text(fields.body, text);
    doc.add_text(fields.body_grams, text);
    doc.add_u64(fields.size, stat.size);
    doc.add_u64(fields.mtime, stat.mtime);
    doc.add_u64(fields.ino, stat.ino);
    doc.add_u64(fields.hash, stat.hash);
    let value = |f: &Option<crate::reply::Sourced<String>>| f.as_ref().map(|s| s.value.clone());
    let issuer_key = reply
        .issuer_normalized
        .clone()
        .or_else(|| value(&reply.issuer));
    for (field, text) in [
        (fields.issuer, value(&reply.issuer)),
        (fields.issuer, reply.issuer_normalized.clone()),
        (fields.proposer, value(&reply.addressee)),
        (fields.meeting, value(&reply.meeting)),
        (fields.region, value(&reply.region)),
        (fields.kind, value(&reply.kind)),
        (fields.kind, value(&reply.letter)),
        (fields.doc_number, value(&reply.doc_number)),
        (fields.issuer_key, issuer_key),
        (fields.meeting_key, value(&reply.meeting)),
        (fields.region_key, value(&reply.region)),
        (fields.kind_key, value(&reply.kind)),
    ] {
        if let Some(text) = text {
            doc.add_text(field, &text);
        }
    }
    for name in &reply.proposers {
        doc.add_text(fields.proposer, name);
    }
    if let Some(n) = &reply.number {
        doc.add_u64(fields.number, n.value);
    }
    if let Some(key) = reply
        .date
        .as_ref()
        .or(reply.published.as_ref())
        .and_then(|d| date_key(&d.value))
    {
        doc.add_u64(fields.date, key);
    }
    if let Ok(json) = serde_json::to_string(&reply) {
        doc.add_text(fields.reply, &json);
    }
    doc
}

/// Every live document by its current path, with its key and stat (read
/// from fast fields, so no stored text is decompressed), plus the moves
/// and the snapshot they were read from.
fn known_files(idx: &DafuIndex) -> Result<(Searcher, Moves, HashMap<String, Known>)> {
    let (reader, table) = index::snapshot(idx)?;
    let moves = table.to_moves();
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let paths = fast
            .str("path")?
            .context("index has no path column: run `dafu index --rebuild`")?;
        let column = |name: &str| fast.u64(name);
        let (size, mtime, ino, hash) = (
            column("size")?,
            column("mtime")?,
            column("ino")?,
            column("hash")?,
        );
        let mut buf = String::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            buf.clear();
            paths.ord_to_str(ord, &mut buf)?;
            let stat = Stat {
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                ino: ino.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            known.insert(
                moves.path(&buf).to_string(),
                Known {
                    key: buf.clone(),
                    stat,
                },
            );
        }
    }
    Ok((searcher, moves, known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_first_line_cut_short() {
        assert_eq!(first_line_title("\n  标题 \n正文"), "标题");
        let long = "长".repeat(500);
        assert_eq!(first_line_title(&long).chars().count(), MAX_TITLE_CHARS);
        assert_eq!(first_line_title(""), "");
        assert_eq!(date_key("2024-05-31"), Some(20240531));
        assert_eq!(date_key("2024-05"), None);
    }

    #[test]
    fn scope_covers_only_its_parts() {
        let s = Scope {
            root: PathBuf::from("r"),
            parts: vec![
                (PathBuf::from("r/a"), "a".into()),
                (PathBuf::from("r/f.txt"), "f.txt".into()),
            ],
        };
        assert!(s.covers("a/x.txt"));
        assert!(s.covers("f.txt"));
        assert!(!s.covers("ab/x.txt"));
        assert!(!s.covers("b/x.txt"));
        assert!(Scope::whole(Path::new("r")).covers("anything"));
    }
}
