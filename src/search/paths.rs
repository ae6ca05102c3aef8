//! Collecting the keys of matching documents without hashing them: each
//! segment's matches, in document order, become ordinals of its `path`
//! column, resolved in one pass over that column's sorted dictionary.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema;

/// The `path` ordinals of the matching documents of each segment.
pub struct PathOrds;

/// One segment's share: its ordinal, its `path` column, the ordinals.
pub struct SegmentPathOrds {
    segment: SegmentOrdinal,
    column: Option<StrColumn>,
    ords: Vec<u64>,
}

impl Collector for PathOrds {
    type Fruit = Vec<(SegmentOrdinal, Vec<u64>)>;
    type Child = SegmentPathOrds;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPathOrds> {
        Ok(SegmentPathOrds {
            segment,
            column: reader.fast_fields().str(schema::PATH)?,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<u64>)>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentPathOrds {
    type Fruit = (SegmentOrdinal, Vec<u64>);

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.ords.push(ord);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.ords)
    }
}
