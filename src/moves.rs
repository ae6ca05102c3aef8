//! Files renamed or moved since they were indexed. tantivy cannot re-key a
//! document without indexing it again, so the index keeps each document
//! under the path it was indexed at (its *key*), and this table records
//! where the file is now. It travels in the payload of every tantivy
//! commit, so it is always exactly as current as the documents it
//! describes, and a killed run loses both or neither.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// Keys to current paths, for the documents whose file moved since it was
/// indexed. Every other document is at its key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    /// Key to current path.
    paths: BTreeMap<String, String>,
    /// Current path to key.
    keys: HashMap<String, String>,
}

/// The commit payload, tagged so that a payload written by anything else is
/// recognised as not ours.
#[derive(Serialize, Deserialize)]
struct Payload {
    dafu_moves: u32,
    /// `[key, path]` pairs, sorted by key.
    moves: Vec<(String, String)>,
}

const PAYLOAD_VERSION: u32 = 1;

impl Moves {
    /// Read the table from a commit payload (none: nothing moved).
    pub fn from_payload(payload: Option<&str>) -> Result<Moves> {
        let Some(text) = payload else {
            return Ok(Moves::default());
        };
        let parsed: Payload = match serde_json::from_str(text) {
            Ok(p) => p,
            Err(e) => bail!("unreadable moved-file table in the index ({e})"),
        };
        if parsed.dafu_moves != PAYLOAD_VERSION {
            bail!(
                "moved-file table version {} in the index; this dafu reads {PAYLOAD_VERSION}",
                parsed.dafu_moves
            );
        }
        let mut moves = Moves::default();
        for (key, path) in parsed.moves {
            moves.set(&key, &path);
        }
        Ok(moves)
    }

    /// The table as a commit payload.
    pub fn to_payload(&self) -> String {
        let payload = Payload {
            dafu_moves: PAYLOAD_VERSION,
            moves: self
                .paths
                .iter()
                .map(|(k, p)| (k.clone(), p.clone()))
                .collect(),
        };
        serde_json::to_string(&payload).unwrap_or_default()
    }

    /// True when no document has moved.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
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

    /// `(key, path)` of every document no longer at its key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.paths.iter().map(|(k, p)| (k.as_str(), p.as_str()))
    }

    /// How many documents moved.
    pub fn len(&self) -> usize {
        self.paths.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_translate_both_ways_and_round_trip() {
        let mut m = Moves::default();
        m.set("a.txt", "b/a.txt");
        m.set("c.txt", "c.txt");
        assert_eq!(m.len(), 1, "a file at its key is not a move");
        assert_eq!(m.path("a.txt"), "b/a.txt");
        assert_eq!(m.path("x.txt"), "x.txt");
        assert_eq!(m.key("b/a.txt"), Some("a.txt"));
        assert_eq!(m.key("a.txt"), None, "moved away");
        assert_eq!(m.key("c.txt"), Some("c.txt"));
        assert_eq!(m.iter().collect::<Vec<_>>(), [("a.txt", "b/a.txt")]);
        let back = Moves::from_payload(Some(&m.to_payload())).unwrap();
        assert_eq!(back, m);
        // Moving on, then back home.
        m.set("a.txt", "d/a.txt");
        assert_eq!(m.key("b/a.txt"), Some("b/a.txt"));
        assert_eq!(m.key("d/a.txt"), Some("a.txt"));
        m.set("a.txt", "a.txt");
        assert!(m.is_empty());
        assert_eq!(m.key("a.txt"), Some("a.txt"));
        assert_eq!(m.key("d/a.txt"), Some("d/a.txt"));
    }

    #[test]
    fn payloads_that_are_not_ours_are_errors_and_none_is_empty() {
        assert!(Moves::from_payload(None).unwrap().is_empty());
        assert!(Moves::from_payload(Some("first commit")).is_err());
        assert!(Moves::from_payload(Some(r#"{"dafu_moves":99,"moves":[]}"#)).is_err());
        let tricky = "a\tb\n\"c\u{0}";
        let mut m = Moves::default();
        m.set(tricky, "d");
        assert_eq!(Moves::from_payload(Some(&m.to_payload())).unwrap(), m);
    }
}
