//! The two tantivy tokenizers: jieba words (for ranking) and positioned
//! character bigrams (for exact substrings). Both see the *original* text
//! and report byte offsets into it.

use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::dict::UserDict;
use super::normalize::{normalize_char, normalize_with_offsets};

/// A token is worth indexing in the words view if it carries a letter or a
/// digit; punctuation and whitespace only add noise to BM25.
pub(crate) fn is_wordlike(word: &str) -> bool {
    word.chars().any(char::is_alphanumeric)
}

/// Jieba search-mode words, for BM25 ranking. The position of a token is
/// the character index where it starts (overlapping search-mode sub-words
/// coexist). The dictionary is loaded on the first text tokenized, not when
/// the tokenizer is registered, so opening an index to search stays cheap.
#[derive(Clone, Default)]
pub struct WordsTokenizer {
    jieba: Arc<OnceLock<Jieba>>,
    user: Option<Arc<UserDict>>,
}

impl WordsTokenizer {
    /// Words cut with jieba's dictionary plus the index's user dictionary.
    pub fn new(user: Option<Arc<UserDict>>) -> Self {
        WordsTokenizer {
            jieba: Arc::default(),
            user,
        }
    }

    fn jieba(&self) -> &Jieba {
        self.jieba
            .get_or_init(|| self.user.as_ref().map_or_else(Jieba::new, |u| u.jieba()))
    }
}

/// The search-mode words that are whole words or start or end one: a
/// sub-word from the middle of a word (民政 in 人民政府) is left out, so
/// that a query word ranks the replies where it stands as a word (民政局)
/// above those where it is only a run of characters. Search mode lists a
/// word's sub-words just before the word, and words do not overlap.
fn aligned<'t, 'a>(tokens: &'t [jieba_rs::Token<'a>]) -> Vec<&'t jieba_rs::Token<'a>> {
    let mut out = Vec::with_capacity(tokens.len());
    // From the end: a token outside the current word is the next word back.
    let mut word: Option<(usize, usize)> = None;
    for t in tokens.iter().rev() {
        match word {
            Some((s, e)) if t.start >= s && t.end <= e && (t.start, t.end) != (s, e) => {
                if t.start == s || t.end == e {
                    out.push(t);
                }
            }
            _ => {
                word = Some((t.start, t.end));
                out.push(t);
            }
        }
    }
    out.reverse();
    out
}

/// A word found by jieba: its byte range in the normalized text, its byte
/// range in the original, and its character position.
struct WordSpan {
    norm: (usize, usize),
    orig: (usize, usize),
    position: usize,
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = WordsTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsTokenStream {
        let norm = normalize_with_offsets(text);
        let tokens = self.jieba().cut_for_search(&norm.text, true);
        let spans = aligned(&tokens)
            .into_iter()
            .filter(|t| is_wordlike(t.word))
            .map(|t| WordSpan {
                norm: (t.byte_start, t.byte_end),
                orig: (norm.orig_offsets[t.start], norm.orig_offsets[t.end]),
                position: t.start,
            })
            .collect();
        WordsTokenStream {
            norm: norm.text,
            spans,
            next: 0,
            token: Token::default(),
        }
    }
}

/// Yields the words one at a time, reusing one token buffer.
pub struct WordsTokenStream {
    norm: String,
    spans: Vec<WordSpan>,
    next: usize,
    token: Token,
}

impl TokenStream for WordsTokenStream {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.norm[span.norm.0..span.norm.1]);
        self.token.offset_from = span.orig.0;
        self.token.offset_to = span.orig.1;
        self.token.position = span.position;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Overlapping character bigrams at every character position, plus the
/// last character alone: any literal string of two or more characters is a
/// phrase of bigrams, and a single character is the range of terms starting
/// with it. Nothing is dropped, so recall equals a substring scan.
#[derive(Clone, Default)]
pub struct GramsTokenizer;

impl Tokenizer for GramsTokenizer {
    type TokenStream<'a> = GramsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramsTokenStream<'a> {
        let mut chars = text.char_indices();
        let first = chars.next();
        GramsTokenStream {
            text,
            chars,
            current: first,
            position: 0,
            token: Token::default(),
        }
    }
}

/// Yields bigrams lazily, reusing one token buffer: indexing makes one per
/// character, so no allocation per token.
pub struct GramsTokenStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    /// The character the next gram starts with.
    current: Option<(usize, char)>,
    position: usize,
    token: Token,
}

impl TokenStream for GramsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((start, a)) = self.current else {
            return false;
        };
        let next = self.chars.next();
        self.token.text.clear();
        self.token.text.push(normalize_char(a));
        self.token.offset_from = start;
        self.token.offset_to = match next {
            Some((i, b)) => {
                self.token.text.push(normalize_char(b));
                i + b.len_utf8()
            }
            None => self.text.len(),
        };
        self.token.position = self.position;
        self.position += 1;
        self.current = next;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect<T: Tokenizer>(mut tok: T, text: &str) -> Vec<Token> {
        let mut stream = tok.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn grams_cover_every_position_with_original_offsets() {
        let toks = collect(GramsTokenizer, "Ａ科技");
        let texts: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["a科", "科技", "技"]);
        assert_eq!(
            toks.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!((toks[0].offset_from, toks[0].offset_to), (0, 6));
        assert_eq!((toks[2].offset_from, toks[2].offset_to), (6, 9));
        assert!(collect(GramsTokenizer, "").is_empty());
        assert_eq!(collect(GramsTokenizer, "科")[0].text, "科");
    }

    #[test]
    fn sub_words_are_kept_only_at_a_word_boundary() {
        let words = |text: &str| -> Vec<String> {
            collect(WordsTokenizer::new(None), text)
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        let gov = words("人民政府");
        assert!(gov.contains(&"人民政府".to_string()), "{gov:?}");
        assert!(gov.contains(&"人民".to_string()), "{gov:?}");
        assert!(!gov.contains(&"民政".to_string()), "{gov:?}");
        let bureau = words("民政局");
        assert!(bureau.contains(&"民政".to_string()), "{bureau:?}");
    }

    #[test]
    fn words_positions_are_char_starts_and_offsets_are_original_bytes() {
        let text = "ＧＭＳ科技成果转化";
        let toks = collect(WordsTokenizer::new(None), text);
        assert!(toks.iter().any(|t| t.text == "gms" && t.position == 0));
        let t = toks.iter().find(|t| t.text == "转化").unwrap();
        assert_eq!(t.position, 7);
        assert_eq!(&text[t.offset_from..t.offset_to], "转化");
    }
}
