//! The clusters as `dafu dups` lists them: the current paths of their
//! members within the searcher's scope, and how alike they are.

use anyhow::Result;

use super::cluster::lowest_similarity;
use super::store::{DocColumns, DupClusters};
use crate::search::IndexSearcher;

/// One cluster of copies.
#[derive(Debug, Clone, PartialEq)]
pub struct Copies {
    /// Paths relative to the corpus root, sorted.
    pub relpaths: Vec<String>,
    /// The estimated similarity of its two farthest members.
    pub similarity: f32,
}

/// Every cluster with two or more members in the searcher's scope, ordered
/// by first path.
pub fn list(searcher: &IndexSearcher, clusters: &DupClusters) -> Result<Vec<Copies>> {
    let columns = DocColumns::open(&searcher.searcher())?;
    let mut out = Vec::new();
    for group in clusters.groups() {
        let mut members = Vec::new();
        for &addr in group {
            let Some(key) = columns.key(addr)? else {
                continue;
            };
            let relpath = searcher.path_of(&key).to_string();
            if searcher.in_scope(&relpath)
                && let Some(sig) = columns.signature(addr)?
            {
                members.push((relpath, sig));
            }
        }
        if members.len() < 2 {
            continue;
        }
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let sigs: Vec<_> = members.iter().map(|(_, s)| s).collect();
        out.push(Copies {
            similarity: lowest_similarity(&sigs),
            relpaths: members.into_iter().map(|(p, _)| p).collect(),
        });
    }
    out.sort_by(|a, b| a.relpaths.cmp(&b.relpaths));
    Ok(out)
}
