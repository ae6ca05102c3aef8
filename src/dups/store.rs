//! The clusters of an open index: the signatures read from their column,
//! clustered, and kept beside the index so the next command that needs
//! them reads a small file instead of clustering again.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use tantivy::columnar::{BytesColumn, StrColumn};
use tantivy::{DocAddress, Searcher, SegmentReader};

use super::cluster::{THRESHOLD, clusters};
use crate::index::layout::index_dir;
use crate::index::schema;
use crate::reply::signature::Signature;
use crate::search::IndexSearcher;

/// Clusters of near-duplicate documents in one snapshot of the index.
#[derive(Debug, Default)]
pub struct DupClusters {
    /// Each cluster's members (two or more).
    groups: Vec<Vec<DocAddress>>,
    /// The cluster of each member.
    of: HashMap<DocAddress, usize>,
}

impl DupClusters {
    fn new(groups: Vec<Vec<DocAddress>>) -> Self {
        let of = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.iter().map(move |a| (*a, i)))
            .collect();
        DupClusters { groups, of }
    }

    /// The cluster `addr` belongs to, if it has copies.
    pub fn cluster_of(&self, addr: DocAddress) -> Option<usize> {
        self.of.get(&addr).copied()
    }

    /// Every cluster's members.
    pub fn groups(&self) -> &[Vec<DocAddress>] {
        &self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The clusters of the index `searcher` reads: from the cache when it was
/// made of this very snapshot (same generation, segments and deletes),
/// else clustered now and cached (best effort: a read-only index is
/// clustered each time).
pub fn load(searcher: &IndexSearcher) -> Result<DupClusters> {
    let s = searcher.searcher();
    let key = CacheKey::of(&s, searcher.idx.generation);
    let path = cache_path(&searcher.idx.root);
    if let Some(groups) = read_cache(&path, &key, &s) {
        return Ok(DupClusters::new(groups));
    }
    let (addrs, sigs) = signatures(&s)?;
    let groups: Vec<Vec<DocAddress>> = clusters(&sigs, THRESHOLD)
        .into_iter()
        .map(|g| g.into_iter().map(|i| addrs[i as usize]).collect())
        .collect();
    write_cache(&path, &key, &s, &groups);
    Ok(DupClusters::new(groups))
}

/// The signature of every live document that has one, with its address.
pub fn signatures(s: &Searcher) -> Result<(Vec<DocAddress>, Vec<Signature>)> {
    let mut addrs = Vec::new();
    let mut sigs = Vec::new();
    for (ord, seg) in s.segment_readers().iter().enumerate() {
        let Some(col) = seg.fast_fields().bytes(schema::DUPS)? else {
            continue;
        };
        // Every distinct signature, by ordinal: one pass over the column's
        // dictionary instead of a lookup per document.
        let mut by_ord: Vec<Option<Signature>> = Vec::with_capacity(col.num_terms());
        let mut stream = col.dictionary().stream()?;
        while stream.advance() {
            by_ord.push(Signature::from_bytes(stream.key()));
        }
        for doc in seg.doc_ids_alive() {
            let sig = col
                .term_ords(doc)
                .next()
                .and_then(|o| by_ord.get(o as usize));
            if let Some(Some(sig)) = sig {
                addrs.push(DocAddress::new(ord as u32, doc));
                sigs.push(sig.clone());
            }
        }
    }
    Ok((addrs, sigs))
}

/// The key and signature columns of every segment, opened once: reading
/// a column per document would cost more than the reading itself.
pub struct DocColumns {
    keys: Vec<Option<StrColumn>>,
    sigs: Vec<Option<BytesColumn>>,
}

impl DocColumns {
    pub fn open(s: &Searcher) -> Result<Self> {
        let mut keys = Vec::new();
        let mut sigs = Vec::new();
        for seg in s.segment_readers() {
            keys.push(seg.fast_fields().str(schema::PATH)?);
            sigs.push(seg.fast_fields().bytes(schema::DUPS)?);
        }
        Ok(DocColumns { keys, sigs })
    }

    /// The key (indexed path) of the document at `addr`.
    pub fn key(&self, addr: DocAddress) -> Result<Option<String>> {
        let Some(Some(col)) = self.keys.get(addr.segment_ord as usize) else {
            return Ok(None);
        };
        let Some(ord) = col.term_ords(addr.doc_id).next() else {
            return Ok(None);
        };
        let mut key = String::new();
        col.ord_to_str(ord, &mut key)?;
        Ok(Some(key))
    }

    /// The signature of the document at `addr`, if it has one.
    pub fn signature(&self, addr: DocAddress) -> Result<Option<Signature>> {
        let Some(Some(col)) = self.sigs.get(addr.segment_ord as usize) else {
            return Ok(None);
        };
        let Some(ord) = col.term_ords(addr.doc_id).next() else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        col.ord_to_bytes(ord, &mut bytes)?;
        Ok(Signature::from_bytes(&bytes))
    }
}

/// Where the clusters of a corpus root's index are cached.
fn cache_path(root: &Path) -> PathBuf {
    index_dir(root).join("dups-cache.json")
}

/// What the cached clusters were made of: a commit or a merge changes the
/// segments or their deletes, a rebuild the generation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CacheKey {
    generation: u64,
    threshold: f32,
    /// `segment-id:delete-opstamp`, sorted.
    segments: Vec<String>,
}

impl CacheKey {
    fn of(s: &Searcher, generation: u64) -> Self {
        let mut segments: Vec<String> = s.segment_readers().iter().map(segment_name).collect();
        segments.sort();
        CacheKey {
            generation,
            threshold: THRESHOLD,
            segments,
        }
    }
}

fn segment_name(seg: &SegmentReader) -> String {
    let deletes = seg
        .delete_opstamp()
        .map_or(String::new(), |o| o.to_string());
    format!("{}:{deletes}", seg.segment_id().uuid_string())
}

/// The cache file: its key and each cluster's members as (index into
/// `key.segments`, document id).
#[derive(Serialize, Deserialize)]
struct Cache {
    v: u32,
    key: CacheKey,
    groups: Vec<Vec<(u32, u32)>>,
}

const CACHE_VERSION: u32 = 1;

/// The cached clusters, if the cache was made of this snapshot.
fn read_cache(path: &Path, key: &CacheKey, s: &Searcher) -> Option<Vec<Vec<DocAddress>>> {
    let cache: Cache = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    if cache.v != CACHE_VERSION || cache.key != *key {
        return None;
    }
    // The key matched: every segment named in it is one of this searcher's.
    let ords: HashMap<String, (u32, u32)> = s
        .segment_readers()
        .iter()
        .enumerate()
        .map(|(i, seg)| (segment_name(seg), (i as u32, seg.max_doc())))
        .collect();
    // A damaged file that kept its key must not send a column past its
    // end: one bad member and the whole cache is computed again.
    cache
        .groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|&(seg, doc)| {
                    let (ord, max_doc) = ords.get(key.segments.get(seg as usize)?)?;
                    (doc < *max_doc).then(|| DocAddress::new(*ord, doc))
                })
                .collect()
        })
        .collect()
}

/// Cache `groups` under `key`. Failing to is no error: the clusters are
/// computed again next time. Written to a file of this process's own and
/// renamed, so concurrent searches never read half a file.
fn write_cache(path: &Path, key: &CacheKey, s: &Searcher, groups: &[Vec<DocAddress>]) {
    let names: Vec<String> = s.segment_readers().iter().map(segment_name).collect();
    let position = |ord: u32| -> Option<u32> {
        let name = names.get(ord as usize)?;
        let i = key.segments.iter().position(|n| n == name)?;
        u32::try_from(i).ok()
    };
    let groups: Option<Vec<Vec<(u32, u32)>>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|a| Some((position(a.segment_ord)?, a.doc_id)))
                .collect()
        })
        .collect();
    let Some(groups) = groups else { return };
    let cache = Cache {
        v: CACHE_VERSION,
        key: key.clone(),
        groups,
    };
    let Ok(text) = serde_json::to_vec(&cache) else {
        return;
    };
    // Ends in `.tmp`: what a killed write leaves is tidied by the next index run.
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    if fs::write(&tmp, text).is_err() || fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
}
