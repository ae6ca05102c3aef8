//! Running queries: an open index with the moves of its commit, handing
//! back hits, counts and paths. Printing is elsewhere. Compiling a parsed
//! query into tantivy clauses is in [`compile`]; more-like-this and
//! distinctive terms in [`related`].

pub mod compile;
pub mod facets;
mod paths;
pub mod related;
pub mod tiers;

use std::ops::Bound;

use anyhow::Result;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term};

use crate::index::DafuIndex;
use crate::index::moves::MovesTable;
use crate::index::schema::{self, from_document};
use crate::query::Expr;
use crate::reply::ReplyFields;

pub use compile::{CompiledQuery, compile, compile_set};

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    /// Path relative to the corpus root.
    pub relpath: String,
    pub title: String,
    pub body: String,
    pub reply: ReplyFields,
    /// For ranked search results: which tier matched, and what it lacks.
    pub matched: Option<tiers::Match>,
}

/// A ranked match whose stored text is not read yet.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub addr: DocAddress,
    pub rank: usize,
    pub score: f32,
    pub matched: Option<tiers::Match>,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Best match first.
    Score,
    /// Oldest reply first (date, else publish date); undated last.
    Date,
    /// Newest reply first; undated last.
    DateDesc,
    /// Lowest proposal number first; unnumbered last.
    Number,
    /// Highest proposal number first; unnumbered last.
    NumberDesc,
}

/// An open index ready for queries.
pub struct IndexSearcher {
    pub idx: DafuIndex,
    reader: IndexReader,
    /// Where moved documents are now.
    moves: MovesTable,
    /// Limit every query to documents under this folder.
    scope: Option<String>,
}

impl IndexSearcher {
    pub fn new(idx: DafuIndex) -> Result<Self> {
        let (reader, moves) = crate::index::snapshot(&idx)?;
        Ok(IndexSearcher {
            idx,
            reader,
            moves,
            scope: None,
        })
    }

    /// The current path of the document indexed under `key`.
    pub fn path_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.moves.path(key)
    }

    /// The key of the document now at `relpath`, if any document is there.
    pub fn key_of<'a>(&'a self, relpath: &'a str) -> Option<&'a str> {
        self.moves.key(relpath)
    }

    /// Limit every query to the documents under the folder `scope`.
    pub fn within(mut self, scope: Option<String>) -> Self {
        self.scope = scope;
        self
    }

    /// True when `relpath` is inside the scope (or there is none).
    pub fn in_scope(&self, relpath: &str) -> bool {
        self.scope
            .as_deref()
            .is_none_or(|s| relpath.strip_prefix(s).is_some_and(|r| r.starts_with('/')))
    }

    /// Compile a query for this index (its fields and user dictionary).
    pub fn compile(&self, expr: &Expr) -> CompiledQuery {
        self.scoped(compile(
            expr,
            &self.idx.fields,
            self.idx.user_dict.as_deref(),
        ))
    }

    /// [`Self::compile`] for set outputs and counts: the same matches,
    /// without the clauses that only rank.
    pub fn compile_set(&self, expr: &Expr) -> CompiledQuery {
        self.scoped(compile_set(
            expr,
            &self.idx.fields,
            self.idx.user_dict.as_deref(),
        ))
    }

    /// A query matching every document (in the scope).
    pub fn match_all(&self) -> CompiledQuery {
        self.scoped(CompiledQuery {
            query: Box::new(AllQuery),
            needles: Vec::new(),
            explain: vec!["all documents".into()],
        })
    }

    /// Keys under folder `s` are exactly those in `[s + "/", s + "0")`:
    /// `0` follows `/` in byte order. A moved document is in the scope by
    /// where it is now, whatever its key.
    fn scoped(&self, mut q: CompiledQuery) -> CompiledQuery {
        if let Some(s) = &self.scope {
            q.query = self.within_scope(q.query);
            q.explain.push(format!("within {s}/"));
        }
        q
    }

    /// `q` limited to the scope, if there is one.
    fn within_scope(&self, q: Box<dyn Query>) -> Box<dyn Query> {
        if let Some(s) = &self.scope {
            let path = self.idx.fields.path;
            let range: Box<dyn Query> = Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_text(path, &format!("{s}/"))),
                Bound::Excluded(Term::from_field_text(path, &format!("{s}0"))),
            ));
            let filter = if !self.moves.is_empty() {
                let prefix = format!("{s}/");
                let term = |key: &str| Term::from_field_text(path, key);
                let moved: Vec<Term> = self.moves.keys_from(&prefix).map(term).collect();
                let moved_in: Vec<Term> = self.moves.keys_into(&prefix).map(term).collect();
                // (under the folder by key and not moved) or moved into it
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, range),
                            (Occur::MustNot, Box::new(TermSetQuery::new(moved))),
                        ])),
                    ),
                    (Occur::Should, Box::new(TermSetQuery::new(moved_in))),
                ]))
            } else {
                range
            };
            return Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))),
            ]));
        }
        q
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// How many documents the index holds.
    pub fn num_docs(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// A ranked match with its stored text and fields.
    pub fn fetch(&self, r: &Ranked) -> Result<Hit> {
        let mut hit = self.hit(&self.searcher(), r.addr, r.rank, r.score)?;
        hit.matched = r.matched.clone();
        Ok(hit)
    }

    /// The addresses and scores of the best `limit` matches of `q` after
    /// skipping `offset`, in the order `sort` asks.
    fn top_docs(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        limit: usize,
        offset: usize,
        sort: SortBy,
    ) -> Result<Vec<(f32, DocAddress)>> {
        // tantivy allocates for limit + offset: never more than there are
        // documents, whatever the user asked for.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let (limit, offset) = (limit.min(docs), offset.min(docs));
        if limit == 0 || offset >= docs {
            return Ok(Vec::new());
        }
        let found: Vec<(f32, DocAddress)> = match sort {
            SortBy::Score => {
                let collector = TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score();
                searcher.search(q, &collector)?
            }
            _ => self
                .sorted(searcher, q, sort)?
                .into_iter()
                .skip(offset)
                .collect(),
        };
        Ok(found.into_iter().take(limit).collect())
    }

    /// Every match with its score, ordered by a fast field; documents
    /// without the value come last, ties by score.
    fn sorted(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        sort: SortBy,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let total = searcher.search(q, &Count)?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let all = searcher.search(q, &TopDocs::with_limit(total).order_by_score())?;
        let column = if matches!(sort, SortBy::Number | SortBy::NumberDesc) {
            schema::NUMBER
        } else {
            schema::DATE
        };
        let mut columns = Vec::new();
        for seg in searcher.segment_readers() {
            columns.push(seg.fast_fields().u64(column)?);
        }
        let mut keyed: Vec<(Option<u64>, f32, DocAddress)> = all
            .into_iter()
            .map(|(score, addr)| {
                let key = columns
                    .get(addr.segment_ord as usize)
                    .and_then(|c| c.first(addr.doc_id));
                (key, score, addr)
            })
            .collect();
        keyed.sort_by(|a, b| {
            let by_key = match (a.0, b.0) {
                (Some(x), Some(y)) if matches!(sort, SortBy::DateDesc | SortBy::NumberDesc) => {
                    y.cmp(&x)
                }
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            by_key.then(b.1.total_cmp(&a.1))
        });
        Ok(keyed
            .into_iter()
            .map(|(_, score, addr)| (score, addr))
            .collect())
    }

    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        rank: usize,
        score: f32,
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let stored = from_document(&self.idx.fields, &doc)?;
        Ok(Hit {
            rank,
            score,
            relpath: self.path_of(&stored.key).to_string(),
            title: stored.title,
            body: stored.body,
            reply: stored.reply,
            matched: None,
        })
    }

    /// The document stored under a relative path.
    pub fn get(&self, relpath: &str) -> Result<Option<Hit>> {
        let searcher = self.searcher();
        let Some(key) = self.key_of(relpath) else {
            return Ok(None);
        };
        let term = Term::from_field_text(self.idx.fields.path, key);
        let found = searcher.search(
            &TermQuery::new(term, IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        found
            .into_iter()
            .next()
            .map(|(_, addr)| self.hit(&searcher, addr, 1, 0.0))
            .transpose()
    }

    /// How many documents match.
    pub fn count(&self, q: &CompiledQuery) -> Result<usize> {
        Ok(self.searcher().search(q.query.as_ref(), &Count)?)
    }

    /// Every matching document with its current relative path, sorted by
    /// path (for exports: stable output, one stored document at a time).
    pub fn addresses_by_path(&self, q: &CompiledQuery) -> Result<Vec<(String, DocAddress)>> {
        let searcher = self.searcher();
        let docs = searcher.search(q.query.as_ref(), &DocSetCollector)?;
        let mut columns = Vec::new();
        for seg in searcher.segment_readers() {
            columns.push(seg.fast_fields().str(schema::PATH)?);
        }
        let mut out = Vec::with_capacity(docs.len());
        let mut key = String::new();
        for addr in docs {
            if let Some(Some(col)) = columns.get(addr.segment_ord as usize)
                && let Some(ord) = col.term_ords(addr.doc_id).next()
            {
                key.clear();
                col.ord_to_str(ord, &mut key)?;
                out.push((self.path_of(&key).to_string(), addr));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The relative paths of every matching document, sorted.
    pub fn paths(&self, q: &CompiledQuery) -> Result<Vec<String>> {
        let searcher = self.searcher();
        let matched = searcher.search(q.query.as_ref(), &paths::PathOrds)?;
        let segments = searcher.segment_readers();
        // Resolving sorted ordinals in one pass over the dictionary is much
        // faster than one lookup per document.
        let mut paths = Vec::new();
        for (segment, mut ords) in matched {
            let Some(col) = segments[segment as usize].fast_fields().str(schema::PATH)? else {
                continue;
            };
            ords.sort_unstable();
            col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                let key = match std::str::from_utf8(bytes) {
                    Ok(key) => std::borrow::Cow::Borrowed(key),
                    Err(_) => String::from_utf8_lossy(bytes),
                };
                paths.push(self.path_of(&key).to_string());
            })?;
        }
        paths.sort_unstable();
        Ok(paths)
    }
}
