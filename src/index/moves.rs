//! Files renamed or moved since they were indexed. tantivy cannot re-key a
//! document without indexing it again, so the index keeps each document
//! under the path it was indexed at (its *key*), and a table records where
//! the file is now.
//!
//! The table is a file beside the index, named in the payload of the
//! tantivy commit it belongs to, so documents and table always match and a
//! killed run keeps both or neither. A search does not parse it: it reads
//! the file and binary-searches it ([`MovesTable`]), so a table of tens of
//! thousands of moves costs a query a file read, not a parse. `dafu index`
//! edits it as a map ([`Moves`]).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// Keys to current paths, for the documents whose file moved since it was
/// indexed; every other document is at its key. The editable form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    /// Key to current path.
    paths: BTreeMap<String, String>,
    /// Current path to key.
    keys: HashMap<String, String>,
}

impl Moves {
    /// True when no document has moved.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// How many documents moved.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Where the document indexed under `key` is now.
    pub fn path<'a>(&'a self, key: &'a str) -> &'a str {
        self.paths.get(key).map_or(key, String::as_str)
    }

    /// The key of the document now at `path`: `None` when the document
    /// indexed there has moved away (and none moved in).
    pub fn key<'a>(&'a self, path: &'a str) -> Option<&'a str> {
        if let Some(key) = self.keys.get(path) {
            return Some(key);
        }
        (!self.paths.contains_key(path)).then_some(path)
    }

    /// Record that the document indexed under `key` is now at `path`.
    pub fn set(&mut self, key: &str, path: &str) {
        self.remove(key);
        if path != key {
            self.keys.insert(path.to_string(), key.to_string());
            self.paths.insert(key.to_string(), path.to_string());
        }
    }

    /// Forget the document indexed under `key` (re-indexed or deleted).
    pub fn remove(&mut self, key: &str) {
        if let Some(old) = self.paths.remove(key) {
            self.keys.remove(&old);
        }
    }

    /// `(key, path)` of every document no longer at its key, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.paths.iter().map(|(k, p)| (k.as_str(), p.as_str()))
    }

    /// The table in its file format (see [`MovesTable`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.paths.len();
        let mut records = Vec::new();
        let mut offsets = Vec::with_capacity(n);
        for (key, path) in &self.paths {
            offsets.push(records.len() as u64);
            for s in [key, path] {
                records.extend_from_slice(&(s.len() as u32).to_le_bytes());
                records.extend_from_slice(s.as_bytes());
            }
        }
        let mut by_path: Vec<(&str, u32)> = self
            .paths
            .values()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i as u32))
            .collect();
        by_path.sort_unstable();
        let mut out = Vec::with_capacity(16 + n * 12 + records.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(n as u64).to_le_bytes());
        for o in offsets {
            out.extend_from_slice(&o.to_le_bytes());
        }
        for (_, i) in by_path {
            out.extend_from_slice(&i.to_le_bytes());
        }
        out.extend_from_slice(&records);
        out
    }
}

const MAGIC: &[u8; 8] = b"DAFUMV01";

/// The table as a search reads it: the file's bytes, searched in place.
///
/// Layout (little-endian): `DAFUMV01`, the count `n` (u64), `n` u64
/// offsets of the records in key order, `n` u32 record numbers in path
/// order, then the records, each `len key len path` with u32 lengths.
#[derive(Debug, Default)]
pub struct MovesTable {
    bytes: Vec<u8>,
    n: usize,
}

impl MovesTable {
    /// Check and wrap a table file's bytes.
    pub fn parse(bytes: Vec<u8>) -> Result<MovesTable> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            bail!("not a dafu moves table");
        }
        let n = u64::from_le_bytes(bytes[8..16].try_into()?);
        let n = usize::try_from(n)?;
        let table = MovesTable { bytes, n };
        let records = table.records_start();
        if records.is_none_or(|r| r > table.bytes.len()) {
            bail!("truncated moves table");
        }
        // Records are checked as they are read (a bad one reads as no
        // move), not all up front: a search looks up a handful of keys,
        // and checking tens of thousands of records would cost more.
        if table.n > 0 && table.record(table.n - 1).is_none() {
            bail!("damaged moves table");
        }
        Ok(table)
    }

    fn records_start(&self) -> Option<usize> {
        self.n.checked_mul(12)?.checked_add(16)
    }

    fn record(&self, i: usize) -> Option<(&str, &str)> {
        let at = 16 + i * 8;
        let offset = u64::from_le_bytes(self.bytes.get(at..at + 8)?.try_into().ok()?);
        let mut pos = self
            .records_start()?
            .checked_add(usize::try_from(offset).ok()?)?;
        let mut read = || -> Option<&str> {
            let len = u32::from_le_bytes(self.bytes.get(pos..pos + 4)?.try_into().ok()?) as usize;
            let s = std::str::from_utf8(self.bytes.get(pos + 4..pos + 4 + len)?).ok()?;
            pos += 4 + len;
            Some(s)
        };
        let key = read()?;
        let path = read()?;
        Some((key, path))
    }

    /// The record number `i`th in path order.
    fn by_path(&self, i: usize) -> Option<usize> {
        let at = 16 + self.n * 8 + i * 4;
        let r = u32::from_le_bytes(self.bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        (r < self.n).then_some(r)
    }

    fn key_at(&self, i: usize) -> &str {
        self.record(i).map_or("", |r| r.0)
    }

    fn path_at(&self, i: usize) -> &str {
        self.by_path(i)
            .and_then(|r| self.record(r))
            .map_or("", |r| r.1)
    }

    /// True when no document has moved.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Where the document indexed under `key` is now.
    pub fn path<'a>(&'a self, key: &'a str) -> &'a str {
        let i = partition(self.n, |i| self.key_at(i) < key);
        match self.record(i) {
            Some((k, p)) if k == key => p,
            _ => key,
        }
    }

    /// The key of the document now at `path`: `None` when the document
    /// indexed there has moved away (and none moved in).
    pub fn key<'a>(&'a self, path: &'a str) -> Option<&'a str> {
        let i = partition(self.n, |i| self.path_at(i) < path);
        if let Some((k, p)) = self.by_path(i).and_then(|r| self.record(r))
            && p == path
        {
            return Some(k);
        }
        let i = partition(self.n, |i| self.key_at(i) < path);
        match self.record(i) {
            Some((k, _)) if k == path => None,
            _ => Some(path),
        }
    }

    /// Keys of the moved documents whose key starts with `prefix`.
    pub fn keys_from(&self, prefix: &str) -> impl Iterator<Item = &str> {
        let range = self.prefix_range(prefix, |i| self.key_at(i));
        range.filter_map(|i| self.record(i).map(|r| r.0))
    }

    /// Keys of the moved documents whose current path starts with `prefix`.
    pub fn keys_into(&self, prefix: &str) -> impl Iterator<Item = &str> {
        let range = self.prefix_range(prefix, |i| self.path_at(i));
        range.filter_map(|i| self.by_path(i).and_then(|r| self.record(r)).map(|r| r.0))
    }

    fn prefix_range<'a>(&'a self, prefix: &str, at: impl Fn(usize) -> &'a str) -> Range<usize> {
        let start = partition(self.n, |i| at(i) < prefix);
        let end = start + partition(self.n - start, |j| at(start + j).starts_with(prefix));
        start..end
    }

    /// The editable form, for `dafu index`.
    pub fn to_moves(&self) -> Moves {
        let mut moves = Moves::default();
        for (key, path) in (0..self.n).filter_map(|i| self.record(i)) {
            moves.set(key, path);
        }
        moves
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (`before` holds
/// for a prefix of the range).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// What a commit's payload says about the table: the file holding it.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payload {
    pub dafu_moves: u32,
    /// File name in the index folder; none when nothing has moved.
    pub file: Option<String>,
}

/// Version of [`Payload`] and of the table format.
pub const VERSION: u32 = 2;

impl Payload {
    /// Read a commit payload (none: a commit from before any move).
    pub fn parse(payload: Option<&str>) -> Result<Payload> {
        let Some(text) = payload else {
            return Ok(Payload {
                dafu_moves: VERSION,
                file: None,
            });
        };
        let parsed: Payload = match serde_json::from_str(text) {
            Ok(p) => p,
            Err(e) => bail!("unreadable commit payload ({e})"),
        };
        if parsed.dafu_moves != VERSION {
            bail!(
                "moves table version {} in the index; this dafu reads {VERSION}",
                parsed.dafu_moves
            );
        }
        Ok(parsed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Moves {
        let mut m = Moves::default();
        m.set("a.txt", "b/a.txt");
        m.set("c.txt", "c.txt");
        m.set("x/1.txt", "a.txt");
        m.set("x/2.txt", "z/2.txt");
        m
    }

    #[test]
    fn moves_translate_both_ways() {
        let mut m = sample();
        assert_eq!(m.len(), 3, "a file at its key is not a move");
        assert_eq!(m.path("a.txt"), "b/a.txt");
        assert_eq!(m.path("q.txt"), "q.txt");
        assert_eq!(m.key("b/a.txt"), Some("a.txt"));
        assert_eq!(m.key("a.txt"), Some("x/1.txt"), "moved in");
        assert_eq!(m.key("x/1.txt"), None, "moved away");
        assert_eq!(m.key("c.txt"), Some("c.txt"));
        m.set("a.txt", "d/a.txt");
        assert_eq!(m.key("b/a.txt"), Some("b/a.txt"));
        m.set("a.txt", "a.txt");
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn the_file_table_answers_like_the_map() {
        let m = sample();
        let t = MovesTable::parse(m.to_bytes()).unwrap();
        for probe in [
            "a.txt", "b/a.txt", "c.txt", "x/1.txt", "x/2.txt", "z/2.txt", "", "zz",
        ] {
            assert_eq!(t.path(probe), m.path(probe), "path of {probe}");
            assert_eq!(t.key(probe), m.key(probe), "key of {probe}");
        }
        assert_eq!(
            t.keys_from("x/").collect::<Vec<_>>(),
            ["x/1.txt", "x/2.txt"]
        );
        assert_eq!(t.keys_into("z/").collect::<Vec<_>>(), ["x/2.txt"]);
        assert_eq!(t.keys_into("b/").collect::<Vec<_>>(), ["a.txt"]);
        assert_eq!(t.keys_into("q/").count(), 0);
        assert_eq!(t.to_moves(), m);
        let empty = MovesTable::parse(Moves::default().to_bytes()).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.key("a"), Some("a"));
    }

    #[test]
    fn damaged_tables_and_foreign_payloads_are_errors() {
        let bytes = sample().to_bytes();
        for cut in [0, 8, 15, 20, bytes.len() - 1] {
            assert!(MovesTable::parse(bytes[..cut].to_vec()).is_err(), "{cut}");
        }
        let mut bad = bytes.clone();
        bad[16 + 8 * 2] = 0xff; // the last record's offset points past the end
        assert!(MovesTable::parse(bad).is_err());
        let mut bad = bytes.clone();
        bad[16] = 0xff; // the first one: it reads as no move, without panicking
        let t = MovesTable::parse(bad).unwrap();
        assert_eq!(t.path("a.txt"), "a.txt");
        assert_eq!(t.key("zz"), Some("zz"));
        let _ = t.keys_into("").count() + t.keys_from("").count();
        assert!(Payload::parse(Some("first commit")).is_err());
        assert!(Payload::parse(Some(r#"{"dafu_moves":99,"file":null}"#)).is_err());
        assert_eq!(Payload::parse(None).unwrap().file, None);
        let tricky = "a\tb\n\"c\u{0}";
        let mut m = Moves::default();
        m.set(tricky, "d");
        let t = MovesTable::parse(m.to_bytes()).unwrap();
        assert_eq!(t.path(tricky), "d");
    }
}
