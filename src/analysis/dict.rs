//! Query-time segmentation without loading the whole jieba dictionary.
//!
//! jieba cuts a sentence by building a DAG of the dictionary words that
//! occur in it and picking the route with the highest sum of
//! `ln(freq) − ln(total)`; unknown runs go through a fixed HMM. So a
//! sentence is cut exactly as the full dictionary would cut it by a jieba
//! that holds only (a) the dictionary words occurring in that sentence, with
//! their frequencies, and (b) the same total frequency. `build.rs` compiles
//! jieba-rs's dictionary into an FST embedded in the binary; a query walks it
//! for the words it contains (microseconds) and pads the total with one
//! word that can never occur in a Han block.

use fst::raw::Fst;
use jieba_rs::Jieba;

static DICT_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dict.fst"));

/// Sum of all frequencies in jieba-rs's dictionary, computed by `build.rs`.
const TOTAL: &str = env!("DAFU_JIEBA_TOTAL");
/// The jieba-rs version whose dictionary is embedded.
pub const JIEBA_VERSION: &str = env!("DAFU_JIEBA_VERSION");

/// A word jieba never looks up: NUL is outside every block jieba segments
/// with its dictionary, so this only carries frequency mass.
const PADDING_WORD: &str = "\u{0}\u{0}";

fn dict() -> Fst<&'static [u8]> {
    // The bytes were written by fst's own builder at build time.
    Fst::new(DICT_FST).expect("embedded jieba dictionary is a valid FST") // ok: build artifact
}

/// Every dictionary word occurring in `text`, with its frequency.
pub fn words_in(text: &str) -> Vec<(String, u64)> {
    let fst = dict();
    let mut found = Vec::new();
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &start in &starts {
        let mut node = fst.root();
        let mut out = fst::raw::Output::zero();
        let rest = &text[start..];
        for (i, b) in rest.bytes().enumerate() {
            let Some(t) = node.find_input(b).map(|ti| node.transition(ti)) else {
                break;
            };
            out = out.cat(t.out);
            node = fst.node(t.addr);
            let end = i + 1;
            if node.is_final() && rest.is_char_boundary(end) {
                let freq = out.cat(node.final_output()).value();
                found.push((rest[..end].to_string(), freq));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// A user dictionary, resolved against jieba's own: every word with the
/// frequency jieba ends up giving it (a word listed without a frequency gets
/// `suggest_freq`, which makes it win), and the resulting total frequency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDict {
    /// Normalized words and their final frequencies, in file order.
    pub entries: Vec<(String, u64)>,
    /// Total frequency of the dictionary after adding the entries.
    pub total: u64,
}

impl UserDict {
    /// Parse a jieba-format dictionary (`word [freq] [tag]` per line; `#`
    /// starts a comment) and resolve it. Returns the jieba to index with.
    pub fn resolve(text: &str) -> Result<(UserDict, Jieba), String> {
        let mut jieba = Jieba::new();
        let mut total = default_total();
        let mut finals: std::collections::HashMap<String, u64> = Default::default();
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{FEFF}');
            let mut parts = line.split_whitespace();
            let Some(word) = parts.next().filter(|w| !w.starts_with('#')) else {
                continue;
            };
            let word = super::normalize::normalize(word);
            // `word freq tag`, `word freq`, `word tag` or `word`.
            let mut second = parts.next();
            let freq = match second.map(str::parse::<usize>) {
                Some(Ok(f)) => {
                    second = parts.next();
                    Some(f)
                }
                Some(Err(_))
                    if second.is_some_and(|t| t.chars().all(|c| c.is_ascii_alphabetic())) =>
                {
                    None
                }
                Some(Err(_)) => {
                    return Err(format!(
                        "line {}: `{}` is neither a frequency nor a tag",
                        n + 1,
                        second.unwrap_or_default()
                    ));
                }
                None => None,
            };
            let old = finals
                .get(&word)
                .copied()
                .or_else(|| lookup(&word))
                .unwrap_or(0);
            let new = jieba.add_word(&word, freq, second) as u64;
            total = total + new - old;
            finals.insert(word.clone(), new);
            entries.push((word, new));
        }
        Ok((UserDict { entries, total }, jieba))
    }

    /// The jieba to index with: the full dictionary plus these entries.
    pub fn jieba(&self) -> Jieba {
        let mut jieba = Jieba::new();
        for (word, freq) in &self.entries {
            jieba.add_word(word, Some(*freq as usize), None);
        }
        jieba
    }

    /// Serialized form kept in the index: one `word<TAB>freq` per line,
    /// then `#total<TAB>N`.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for (w, f) in &self.entries {
            out.push_str(&format!("{w}\t{f}\n"));
        }
        out.push_str(&format!("#total\t{}\n", self.total));
        out
    }

    pub fn from_tsv(text: &str) -> Option<UserDict> {
        let mut entries = Vec::new();
        let mut total = None;
        for line in text.lines() {
            let (w, f) = line.split_once('\t')?;
            let f: u64 = f.parse().ok()?;
            if w == "#total" {
                total = Some(f);
            } else {
                entries.push((w.to_string(), f));
            }
        }
        Some(UserDict {
            entries,
            total: total?,
        })
    }

    /// A stable fingerprint, recorded in the manifest.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(self.to_tsv().as_bytes())
        )
    }
}

fn default_total() -> u64 {
    TOTAL.parse().unwrap_or(0)
}

/// Frequency of a word in jieba-rs's own dictionary.
fn lookup(word: &str) -> Option<u64> {
    fst::Map::from(dict()).get(word)
}

/// A jieba that cuts `text` exactly as the indexing jieba (the full
/// dictionary plus `user`) would, holding only the words found in `text`.
pub fn segmenter_for(text: &str, user: Option<&UserDict>) -> Jieba {
    let mut words: std::collections::BTreeMap<String, u64> = words_in(text).into_iter().collect();
    if let Some(user) = user {
        for (w, f) in &user.entries {
            if text.contains(w.as_str()) {
                words.insert(w.clone(), *f);
            }
        }
    }
    let total = user.map_or_else(default_total, |u| u.total);
    let mut jieba = Jieba::empty();
    let mut sum = 0u64;
    for (word, freq) in words {
        sum += freq;
        jieba.add_word(&word, Some(freq as usize), None);
    }
    if total > sum {
        jieba.add_word(PADDING_WORD, Some((total - sum) as usize), None);
    }
    jieba
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dictionary_words_with_frequencies() {
        let words = words_in("科技成果转化");
        let names: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        for w in ["科技", "成果", "转化", "科技成果"] {
            assert!(names.contains(&w), "{w} in {names:?}");
        }
        assert!(words.iter().all(|(_, f)| *f > 0));
        assert!(words_in("").is_empty());
    }
}
