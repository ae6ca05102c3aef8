//! `--collapse`: one reply per cluster of copies. Set outputs (`-l`, `-c`,
//! `stats`, `terms`) keep the matching copy with the earliest path (byte
//! order), so the choice does not depend on the query's scores; ranked
//! lists keep the best-ranked copy, so the page reads as it would without
//! the copies below it.

use std::collections::HashSet;

use anyhow::Result;
use tantivy::Term;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, TermSetQuery};

use super::store::{DocColumns, DupClusters};
use crate::search::tiers::ScopedTiers;
use crate::search::{CompiledQuery, IndexSearcher, Ranked, SortBy};

/// `q` without the copies: of the matching members of each cluster, all
/// but the one with the earliest path are left out.
pub fn collapse_set(
    searcher: &IndexSearcher,
    q: &CompiledQuery,
    clusters: &DupClusters,
) -> Result<CompiledQuery> {
    let s = searcher.searcher();
    let mut left_out: Vec<String> = Vec::new();
    if !clusters.is_empty() {
        let matched = s.search(q.query.as_ref(), &DocSetCollector)?;
        let columns = DocColumns::open(&s)?;
        for group in clusters.groups() {
            let mut copies: Vec<(String, String)> = Vec::new();
            for addr in group.iter().filter(|a| matched.contains(a)) {
                if let Some(key) = columns.key(*addr)? {
                    copies.push((searcher.path_of(&key).to_string(), key));
                }
            }
            copies.sort();
            left_out.extend(copies.into_iter().skip(1).map(|(_, key)| key));
        }
    }
    let mut explain = q.explain.clone();
    explain.push(format!("collapsed: {} copies left out", left_out.len()));
    let path = searcher.idx.fields.path;
    let terms = left_out.iter().map(|k| Term::from_field_text(path, k));
    Ok(CompiledQuery {
        query: Box::new(BooleanQuery::new(vec![
            (Occur::Must, q.query.box_clone()),
            (Occur::MustNot, Box::new(TermSetQuery::new(terms))),
        ])),
        needles: q.needles.clone(),
        explain,
    })
}

/// Options of a ranked page, as [`IndexSearcher::ranked`] takes them.
#[derive(Debug, Clone, Copy)]
pub struct PageSpec {
    pub limit: usize,
    pub offset: usize,
    pub sort: SortBy,
    pub loose: bool,
}

/// The page `[offset, offset + limit)` of the ranked list with every copy
/// after the first of its cluster left out; ranks count the kept hits.
///
/// The list is read from the top, and read again twice as deep while the
/// copies left out make the page short and more hits may follow.
pub fn collapse_ranked(
    searcher: &IndexSearcher,
    tiers: &ScopedTiers,
    page: PageSpec,
    clusters: &DupClusters,
) -> Result<Vec<Ranked>> {
    let want = page.offset.saturating_add(page.limit);
    let mut depth = want.saturating_mul(2).max(32);
    loop {
        let list = searcher.ranked(tiers, depth, 0, page.sort, page.loose)?;
        let exhausted = list.len() < depth;
        let kept = first_of_each_cluster(list, clusters);
        if kept.len() >= want || exhausted || depth == usize::MAX {
            let mut out: Vec<Ranked> = kept
                .into_iter()
                .skip(page.offset)
                .take(page.limit)
                .collect();
            for (i, r) in out.iter_mut().enumerate() {
                r.rank = page.offset + i + 1;
            }
            return Ok(out);
        }
        depth = depth.saturating_mul(2);
    }
}

/// `list` without the hits whose cluster came earlier in it.
fn first_of_each_cluster(list: Vec<Ranked>, clusters: &DupClusters) -> Vec<Ranked> {
    let mut seen: HashSet<usize> = HashSet::new();
    list.into_iter()
        .filter(|r| clusters.cluster_of(r.addr).is_none_or(|c| seen.insert(c)))
        .collect()
}
