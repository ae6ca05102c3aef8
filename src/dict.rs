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

/// A jieba that cuts `text` exactly as `Jieba::new()` would, holding only
/// the dictionary words found in `text`.
pub fn segmenter_for(text: &str) -> Jieba {
    let total: u64 = TOTAL.parse().unwrap_or(0);
    let mut jieba = Jieba::empty();
    let mut sum = 0u64;
    for (word, freq) in words_in(text) {
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
