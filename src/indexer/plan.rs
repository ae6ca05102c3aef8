//! Deciding what to do with each file, without touching the index: the
//! walk's entries and what the index knows in, actions out. Pure, so the
//! rules for renames, touches and removals are unit-tested here.

use std::collections::{HashMap, HashSet};

use crate::corpus::FileEntry;
use crate::index::stat_cache::Stat;

/// What the index holds about a file, to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The path the document was indexed under (see [`crate::index::moves`]).
    pub key: String,
    pub stat: Stat,
}

/// A document whose file is no longer at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    /// Where the file was.
    pub path: String,
    pub known: Known,
}

/// A first look at a walked file, from its stat alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look {
    /// Same size, mtime and inode as indexed: nothing to read.
    Unchanged,
    /// It must be read and hashed; the document now at its path, if any.
    Read(Option<Known>),
}

/// What to do with a file that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The bytes the index holds, under a new stat: remember the stat.
    Touched(Stat),
    /// The bytes of a document whose file is gone: the file moved here, and
    /// only its path changes. `replaces` is the document that was at this
    /// path before (a rename over an existing file).
    Moved {
        stat: Stat,
        from: Gone,
        replaces: Option<Known>,
    },
    /// New bytes: index them, replacing the document at this path if any.
    Index { stat: Stat, replaces: Option<Known> },
}

/// The planner of one run: what the index knows, by current path, and the
/// documents whose files are gone, by content hash.
#[derive(Debug)]
pub struct Planner {
    known: HashMap<String, Known>,
    gone: HashMap<u64, Vec<String>>,
    /// `--full`: re-index everything, recognise no moves.
    full: bool,
}

impl Planner {
    /// `known`: the documents in the run's scope by current path;
    /// `on_disk`: the paths the walk found; `is_file`: whether a path not
    /// walked is still a file (of another extension, say: not gone).
    pub fn new(
        known: HashMap<String, Known>,
        on_disk: &HashSet<&str>,
        full: bool,
        is_file: impl Fn(&str) -> bool,
    ) -> Planner {
        let mut gone: HashMap<u64, Vec<String>> = HashMap::new();
        if !full {
            for (rel, k) in &known {
                if !on_disk.contains(rel.as_str()) && !is_file(rel) {
                    gone.entry(k.stat.hash).or_default().push(rel.clone());
                }
            }
        }
        // Deterministic choice among documents with the same bytes.
        for paths in gone.values_mut() {
            paths.sort_unstable();
        }
        Planner { known, gone, full }
    }

    /// The first look at a walked file.
    pub fn look(&mut self, entry: &FileEntry) -> Look {
        let previous = self.known.remove(&entry.rel);
        let same_stat = |k: &Known| {
            k.stat.size == entry.size && k.stat.mtime == entry.mtime && k.stat.ino == entry.ino
        };
        if !self.full && previous.as_ref().is_some_and(same_stat) {
            Look::Unchanged
        } else {
            Look::Read(previous)
        }
    }

    /// What to do with a file read with `stat` (its hash included), given
    /// the document that was at its path.
    pub fn decide(&mut self, previous: Option<Known>, stat: Stat) -> Action {
        if !self.full {
            if previous.as_ref().is_some_and(|k| k.stat.hash == stat.hash) {
                return Action::Touched(stat);
            }
            if let Some(from) = self.take_gone(stat) {
                return Action::Moved {
                    stat,
                    from,
                    replaces: previous,
                };
            }
        }
        Action::Index {
            stat,
            replaces: previous,
        }
    }

    /// The gone document with these bytes (same hash, same size), taken so
    /// that it is not removed at the end.
    fn take_gone(&mut self, stat: Stat) -> Option<Gone> {
        let candidates = self.gone.get_mut(&stat.hash)?;
        let known = &self.known;
        let i = candidates
            .iter()
            .position(|path| known.get(path).is_some_and(|k| k.stat.size == stat.size))?;
        let path = candidates.remove(i);
        let known = self.known.remove(&path)?;
        Some(Gone { path, known })
    }

    /// The documents left over whose file is gone from disk: they leave the
    /// index. One named on an earlier command line, or of another `--ext`,
    /// stays until it is deleted.
    pub fn removals(self, is_file: impl Fn(&str) -> bool) -> Vec<(String, Known)> {
        let mut out: Vec<(String, Known)> = self
            .known
            .into_iter()
            .filter(|(rel, _)| !is_file(rel))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Documents whose key is the path of a file on disk but which moved
/// elsewhere: `(key, current path)`. Each must take its current path as its
/// key before that file is indexed, so that keys stay unique.
pub fn displaced<'a>(
    moves: impl Iterator<Item = (&'a str, &'a str)>,
    on_disk: &HashSet<&str>,
) -> Vec<(String, String)> {
    moves
        .filter(|(key, _)| on_disk.contains(key))
        .map(|(key, now)| (key.to_string(), now.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(size: u64, mtime: u64, hash: u64) -> Stat {
        Stat {
            size,
            mtime,
            ino: 1,
            hash,
        }
    }

    fn known(pairs: &[(&str, Stat)]) -> HashMap<String, Known> {
        pairs
            .iter()
            .map(|(p, s)| {
                (
                    p.to_string(),
                    Known {
                        key: p.to_string(),
                        stat: *s,
                    },
                )
            })
            .collect()
    }

    fn entry(rel: &str, s: Stat) -> FileEntry {
        FileEntry {
            rel: rel.into(),
            size: s.size,
            mtime: s.mtime,
            ino: s.ino,
        }
    }

    #[test]
    fn same_stat_is_unchanged_and_same_bytes_are_a_touch() {
        let a = stat(10, 1, 7);
        let on_disk = HashSet::from(["a.txt"]);
        let mut p = Planner::new(known(&[("a.txt", a)]), &on_disk, false, |_| true);
        assert_eq!(p.look(&entry("a.txt", a)), Look::Unchanged);

        let mut p = Planner::new(known(&[("a.txt", a)]), &on_disk, false, |_| true);
        let touched = stat(10, 2, 7);
        let Look::Read(prev) = p.look(&entry("a.txt", touched)) else {
            panic!("a new mtime must be read")
        };
        assert_eq!(p.decide(prev, touched), Action::Touched(touched));
        assert!(p.removals(|_| false).is_empty());
    }

    #[test]
    fn the_bytes_of_a_gone_file_at_a_new_path_are_a_move() {
        let a = stat(10, 1, 7);
        let on_disk = HashSet::from(["b.txt"]);
        let mut p = Planner::new(known(&[("a.txt", a)]), &on_disk, false, |_| false);
        let Look::Read(prev) = p.look(&entry("b.txt", stat(10, 5, 7))) else {
            panic!()
        };
        assert_eq!(prev, None);
        match p.decide(prev, stat(10, 5, 7)) {
            Action::Moved { from, replaces, .. } => {
                assert_eq!(from.path, "a.txt");
                assert_eq!(replaces, None);
            }
            other => panic!("{other:?}"),
        }
        // The moved document is not removed.
        assert!(p.removals(|_| false).is_empty());
    }

    #[test]
    fn same_hash_of_another_size_or_with_full_is_not_a_move() {
        let a = stat(10, 1, 7);
        let on_disk = HashSet::from(["b.txt"]);
        let mut p = Planner::new(known(&[("a.txt", a)]), &on_disk, false, |_| false);
        let other = stat(11, 5, 7);
        assert!(matches!(p.decide(None, other), Action::Index { .. }));
        assert_eq!(p.removals(|_| false).len(), 1);

        let mut p = Planner::new(known(&[("a.txt", a)]), &on_disk, true, |_| false);
        assert!(matches!(
            p.decide(None, stat(10, 5, 7)),
            Action::Index { .. }
        ));
    }

    #[test]
    fn a_file_still_on_disk_but_not_walked_is_neither_gone_nor_removed() {
        let a = stat(10, 1, 7);
        let on_disk = HashSet::from(["b.txt"]);
        let mut p = Planner::new(known(&[("a.md", a)]), &on_disk, false, |_| true);
        assert!(matches!(p.decide(None, a), Action::Index { .. }));
        assert!(p.removals(|_| true).is_empty());
    }

    #[test]
    fn a_rename_over_an_existing_file_replaces_it() {
        let (a, b) = (stat(10, 1, 7), stat(20, 1, 8));
        let on_disk = HashSet::from(["b.txt"]);
        let mut p = Planner::new(known(&[("a.txt", a), ("b.txt", b)]), &on_disk, false, |r| {
            r == "b.txt"
        });
        let Look::Read(prev) = p.look(&entry("b.txt", stat(10, 3, 7))) else {
            panic!()
        };
        match p.decide(prev, stat(10, 3, 7)) {
            Action::Moved { from, replaces, .. } => {
                assert_eq!(from.path, "a.txt");
                assert_eq!(replaces.map(|k| k.key), Some("b.txt".into()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn displaced_documents_are_those_whose_key_is_on_disk_again() {
        let moves = [("a.txt", "b.txt"), ("c.txt", "d.txt")];
        let on_disk = HashSet::from(["a.txt", "b.txt", "d.txt"]);
        assert_eq!(
            displaced(moves.iter().copied(), &on_disk),
            vec![("a.txt".to_string(), "b.txt".to_string())]
        );
    }
}
