//! Text analysis shared by indexing and querying: width/case normalization
//! ([`normalize`]), jieba word segmentation and the exact-substring bigram
//! view ([`tokenize`]), and query-time segmentation with only the
//! dictionary words a query holds ([`dict`]).
//!
//! Both tokenizers see the *original* text and report byte offsets into it;
//! normalization is one character to one character, so character positions
//! in the normalized text are character positions in the original.

pub mod dict;
pub mod normalize;
pub mod tokenize;

pub use normalize::{normalize, normalize_char};
pub use tokenize::{GramsTokenizer, WordsTokenizer};

use dict::UserDict;
use tokenize::is_wordlike;

/// Name under which the jieba word tokenizer is registered in tantivy.
pub const WORDS_TOKENIZER: &str = "dafu_words";
/// Name under which the bigram tokenizer is registered in tantivy.
pub const GRAMS_TOKENIZER: &str = "dafu_grams";

/// Bumped whenever normalization or tokenization changes, so an index built
/// with other rules is detected instead of silently mixed.
pub const ANALYSIS_VERSION: u32 = 3;

/// One piece of a query term, with its character offset in the term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub offset: usize,
    pub text: String,
}

/// Split a normalized query term into the pieces that must each be present:
/// jieba's default cut with the HMM, computed from only the dictionary words
/// the term contains (see [`dict`]), which cuts exactly as the full
/// dictionary used for indexing does. Punctuation-only pieces are dropped
/// unless nothing else is left.
pub fn term_pieces(term: &str, user: Option<&UserDict>) -> Vec<Piece> {
    let jieba = dict::segmenter_for(term, user);
    let pieces: Vec<Piece> = jieba
        .cut(term, true)
        .into_iter()
        .filter(|t| is_wordlike(t.word))
        .map(|t| Piece {
            offset: t.start,
            text: t.word.to_string(),
        })
        .collect();
    if pieces.is_empty() {
        vec![Piece {
            offset: 0,
            text: term.to_string(),
        }]
    } else {
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_han_terms_and_keep_latin_whole() {
        let p = term_pieces("科技成果转化", None);
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "科技成果转化");
        assert!(p.len() >= 2);
        assert_eq!(
            term_pieces("gms-5", None),
            vec![Piece {
                offset: 0,
                text: "gms-5".into()
            }]
        );
        assert_eq!(term_pieces("、", None).len(), 1);
    }
}
