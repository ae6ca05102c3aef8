//! Matching replies counted by one or more reply fields (`dafu stats --by
//! year,issuer`): one row per combination of keys present.

use std::collections::HashMap;

use anyhow::Result;
use tantivy::DocAddress;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::{Column, StrColumn};

use super::{CompiledQuery, IndexSearcher};
use crate::index::schema;
use crate::reply::DateKey;

/// A key replies are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// The year of the reply date (else publish date).
    Year,
    /// The canonical agency, else the issuer as written.
    Issuer,
    /// The meeting's canonical label, else the meeting as written.
    Meeting,
    Region,
    /// 提案 / 建议 / 议案.
    Kind,
    /// A / B / C, as the reply states it.
    Outcome,
    /// The province of the reply's division.
    Province,
    /// The prefecture of the reply's division.
    Prefecture,
}

impl Facet {
    /// Every facet with its name on the command line and in JSON.
    pub const ALL: &'static [(&'static str, Facet)] = &[
        ("issuer", Facet::Issuer),
        ("year", Facet::Year),
        ("meeting", Facet::Meeting),
        ("region", Facet::Region),
        ("kind", Facet::Kind),
        ("outcome", Facet::Outcome),
        ("province", Facet::Province),
        ("prefecture", Facet::Prefecture),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// The raw-string column counted, for all but [`Facet::Year`].
    fn column(self) -> Option<&'static str> {
        Some(match self {
            Facet::Year => return None,
            Facet::Issuer => schema::ISSUER_KEY,
            Facet::Meeting => schema::MEETING_KEY,
            Facet::Region => schema::REGION_KEY,
            Facet::Kind => schema::KIND_KEY,
            Facet::Outcome => schema::OUTCOME_KEY,
            Facet::Province => schema::PROVINCE_KEY,
            Facet::Prefecture => schema::PREFECTURE_KEY,
        })
    }
}

/// One facet's columns in one segment.
enum SegColumn {
    Year(Column<u64>),
    Str(Option<StrColumn>),
}

impl SegColumn {
    fn key(&self, doc: u32, buf: &mut String) -> Result<Option<String>> {
        Ok(match self {
            SegColumn::Year(c) => c
                .first(doc)
                .map(|d| DateKey::from_raw(d).year().to_string()),
            SegColumn::Str(Some(col)) => match col.term_ords(doc).next() {
                Some(ord) => {
                    buf.clear();
                    col.ord_to_str(ord, buf)?;
                    Some(buf.clone())
                }
                None => None,
            },
            SegColumn::Str(None) => None,
        })
    }
}

/// Counted keys: one value per facet (`None` when the reply lacks it).
pub type FacetRow = (Vec<Option<String>>, usize);

impl IndexSearcher {
    /// Matching documents counted by the combination of `by`'s keys;
    /// largest first, then by keys (absent keys last).
    pub fn facet_counts(&self, q: &CompiledQuery, by: &[Facet]) -> Result<Vec<FacetRow>> {
        let searcher = self.searcher();
        let docs = searcher.search(q.query.as_ref(), &DocSetCollector)?;
        let mut columns: Vec<Vec<SegColumn>> = Vec::new();
        for seg in searcher.segment_readers() {
            let fast = seg.fast_fields();
            let mut cols = Vec::with_capacity(by.len());
            for facet in by {
                cols.push(match facet.column() {
                    None => SegColumn::Year(fast.u64(schema::DATE)?),
                    Some(name) => SegColumn::Str(fast.str(name)?),
                });
            }
            columns.push(cols);
        }
        let mut counts: HashMap<Vec<Option<String>>, usize> = HashMap::new();
        let mut buf = String::new();
        for DocAddress {
            segment_ord,
            doc_id,
        } in docs
        {
            let Some(cols) = columns.get(segment_ord as usize) else {
                continue;
            };
            let key = cols
                .iter()
                .map(|c| c.key(doc_id, &mut buf))
                .collect::<Result<Vec<_>>>()?;
            *counts.entry(key).or_default() += 1;
        }
        let mut rows: Vec<FacetRow> = counts.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key_order(&a.0, &b.0)));
        Ok(rows)
    }
}

/// Keys in order, absent keys after present ones.
pub fn key_order(a: &[Option<String>], b: &[Option<String>]) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}
