//! Carrying out the plan: the index writer, the table of moves and the stat
//! cache committed together, in batches; removals, the bounded merges at
//! the end of a run (see [`super::merge`]), publishing a rebuild.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tantivy::collector::TopDocs;
use tantivy::index::SegmentId;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Searcher, TantivyDocument, Term};

use super::Summary;
use super::merge::{max_merge_bytes, plan_merges, release_free_memory, segment_sizes};
use super::plan::{Gone, Known};
use super::signal::{self, test_pause_after_commit};
use crate::corpus::Skip;
use crate::index::commit::{publish, remove_old_moves, write_moves};
use crate::index::layout::tantivy_dir;
use crate::index::moves::{self, Moves};
use crate::index::schema::{Fields, from_document, to_document};
use crate::index::stat_cache::{Stat, StatCache};
use crate::index::{DafuIndex, Target};
use crate::reply;

/// Commit after this many bytes of new text, so an interrupted run keeps
/// most of its work.
pub const COMMIT_EVERY_BYTES: u64 = 24 << 20;
/// Each indexing thread's memory for postings before it writes a segment:
/// with the documents in flight (up to [`COMMIT_EVERY_BYTES`] of text, held
/// twice) this is most of the memory a run needs.
const WRITER_HEAP_PER_THREAD: usize = 48 << 20;

/// The index writer and the tables committed with it.
pub struct Executor<'a> {
    writer: IndexWriter,
    idx: &'a DafuIndex,
    target: Target,
    pub moves: Moves,
    /// The table file of the last commit.
    moves_file: Option<String>,
    pub stats: StatCache,
    commit_every: u64,
    since_commit: u64,
    pub summary: Summary,
}

impl<'a> Executor<'a> {
    /// A writer for `idx`; `fresh` for a new index (merged once at the end).
    pub fn new(
        idx: &'a DafuIndex,
        target: Target,
        fresh: bool,
        moves: Moves,
        stats: StatCache,
        commit_every: u64,
    ) -> Result<Self> {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
        let writer: IndexWriter = idx
            .index
            .writer_with_num_threads(threads, threads * WRITER_HEAP_PER_THREAD)
            .context("cannot open the index for writing")?;
        // tantivy 0.27 gives a reopened writer's first operation the opstamp
        // of the last commit, so a segment whose deletes are already at that
        // stamp can ignore it: after a kill -9, the first file re-indexed
        // could then stay in the index twice. A delete matching nothing (no
        // path holds NUL) takes that stamp instead.
        writer.delete_term(Term::from_field_text(idx.fields.path, "\u{0}"));
        if !fresh {
            // Segment files a killed run wrote but never committed.
            writer
                .garbage_collect_files()
                .wait()
                .context("cannot remove unused index files")?;
        }
        // Merges run at the end of the run, one at a time and bounded in
        // size (see [`super::merge`]): tantivy's own policy would merge in
        // the background, several at once, and without a size limit.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(Executor {
            writer,
            idx,
            target,
            moves,
            moves_file: None,
            stats,
            commit_every: if commit_every == 0 {
                COMMIT_EVERY_BYTES
            } else {
                commit_every
            },
            since_commit: 0,
            summary: Summary::default(),
        })
    }

    fn fields(&self) -> &Fields {
        &self.idx.fields
    }

    /// Delete the document `k` (now at `path`).
    fn drop_doc(&mut self, path: &str, k: &Known) {
        let term = Term::from_field_text(self.idx.fields.path, &k.key);
        self.writer.delete_term(term);
        self.moves.remove(&k.key);
        self.stats.remove(path);
    }

    /// Touched, not changed: remember the new stat so that the next run
    /// need not read the file again.
    pub fn touched(&mut self, rel: &str, stat: Stat) {
        self.stats.set(rel, stat);
        self.summary.unchanged += 1;
    }

    /// The file at `rel` holds the bytes of `from`, whose file is gone.
    pub fn moved(&mut self, rel: &str, stat: Stat, from: Gone, replaces: Option<Known>) {
        if let Some(prev) = &replaces {
            self.drop_doc(rel, prev);
        }
        self.stats.remove(&from.path);
        self.moves.set(&from.known.key, rel);
        self.stats.set(rel, stat);
        self.summary.moved += 1;
    }

    /// Index the text of the file at `rel`.
    pub fn index(
        &mut self,
        rel: &str,
        stat: Stat,
        text: &str,
        replaces: Option<Known>,
    ) -> Result<()> {
        if let Some(prev) = &replaces {
            self.drop_doc(rel, prev);
        }
        let reply = reply::extract(text);
        let doc = to_document(self.fields(), rel, stat, text, &reply)?;
        self.writer.add_document(doc)?;
        self.summary.indexed += 1;
        self.summary.bytes += stat.size;
        self.since_commit += stat.size;
        Ok(())
    }

    /// A file that cannot be used: skipped, and its document leaves the
    /// index (it must not answer for content that is not on disk any more).
    pub fn skipped(&mut self, rel: &str, reason: String, previous: Option<Known>) {
        if let Some(prev) = &previous {
            self.drop_doc(rel, prev);
            self.summary.removed += 1;
        }
        self.summary.skipped.push(Skip::new(rel, reason));
    }

    /// Documents whose files are gone from disk.
    pub fn remove(&mut self, gone: Vec<(String, Known)>) {
        for (rel, k) in gone {
            self.drop_doc(&rel, &k);
            self.summary.removed += 1;
        }
    }

    /// Commit when enough new text has been added since the last commit.
    pub fn pace(&mut self) -> Result<()> {
        if self.since_commit >= self.commit_every {
            self.commit()?;
            self.since_commit = 0;
            test_pause_after_commit();
            // The segments flushed by this commit freed their arenas; kept
            // by the allocator, that memory would add up commit after
            // commit (380 MB to 580 MB over 73k to 292k files).
            release_free_memory();
        }
        Ok(())
    }

    /// Commit documents and moves together: the commit names the table
    /// written for it, so both or neither survive a crash.
    fn commit(&mut self) -> Result<()> {
        let mut prepared = self
            .writer
            .prepare_commit()
            .context("cannot commit to the index")?;
        crate::faults::at("commit-prepared")?;
        self.moves_file = write_moves(&self.idx.root, &self.moves, prepared.opstamp())?;
        let payload = moves::Payload {
            dafu_moves: moves::VERSION,
            file: self.moves_file.clone(),
        };
        prepared.set_payload(&payload.to_json());
        prepared.commit().context("cannot commit to the index")?;
        // A rebuild's tables would be beside the live index's, still in use.
        if self.target == Target::Live {
            remove_old_moves(&self.idx.root, self.moves_file.as_deref())?;
        }
        Ok(())
    }

    /// Index again, under its current path `now`, the document that moved
    /// there from `k.key`; its text comes from the index, not from disk.
    pub fn rekey(&mut self, snapshot: &Searcher, k: &mut Known, now: &str) -> Result<()> {
        let old = Term::from_field_text(self.idx.fields.path, &k.key);
        let found = snapshot.search(
            &TermQuery::new(old.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        if let Some((_, addr)) = found.into_iter().next() {
            let doc: TantivyDocument = snapshot.doc(addr)?;
            let stored = from_document(self.fields(), &doc)?;
            self.writer.delete_term(old);
            let doc = to_document(self.fields(), now, k.stat, &stored.body, &stored.reply)?;
            self.writer.add_document(doc)?;
        }
        k.key = now.to_string();
        Ok(())
    }

    /// The last commit; segments merged (see [`super::merge`]); a rebuild
    /// published; the stat cache saved. A signal during a merge stops it:
    /// the index is whole without it, and the run counts as interrupted.
    pub fn finish(mut self, cache_path: &Path) -> Result<Summary> {
        self.commit()?;
        let Executor {
            writer,
            idx,
            target,
            stats,
            mut summary,
            ..
        } = self;
        // Few segments: one term dictionary instead of a copy per segment
        // (smaller, and faster to search), within a bounded memory.
        let merges = if summary.interrupted {
            Vec::new()
        } else {
            let dir = tantivy_dir(&idx.root, idx.generation);
            let metas = idx.index.searchable_segment_metas()?;
            plan_merges(&segment_sizes(&dir, &metas), max_merge_bytes())
        };
        // After the commit: entries are checked against the committed
        // documents, so a crash before this costs only some re-hashing. For
        // the live index, saved (and freed) before the merges, which then
        // run beside nothing that grows with the number of files.
        let stats = if target == Target::Live {
            stats.save(cache_path)?;
            None
        } else {
            Some(stats)
        };
        if !settle(writer, merges)? {
            summary.interrupted = true;
        }
        if target == Target::Staging && !summary.interrupted {
            publish(idx)?;
            remove_old_moves(&idx.root, None)?;
        }
        if let Some(stats) = stats {
            stats.save(cache_path)?;
        }
        Ok(summary)
    }
}

/// Run the `merges`, one after another, and wait for the writer's threads,
/// in a thread, watching for a signal meanwhile: false when one came first.
/// The merge under way then goes on until the process exits; it is
/// committed whole or not at all, and files of one cut short are removed by
/// the next run.
fn settle(writer: IndexWriter, merges: Vec<Vec<SegmentId>>) -> Result<bool> {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let mut writer = writer;
        let mut outcome = Ok(());
        if !merges.is_empty() {
            release_free_memory();
        }
        for ids in merges {
            let merging = writer.merge(&ids);
            signal::test_pause("DAFU_TEST_PAUSE_IN_MERGE");
            outcome = merging.wait().map(|_| ());
            if outcome.is_err() || signal::interrupted() {
                break;
            }
        }
        let outcome = outcome.and_then(|()| writer.wait_merging_threads());
        let _ = done.send(outcome);
    });
    loop {
        match result.recv_timeout(Duration::from_millis(20)) {
            Ok(outcome) => {
                return outcome
                    .map(|()| true)
                    .context("cannot merge index segments");
            }
            Err(RecvTimeoutError::Timeout) if signal::interrupted() => return Ok(false),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => bail!("merging index segments failed"),
        }
    }
}
