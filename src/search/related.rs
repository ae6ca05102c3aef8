//! Relations between replies through their words: the replies most like a
//! given one (more-like-this) and the words that set a set of replies apart
//! from the corpus (TF-IDF). Both re-segment stored text with the index's
//! own words tokenizer, so they see exactly the words the index holds.

use std::collections::HashMap;

use anyhow::{Context, Result};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::search::{CompiledQuery, Hit, IndexSearcher};

/// Words of a reply considered for more-like-this.
const SIMILAR_TERMS: usize = 30;
/// Replies read when finding distinctive terms of a large result set.
const TERMS_SAMPLE: usize = 2000;

/// A word, its weight, and in how many documents of the set and of the
/// corpus it occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct TermScore {
    pub word: String,
    pub score: f64,
    pub docs: usize,
    pub corpus_docs: u64,
}

/// Words worth weighing: two characters or more, not only digits.
fn is_content_word(w: &str) -> bool {
    w.chars().count() >= 2
        && !w
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
}

impl IndexSearcher {
    /// Term frequencies of a text as the index's words view sees it.
    fn word_counts(&self, text: &str) -> Result<HashMap<String, u32>> {
        let mut analyzer = self
            .idx
            .index
            .tokenizer_for_field(self.idx.fields.body)
            .context("no tokenizer for the body field")?;
        let mut stream = analyzer.token_stream(text);
        let mut counts = HashMap::new();
        while stream.advance() {
            let word = &stream.token().text;
            if is_content_word(word) {
                *counts.entry(word.clone()).or_insert(0) += 1;
            }
        }
        Ok(counts)
    }

    fn idf(&self, word: &str) -> Result<(f64, u64)> {
        let searcher = self.searcher();
        let n = searcher.num_docs() as f64;
        let df = searcher.doc_freq(&Term::from_field_text(self.idx.fields.body, word))?;
        Ok((((n + 1.0) / (df as f64 + 1.0)).ln(), df))
    }

    /// The replies most similar to the one at `relpath`: a query of its
    /// most distinctive words (TF-IDF), each weighted by its TF-IDF.
    pub fn similar(&self, relpath: &str, limit: usize) -> Result<Option<Vec<Hit>>> {
        let (Some(doc), Some(key)) = (self.get(relpath)?, self.key_of(relpath)) else {
            return Ok(None);
        };
        Ok(Some(self.similar_to_text(&doc.body, Some(key), limit)?.0))
    }

    /// The replies most similar to `text` (a draft, or a reply outside the
    /// index), leaving out the document indexed under `exclude`; and the
    /// words the query was made of, to show in passages.
    pub fn similar_to_text(
        &self,
        text: &str,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Hit>, Vec<String>)> {
        let mut weighted = Vec::new();
        for (word, tf) in self.word_counts(text)? {
            let (idf, df) = self.idf(&word)?;
            // A word that (almost) no reply has cannot find a similar one.
            if df > u64::from(exclude.is_some()) {
                weighted.push((f64::from(tf).sqrt() * idf, word));
            }
        }
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        weighted.truncate(SIMILAR_TERMS);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = weighted
            .iter()
            .map(|(weight, word)| {
                let q = TermQuery::new(
                    Term::from_field_text(self.idx.fields.body, word),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(q), *weight as f32)) as Box<dyn Query>,
                )
            })
            .collect();
        if let Some(key) = exclude {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.idx.fields.path, key),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let words: Vec<String> = weighted.into_iter().map(|(_, w)| w).collect();
        if words.is_empty() {
            return Ok((Vec::new(), words));
        }
        let query = self.within_scope(Box::new(BooleanQuery::new(clauses)));
        let searcher = self.searcher();
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        let found = searcher.search(
            query.as_ref(),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut hits = Vec::new();
        for (i, (score, addr)) in found.into_iter().take(limit).enumerate() {
            hits.push(self.hit(&searcher, addr, i + 1, score)?);
        }
        Ok((hits, words))
    }

    /// The words that distinguish the replies matching `q` from the whole
    /// corpus: share of matching replies containing the word × its IDF in
    /// the corpus. Large result sets are sampled (the best-scoring
    /// [`TERMS_SAMPLE`] replies).
    pub fn distinctive_terms(
        &self,
        q: &CompiledQuery,
        limit: usize,
    ) -> Result<(usize, Vec<TermScore>)> {
        let searcher = self.searcher();
        let matching = searcher.search(q.query.as_ref(), &Count)?;
        let docs: Vec<DocAddress> = if matching > TERMS_SAMPLE {
            let top = searcher.search(
                q.query.as_ref(),
                &TopDocs::with_limit(TERMS_SAMPLE).order_by_score(),
            )?;
            top.into_iter().map(|(_, a)| a).collect()
        } else {
            searcher
                .search(q.query.as_ref(), &DocSetCollector)?
                .into_iter()
                .collect()
        };
        let mut df_set: HashMap<String, usize> = HashMap::new();
        for addr in &docs {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let body = doc
                .get_first(self.idx.fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            for word in self.word_counts(body)?.into_keys() {
                *df_set.entry(word).or_insert(0) += 1;
            }
        }
        let n_set = docs.len().max(1) as f64;
        let mut scored = Vec::with_capacity(df_set.len());
        for (word, docs_with) in df_set {
            let (idf, corpus_docs) = self.idf(&word)?;
            scored.push(TermScore {
                score: docs_with as f64 / n_set * idf,
                word,
                docs: docs_with,
                corpus_docs,
            });
        }
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
        scored.truncate(limit);
        Ok((docs.len(), scored))
    }
}
