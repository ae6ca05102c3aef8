//! Which segments to merge at the end of a run, so that memory stays
//! bounded whatever the size of the corpus.
//!
//! A merge reads every byte of its input segments through memory maps, and
//! those pages count in the process's resident memory until the merge ends.
//! One all-in-one merge of a large index therefore needs as much memory as
//! the index is large (2.4 GB at 0.9 GB of text). Instead, segments are
//! packed into merges of at most [`MAX_MERGE_BYTES`] of input, run one after
//! another: a small corpus still ends as one segment, a large one as a few
//! segments of about that size, and a segment that size is never merged
//! again unless deletions have emptied a good part of it.

use std::path::Path;

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};

/// The most input bytes one merge reads.
pub const MAX_MERGE_BYTES: u64 = 192 << 20;

/// [`MAX_MERGE_BYTES`], or for tests `DAFU_TEST_MAX_MERGE_BYTES` (0 keeps
/// every segment a run writes, to check that answers do not depend on how
/// the index is cut into segments).
pub fn max_merge_bytes() -> u64 {
    std::env::var("DAFU_TEST_MAX_MERGE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MAX_MERGE_BYTES)
}

/// A segment that has lost at least this share of its documents to
/// deletions is merged, even alone, to reclaim the space.
const DELETED_SHARE: f64 = 0.25;

/// What the planner needs to know of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentSize<Id> {
    pub id: Id,
    /// Bytes of its files on disk.
    pub bytes: u64,
    pub max_doc: u32,
    pub deleted: u32,
}

impl<Id> SegmentSize<Id> {
    fn mostly_deleted(&self) -> bool {
        self.max_doc > 0 && f64::from(self.deleted) >= DELETED_SHARE * f64::from(self.max_doc)
    }
}

/// A segment joins the merge being packed when it is at most this many
/// times as large as the segments already in it: a new small segment is
/// then not merged into a large one (rewriting it at every update), but
/// small ones merge together until they are as large, as in a binary
/// counter, so a byte is rewritten a logarithmic number of times.
const JOIN_RATIO: u64 = 2;

/// The merges to run, each a list of segments whose bytes add up to at
/// most `cap`: segments taken from the smallest up and packed in that
/// order (see [`JOIN_RATIO`]). A group of one segment is merged only to
/// purge its deletions. Deterministic: ties keep the order given.
pub fn plan_merges<Id: Copy>(segments: &[SegmentSize<Id>], cap: u64) -> Vec<Vec<Id>> {
    let mut order: Vec<&SegmentSize<Id>> = segments.iter().filter(|s| s.bytes <= cap).collect();
    order.sort_by_key(|s| s.bytes);
    let mut groups: Vec<(u64, Vec<&SegmentSize<Id>>)> = Vec::new();
    for seg in order {
        match groups.last_mut() {
            Some((bytes, members))
                if *bytes + seg.bytes <= cap && seg.bytes <= JOIN_RATIO * *bytes =>
            {
                *bytes += seg.bytes;
                members.push(seg);
            }
            _ => groups.push((seg.bytes, vec![seg])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1 || members[0].mostly_deleted())
        .map(|(_, members)| members.into_iter().map(|s| s.id).collect())
        .collect()
}

/// The size on disk of each segment of the index in `dir`.
pub fn segment_sizes(dir: &Path, metas: &[SegmentMeta]) -> Vec<SegmentSize<SegmentId>> {
    metas
        .iter()
        .map(|meta| {
            let bytes = [
                SegmentComponent::Postings,
                SegmentComponent::Positions,
                SegmentComponent::Terms,
                SegmentComponent::Store,
                SegmentComponent::FastFields,
                SegmentComponent::FieldNorms,
            ]
            .into_iter()
            .filter_map(|c| std::fs::metadata(dir.join(meta.relative_path(c))).ok())
            .map(|m| m.len())
            .sum();
            SegmentSize {
                id: meta.id(),
                bytes,
                max_doc: meta.max_doc(),
                deleted: meta.num_deleted_docs(),
            }
        })
        .collect()
}

/// Give the memory freed by the indexing threads back to the system before
/// merging: glibc keeps freed memory of each thread's arena otherwise, and
/// it would count on top of the merge's mapped segments.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: u32, mb: u64) -> SegmentSize<u32> {
        SegmentSize {
            id,
            bytes: mb << 20,
            max_doc: 100,
            deleted: 0,
        }
    }

    const CAP: u64 = 100 << 20;

    #[test]
    fn a_small_index_ends_as_one_segment() {
        let segs = [seg(1, 10), seg(2, 30), seg(3, 5), seg(4, 20)];
        assert_eq!(plan_merges(&segs, CAP), vec![vec![3, 1, 4, 2]]);
    }

    #[test]
    fn no_merge_reads_more_than_the_cap() {
        let segs: Vec<_> = (0..40).map(|i| seg(i, 7 + u64::from(i % 5) * 9)).collect();
        let plan = plan_merges(&segs, CAP);
        assert!(plan.len() > 1);
        for group in &plan {
            let bytes: u64 = group.iter().map(|&id| segs[id as usize].bytes).sum();
            assert!(bytes <= CAP, "{bytes}");
            assert!(group.len() > 1);
        }
        // Every segment is merged once at most.
        let mut all: Vec<u32> = plan.concat();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), plan.iter().map(Vec::len).sum::<usize>());
    }

    #[test]
    fn full_segments_stay_and_one_new_segment_waits_for_a_second() {
        let segs = [seg(1, 95), seg(2, 98), seg(3, 4)];
        assert!(plan_merges(&segs, CAP).is_empty());
        let segs = [seg(1, 95), seg(2, 98), seg(3, 4), seg(4, 3)];
        assert_eq!(plan_merges(&segs, CAP), vec![vec![4, 3]]);
    }

    #[test]
    fn a_new_small_segment_is_not_merged_into_a_large_one() {
        let segs = [seg(1, 60), seg(2, 1)];
        assert!(plan_merges(&segs, CAP).is_empty());
        // Updates one segment at a time: the small ones merge among
        // themselves, and the large one is never rewritten.
        let mut sizes = vec![60u64];
        for _ in 0..20 {
            sizes.push(1);
            let segs: Vec<_> = (0u32..).zip(&sizes).map(|(i, &mb)| seg(i, mb)).collect();
            let plan = plan_merges(&segs, CAP);
            for group in &plan {
                assert!(!group.contains(&0), "{plan:?} {sizes:?}");
            }
            let merged: u64 = plan.iter().flatten().map(|&i| sizes[i as usize]).sum();
            let mut left: Vec<u64> = (0u32..)
                .zip(&sizes)
                .filter(|(i, _)| !plan.iter().flatten().any(|g| g == i))
                .map(|(_, &mb)| mb)
                .collect();
            if merged > 0 {
                left.push(merged);
            }
            sizes = left;
        }
        // 20 one-MB segments end in a handful, not 20.
        assert!(sizes.len() <= 4, "{sizes:?}");
    }

    #[test]
    fn a_segment_over_the_cap_is_never_merged() {
        let segs = [seg(1, 400), seg(2, 1)];
        assert!(plan_merges(&segs, CAP).is_empty());
    }

    #[test]
    fn a_segment_emptied_by_deletions_is_merged_alone() {
        let mut s = seg(1, 90);
        s.deleted = 40;
        assert_eq!(plan_merges(&[s, seg(2, 95)], CAP), vec![vec![1]]);
        s.deleted = 10;
        assert!(plan_merges(&[s, seg(2, 95)], CAP).is_empty());
    }
}
