//! Clusters of near-duplicate signatures: LSH banding proposes candidate
//! pairs, each pair is verified on its whole signature, and union-find
//! joins the verified pairs. Nothing here knows about the index: items are
//! numbered `0..n` by the caller.

use crate::reply::signature::{SLOTS, Signature};

/// Estimated Jaccard similarity at or above which two replies are copies
/// of one reply. Measured (benches/README.md, "Duplicate replies"): copies
/// republished with other chrome, digit width and wrapping score 0.79–1.0;
/// different replies of one agency sharing its frame and set phrases at
/// most 0.18, different real replies at most 0.10. Templated documents
/// that are not copies (bank-penalty news, cities' regulations written
/// from one model) reach 0.60–0.65: the threshold sits above them.
pub const THRESHOLD: f32 = 0.7;

/// Slots per LSH band. With [`SLOTS`] / `ROWS` = 32 bands, a pair at
/// similarity s becomes a candidate with probability 1 − (1 − s⁴)³²:
/// 0.9998 at s = 0.7, 0.99 at 0.6, 0.23 at 0.3; verification then drops
/// those under [`THRESHOLD`].
const ROWS: usize = 4;
const BANDS: usize = SLOTS / ROWS;

/// A band shared by more items than this (typically one text indexed many
/// times) is verified as a star around its first item, not pair by pair,
/// so that the work stays linear.
const STAR_ABOVE: usize = 64;

/// Groups of item numbers (each of two or more, ascending; groups ordered
/// by their first item) whose signatures are linked by a chain of pairs at
/// or above `threshold`.
pub fn clusters(sigs: &[Signature], threshold: f32) -> Vec<Vec<u32>> {
    let mut sets = UnionFind::new(sigs.len());
    let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(sigs.len());
    for band in 0..BANDS {
        keyed.clear();
        keyed.extend(
            sigs.iter()
                .enumerate()
                .map(|(i, s)| (band_key(s, band), i as u32)),
        );
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            verify_bucket(run, sigs, threshold, &mut sets);
        }
    }
    sets.groups()
}

/// The slots of band `band`, as one key.
fn band_key(sig: &Signature, band: usize) -> u64 {
    sig.0[band * ROWS..(band + 1) * ROWS]
        .iter()
        .fold(0u64, |k, &v| (k << 16) | u64::from(v))
}

/// Join the items of one bucket whose signatures agree enough.
fn verify_bucket(run: &[(u64, u32)], sigs: &[Signature], threshold: f32, sets: &mut UnionFind) {
    let similar = |a: u32, b: u32| sigs[a as usize].similarity(&sigs[b as usize]) >= threshold;
    if run.len() > STAR_ABOVE {
        let first = run[0].1;
        for &(_, b) in &run[1..] {
            if similar(first, b) {
                sets.union(first, b);
            }
        }
        return;
    }
    for (i, &(_, a)) in run.iter().enumerate() {
        for &(_, b) in &run[i + 1..] {
            // Already joined: no need to compare.
            if sets.find(a) != sets.find(b) && similar(a, b) {
                sets.union(a, b);
            }
        }
    }
}

/// The lowest similarity between two members of `group`: how far apart
/// its copies may be.
pub fn lowest_similarity(group: &[&Signature]) -> f32 {
    let mut lowest = 1.0f32;
    for (i, a) in group.iter().enumerate() {
        for b in &group[i + 1..] {
            lowest = lowest.min(a.similarity(b));
        }
    }
    lowest
}

/// Disjoint sets of `0..n` with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }

    /// Every set of two or more, members ascending, ordered by first member.
    fn groups(mut self) -> Vec<Vec<u32>> {
        let n = self.parent.len();
        let mut by_root: std::collections::HashMap<u32, Vec<u32>> = Default::default();
        for x in 0..n as u32 {
            let root = self.find(x);
            if self.size[root as usize] > 1 {
                by_root.entry(root).or_default().push(x);
            }
        }
        let mut groups: Vec<Vec<u32>> = by_root.into_values().collect();
        groups.sort_unstable_by_key(|g| g[0]);
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature whose first `same` slots are those of `base`, the rest
    /// unique to `salt`.
    fn sig(base: u16, same: usize, salt: u16) -> Signature {
        let mut slots = [0u16; SLOTS];
        for (i, s) in slots.iter_mut().enumerate() {
            *s = if i < same {
                base.wrapping_mul(31).wrapping_add(i as u16)
            } else {
                salt.wrapping_mul(977).wrapping_add(i as u16 * 7)
            };
        }
        Signature(slots)
    }

    #[test]
    fn copies_join_and_different_texts_stay_apart() {
        let sigs = vec![
            sig(1, SLOTS, 0), // 0: text one
            sig(2, SLOTS, 0), // 1: text two
            sig(1, 110, 3),   // 2: a copy of one (86 %)
            sig(2, 30, 4),    // 3: shares a quarter with two: apart
            sig(1, SLOTS, 0), // 4: one again, byte for byte
            sig(9, SLOTS, 0), // 5: alone
            sig(1, 83, 6),    // 6: two thirds of one, like a templated text: apart
        ];
        assert_eq!(clusters(&sigs, THRESHOLD), vec![vec![0, 2, 4]]);
    }

    #[test]
    fn a_crowded_bucket_is_verified_as_a_star() {
        let sigs: Vec<Signature> = (0..200).map(|_| sig(5, SLOTS, 0)).collect();
        let groups = clusters(&sigs, THRESHOLD);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), 200);
    }

    #[test]
    fn no_items_no_clusters() {
        assert!(clusters(&[], THRESHOLD).is_empty());
    }

    #[test]
    fn the_lowest_similarity_is_the_farthest_pair() {
        let (a, b, c) = (sig(1, SLOTS, 0), sig(1, 96, 2), sig(1, 64, 3));
        assert_eq!(lowest_similarity(&[&a, &b, &c]), 0.5);
        assert_eq!(lowest_similarity(&[&a]), 1.0);
    }
}
