//! Turning a parsed query into tantivy clauses, and running it. Printing is
//! elsewhere: this module hands back hits and counts.
//!
//! Scoring, for a bare term T cut by jieba into pieces p1..pk:
//! - every piece must be present literally (bigram view): a filter, no score;
//! - BM25 of each piece in the jieba words view (how often, how rare);
//! - plus BM25 of T as a literal phrase, weight [`W_LITERAL`], when k > 1;
//! - plus the pieces as a words phrase within [`PROXIMITY`] characters,
//!   weight [`W_PROXIMITY`], when k > 1;
//! - plus [`W_TITLE`] when the title contains T literally.
//!
//! A quoted string scores by BM25 of its literal occurrences plus the
//! title bonus. `OR` adds scores; negations only filter.

use std::ops::Bound;

use anyhow::Result;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Searcher, TantivyDocument, Term};

use crate::analysis::{normalize, term_pieces};
use crate::dict::UserDict;
use crate::index::{DafuIndex, Fields};
use crate::moves::MovesTable;
use crate::query::{Expr, FieldName, RangeField};

/// Weight of a whole multi-piece term found literally.
pub const W_LITERAL: f32 = 0.5;
/// Weight of the pieces found close together in the words view.
pub const W_PROXIMITY: f32 = 1.0;
/// Maximum distance, in characters, for the proximity bonus.
pub const PROXIMITY: u32 = 10;
/// Bonus when the title contains the term.
pub const W_TITLE: f32 = 3.0;

/// A query ready to run, with what the printer should highlight and a
/// human account of the clauses for `--explain`.
pub struct CompiledQuery {
    pub query: Box<dyn Query>,
    /// Normalized strings to highlight in titles and snippets.
    pub needles: Vec<String>,
    pub explain: Vec<String>,
}

/// Compile a parsed query against the index fields.
pub fn compile(expr: &Expr, fields: &Fields, user_dict: Option<&UserDict>) -> CompiledQuery {
    let mut c = Compiler {
        fields,
        user_dict,
        needles: Vec::new(),
        explain: Vec::new(),
    };
    let query = c.clause(expr, 0, false);
    let mut needles = c.needles;
    needles.sort();
    needles.dedup();
    CompiledQuery {
        query,
        needles,
        explain: c.explain,
    }
}

struct Compiler<'a> {
    fields: &'a Fields,
    user_dict: Option<&'a UserDict>,
    needles: Vec<String>,
    explain: Vec<String>,
}

impl Compiler<'_> {
    fn say(&mut self, depth: usize, line: String) {
        self.explain.push(format!("{}{}", "  ".repeat(depth), line));
    }

    /// `negated` is true under a NOT: such terms filter, they are not
    /// highlighted.
    fn clause(&mut self, expr: &Expr, depth: usize, negated: bool) -> Box<dyn Query> {
        if let Expr::Term {
            text,
            field: Some(f),
        }
        | Expr::Phrase {
            text,
            field: Some(f),
        } = expr
            && let Some(field) = self.reply_field(*f)
        {
            let norm = normalize(text);
            self.say(
                depth,
                format!("{}: contains \"{norm}\" literally", f.name()),
            );
            return Box::new(ConstScoreQuery::new(literal(field, &norm), 0.0));
        }
        match expr {
            Expr::Term { text, field } => self.term(text, *field, depth, negated),
            Expr::Phrase { text, field } => self.phrase(text, *field, depth, negated),
            Expr::Range { field, lo, hi } => self.range(*field, *lo, *hi, depth),
            Expr::Not(inner) => {
                self.say(depth, "NOT".into());
                only_excluding(self.clause(inner, depth + 1, !negated))
            }
            Expr::And(items) => {
                self.say(depth, "AND (all of)".into());
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    clauses.push(match item {
                        Expr::Not(inner) => {
                            self.say(depth + 1, "NOT".into());
                            (Occur::MustNot, self.clause(inner, depth + 2, !negated))
                        }
                        _ => (Occur::Must, self.clause(item, depth + 1, negated)),
                    });
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(items) => {
                self.say(depth, "OR (any of)".into());
                let clauses = items
                    .iter()
                    .map(|item| (Occur::Should, self.clause(item, depth + 1, negated)))
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    fn grams_and_words(&self, field: Option<FieldName>) -> (Field, Field) {
        match field {
            Some(FieldName::Title) => (self.fields.title_grams, self.fields.title),
            _ => (self.fields.body_grams, self.fields.body),
        }
    }

    /// The bigram field of a reply field (searched as a literal substring).
    fn reply_field(&self, field: FieldName) -> Option<Field> {
        let f = self.fields;
        Some(match field {
            FieldName::Issuer => f.issuer,
            FieldName::Proposer => f.proposer,
            FieldName::Meeting => f.meeting,
            FieldName::Region => f.region,
            FieldName::Kind => f.kind,
            FieldName::DocNumber => f.doc_number,
            FieldName::Title | FieldName::Number | FieldName::Date => return None,
        })
    }

    fn range(
        &mut self,
        field: RangeField,
        lo: Option<u64>,
        hi: Option<u64>,
        depth: usize,
    ) -> Box<dyn Query> {
        let (f, name) = match field {
            RangeField::Number => (self.fields.number, "number"),
            RangeField::Date => (self.fields.date, "date"),
        };
        let show = |b: Option<u64>| b.map_or_else(|| "*".to_string(), |v| v.to_string());
        self.say(depth, format!("{name} in [{}, {}]", show(lo), show(hi)));
        let bound = |v: Option<u64>| {
            v.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_u64(f, v))
            })
        };
        Box::new(ConstScoreQuery::new(
            Box::new(RangeQuery::new(bound(lo), bound(hi))),
            0.0,
        ))
    }

    fn term(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        depth: usize,
        negated: bool,
    ) -> Box<dyn Query> {
        let norm = normalize(text);
        let pieces = term_pieces(&norm, self.user_dict);
        let (grams, words) = self.grams_and_words(field);
        let scope = field.map_or(String::new(), |f| format!("{}:", f.name()));
        let shown: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        self.say(
            depth,
            format!(
                "term {scope}{text} → pieces [{}], each required literally",
                shown.join(" | ")
            ),
        );
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for p in &pieces {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(literal(grams, &p.text), 0.0)),
            ));
            let t = Term::from_field_text(words, &p.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
            ));
        }
        let mut ranking = vec![format!("BM25 of words [{}]", shown.join(", "))];
        if pieces.len() > 1 {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(literal(grams, &norm), W_LITERAL)),
            ));
            // Proximity on the bigram view: the first bigram of each piece
            // of two or more characters, at the piece's offset, with slop.
            let terms: Vec<(usize, Term)> = pieces
                .iter()
                .filter_map(|p| {
                    let gram: String = p.text.chars().take(2).collect();
                    (gram.chars().count() == 2)
                        .then(|| (p.offset, Term::from_field_text(grams, &gram)))
                })
                .collect();
            if terms.len() > 1 {
                let prox = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prox), W_PROXIMITY)),
                ));
            }
            ranking.push(format!("literal \"{norm}\" ×{W_LITERAL}"));
            ranking.push(format!("pieces within {PROXIMITY} chars ×{W_PROXIMITY}"));
        }
        if field.is_none() {
            clauses.push((Occur::Should, self.title_bonus(&norm)));
            ranking.push(format!("in title +{W_TITLE}"));
        }
        self.say(depth + 1, format!("ranking: {}", ranking.join("; ")));
        if !negated {
            self.needles.push(norm.clone());
            self.needles.extend(pieces.into_iter().map(|p| p.text));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        depth: usize,
        negated: bool,
    ) -> Box<dyn Query> {
        let norm = normalize(text);
        let (grams, _) = self.grams_and_words(field);
        let scope = field.map_or(String::new(), |f| format!("{}:", f.name()));
        self.say(
            depth,
            format!("exact {scope}\"{text}\" → literal substring (bigram phrase)"),
        );
        if !negated {
            self.needles.push(norm.clone());
        }
        let exact = literal(grams, &norm);
        if field.is_some() {
            return exact;
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, exact),
            (Occur::Should, self.title_bonus(&norm)),
        ]))
    }

    fn title_bonus(&self, norm: &str) -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            literal(self.fields.title_grams, norm),
            W_TITLE,
        ))
    }
}

/// Documents matching `literal` exactly: the bigram view holds a bigram at
/// every character position, so a string is present exactly when its
/// bigrams sit at consecutive positions. Every other bigram (plus the last)
/// pins all characters. One character is the range of grams starting with it.
pub fn literal(field: Field, norm: &str) -> Box<dyn Query> {
    let chars: Vec<char> = norm.chars().collect();
    match chars.len() {
        0 => Box::new(AllQuery),
        1 => {
            let c = chars[0];
            let lower = Bound::Included(Term::from_field_text(field, &c.to_string()));
            let upper = next_char(c).map_or(Bound::Unbounded, |n| {
                Bound::Excluded(Term::from_field_text(field, &n.to_string()))
            });
            Box::new(RangeQuery::new(lower, upper))
        }
        2 => Box::new(TermQuery::new(
            Term::from_field_text(field, norm),
            IndexRecordOption::WithFreqs,
        )),
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            let terms = offsets
                .into_iter()
                .map(|i| {
                    let gram: String = chars[i..i + 2].iter().collect();
                    (i, Term::from_field_text(field, &gram))
                })
                .collect();
            Box::new(PhraseQuery::new_with_offset(terms))
        }
    }
}

/// The next Unicode scalar value after `c`, skipping surrogates.
fn next_char(c: char) -> Option<char> {
    let n = c as u32 + 1;
    char::from_u32(n).or_else(|| char::from_u32(0xE000).filter(|_| n <= 0xE000))
}

/// Everything except what `q` matches.
fn only_excluding(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery)),
        (Occur::MustNot, q),
    ]))
}

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    /// Path relative to the corpus root.
    pub relpath: String,
    pub title: String,
    pub body: String,
    /// The extracted reply fields (see [`crate::reply::ReplyFields`]).
    pub reply: serde_json::Value,
}

/// What [`IndexSearcher::counts`] groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    /// The year of the reply date (else publish date).
    Year,
    /// A raw-string fast field: `issuer_key`, `meeting_key`, `region_key`, `kind_key`.
    Field(&'static str),
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
            q.query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, q.query),
                (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))),
            ]));
            q.explain.push(format!("within {s}/"));
        }
        q
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The best `limit` hits after skipping `offset`.
    pub fn top(
        &self,
        q: &CompiledQuery,
        limit: usize,
        offset: usize,
        sort: SortBy,
    ) -> Result<Vec<Hit>> {
        let searcher = self.searcher();
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
                searcher.search(q.query.as_ref(), &collector)?
            }
            _ => self
                .sorted(&searcher, q, sort)?
                .into_iter()
                .skip(offset)
                .collect(),
        };
        let mut hits = Vec::with_capacity(found.len().min(limit));
        for (i, (score, addr)) in found.into_iter().take(limit).enumerate() {
            hits.push(self.hit(&searcher, addr, offset + i + 1, score)?);
        }
        Ok(hits)
    }

    /// Every match with its score, ordered by a fast field; documents
    /// without the value come last, ties by score.
    fn sorted(
        &self,
        searcher: &Searcher,
        q: &CompiledQuery,
        sort: SortBy,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let total = searcher.search(q.query.as_ref(), &Count)?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let all = searcher.search(
            q.query.as_ref(),
            &TopDocs::with_limit(total).order_by_score(),
        )?;
        let column = if sort == SortBy::Number {
            "number"
        } else {
            "date"
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
                (Some(x), Some(y)) if sort == SortBy::DateDesc => y.cmp(&x),
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
        let f = &self.idx.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(Hit {
            rank,
            score,
            relpath: self.path_of(&text(f.path)).to_string(),
            title: text(f.title),
            body: text(f.body),
            reply: serde_json::from_str(&text(f.reply)).unwrap_or(serde_json::Value::Null),
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

    /// Matching documents counted by a reply field; `None` is the count of
    /// those without it. Largest first, then by key.
    pub fn counts(&self, q: &CompiledQuery, by: CountBy) -> Result<Vec<(Option<String>, usize)>> {
        let searcher = self.searcher();
        let docs = searcher.search(q.query.as_ref(), &DocSetCollector)?;
        let mut counts: std::collections::HashMap<Option<String>, usize> = Default::default();
        let mut str_cols = Vec::new();
        let mut date_cols = Vec::new();
        for seg in searcher.segment_readers() {
            let fast = seg.fast_fields();
            match by {
                CountBy::Year => date_cols.push(fast.u64("date")?),
                CountBy::Field(name) => str_cols.push(fast.str(name)?),
            }
        }
        let mut buf = String::new();
        for DocAddress {
            segment_ord,
            doc_id,
        } in docs
        {
            let seg = segment_ord as usize;
            let key = match by {
                CountBy::Year => date_cols
                    .get(seg)
                    .and_then(|c| c.first(doc_id))
                    .map(|d| (d / 10000).to_string()),
                CountBy::Field(_) => match str_cols.get(seg) {
                    Some(Some(col)) => match col.term_ords(doc_id).next() {
                        Some(ord) => {
                            buf.clear();
                            col.ord_to_str(ord, &mut buf)?;
                            Some(buf.clone())
                        }
                        None => None,
                    },
                    _ => None,
                },
            };
            *counts.entry(key).or_default() += 1;
        }
        let mut rows: Vec<(Option<String>, usize)> = counts.into_iter().collect();
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(a.0.is_none().cmp(&b.0.is_none()))
                .then(a.0.cmp(&b.0))
        });
        Ok(rows)
    }

    /// How many documents match.
    pub fn count(&self, q: &CompiledQuery) -> Result<usize> {
        Ok(self.searcher().search(q.query.as_ref(), &Count)?)
    }

    /// The relative paths of every matching document, sorted.
    pub fn paths(&self, q: &CompiledQuery) -> Result<Vec<String>> {
        let searcher = self.searcher();
        let docs = searcher.search(q.query.as_ref(), &DocSetCollector)?;
        let segments = searcher.segment_readers();
        let mut ords: Vec<Vec<u64>> = vec![Vec::new(); segments.len()];
        let mut columns = Vec::with_capacity(segments.len());
        for seg in segments {
            columns.push(seg.fast_fields().str("path")?);
        }
        for DocAddress {
            segment_ord,
            doc_id,
        } in docs
        {
            if let Some(Some(col)) = columns.get(segment_ord as usize)
                && let Some(ord) = col.term_ords(doc_id).next()
            {
                ords[segment_ord as usize].push(ord);
            }
        }
        // Resolving sorted ordinals in one pass over the dictionary is much
        // faster than one lookup per document.
        let mut paths = Vec::new();
        for (col, mut seg_ords) in columns.iter().zip(ords) {
            let Some(col) = col else { continue };
            seg_ords.sort_unstable();
            col.dictionary()
                .sorted_ords_to_term_cb(&seg_ords, |bytes| {
                    let key = String::from_utf8_lossy(bytes);
                    paths.push(self.path_of(&key).to_string());
                })?;
        }
        paths.sort();
        Ok(paths)
    }
}
