//! Ranked lists that degrade gracefully: the exact matches first, then
//! (while the page is not full) the replies holding every jieba word of
//! each term but not the term itself, then those holding most of the
//! terms, each marked with what it lacks. Set outputs (`-l`, `-c`, stats,
//! the exit status) never see the looser tiers.

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query};

use super::compile::{Tiers, compile_tiers};
use super::{IndexSearcher, Ranked, SortBy};
use crate::query::Expr;

/// How a ranked hit matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Every term present literally.
    Exact,
    /// Every jieba word of each term present, some term not literally.
    Words,
    /// At least half of the terms (in their words).
    Partial,
}

/// Which tier a hit came from and the items of the query it lacks
/// literally, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub kind: MatchKind,
    pub missing: Vec<String>,
}

/// The tiers of a query, limited to the searcher's scope.
pub struct ScopedTiers {
    tiers: Tiers,
    /// Words-tier matches that are not exact ones.
    words_only: Option<Box<dyn Query>>,
    /// Partial matches that are not words-tier ones.
    partial_only: Option<Box<dyn Query>>,
}

impl ScopedTiers {
    /// The exact tier, as every set output uses it.
    pub fn exact(&self) -> &super::CompiledQuery {
        &self.tiers.exact
    }
}

/// `a` without what `b` matches.
fn minus(a: Box<dyn Query>, b: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, a),
        (Occur::MustNot, b),
    ]))
}

impl IndexSearcher {
    /// Compile `expr` in its tiers for this index and scope.
    pub fn compile_tiers(&self, expr: &Expr) -> ScopedTiers {
        let mut tiers = compile_tiers(expr, &self.idx.fields, self.idx.user_dict.as_deref());
        tiers.exact = self.scoped(tiers.exact);
        let exact = || tiers.exact.query.box_clone();
        let words_only = tiers
            .words
            .as_ref()
            .map(|w| self.within_scope(minus(w.box_clone(), exact())));
        let partial_only = tiers.partial.as_ref().map(|p| {
            let stricter = tiers.words.as_ref().map_or_else(exact, |w| w.box_clone());
            self.within_scope(minus(p.box_clone(), stricter))
        });
        ScopedTiers {
            tiers,
            words_only,
            partial_only,
        }
    }

    /// The page `[offset, offset + limit)` of the tiered list: exact hits,
    /// then (with `loose`) words-tier hits, then partial ones. Ranks count
    /// through the tiers. Only addresses and scores are held: each hit is
    /// read from the store when it is printed ([`IndexSearcher::fetch`]),
    /// so memory does not grow with the page.
    pub fn ranked(
        &self,
        t: &ScopedTiers,
        limit: usize,
        offset: usize,
        sort: SortBy,
        loose: bool,
    ) -> Result<Vec<Ranked>> {
        let searcher = self.searcher();
        let exact = self.top_docs(&searcher, t.tiers.exact.query.as_ref(), limit, offset, sort)?;
        let mut page: Vec<Ranked> = exact
            .into_iter()
            .enumerate()
            .map(|(i, (score, addr))| Ranked {
                addr,
                rank: offset + i + 1,
                score,
                matched: Some(Match {
                    kind: MatchKind::Exact,
                    missing: Vec::new(),
                }),
            })
            .collect();
        if !loose || page.len() >= limit {
            return Ok(page);
        }
        // Where each tier starts in the whole list.
        let mut start = searcher.search(t.tiers.exact.query.as_ref(), &Count)?;
        for (kind, q) in [
            (MatchKind::Words, &t.words_only),
            (MatchKind::Partial, &t.partial_only),
        ] {
            let Some(q) = q else { continue };
            let local = offset.saturating_sub(start);
            let want = limit - page.len();
            let found = self.top_docs(&searcher, q.as_ref(), want, local, sort)?;
            for (i, (score, addr)) in found.into_iter().enumerate() {
                let missing = t
                    .tiers
                    .probes
                    .iter()
                    .filter(|(_, probe)| probe.explain(&searcher, addr).is_err())
                    .map(|(label, _)| label.clone())
                    .collect();
                page.push(Ranked {
                    addr,
                    rank: start + local + i + 1,
                    score,
                    matched: Some(Match { kind, missing }),
                });
            }
            if page.len() >= limit {
                break;
            }
            start += searcher.search(q.as_ref(), &Count)?;
        }
        Ok(page)
    }
}
