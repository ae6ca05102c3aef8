//! The printer for programs: one JSON object per line, each with `"v"`
//! (see `docs/schema/`). Objects are typed structs; their fields are
//! declared in the order they have always been printed in.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{BatchId, JSON_VERSION, Rendered, ShownCopies};
use crate::reply::ReplyFields;
use crate::search::Hit;
use crate::search::related::TermScore;
use crate::search::tiers::MatchKind;

/// Write `value` as one line of JSON. DEL and the C1 controls, which JSON
/// allows raw but a terminal reading them obeys, are written as `\u` escapes.
pub fn line(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, EscapeControls);
    value.serialize(&mut ser).map_err(io::Error::from)?;
    writeln!(w)
}

/// serde_json's compact format, with DEL and C1 escaped too.
struct EscapeControls;

impl serde_json::ser::Formatter for EscapeControls {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            if matches!(c, '\u{7F}'..='\u{9F}') {
                w.write_all(&fragment.as_bytes()[from..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                from = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[from..])
    }
}

#[derive(Serialize)]
struct JsonSnippet<'a> {
    line: usize,
    text: &'a str,
    highlights: &'a [(usize, usize)],
}

#[derive(Serialize)]
struct JsonHit<'a> {
    v: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a BatchId>,
    rank: usize,
    path: &'a str,
    relpath: &'a str,
    title: &'a str,
    score: f32,
    snippets: Vec<JsonSnippet<'a>>,
    fields: &'a ReplyFields,
    /// How a search hit matched: exact, words or partial.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<MatchKind>,
    /// The query items a looser hit lacks literally.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<&'a [String]>,
}

/// One hit.
pub fn hit(w: &mut impl Write, r: &Rendered) -> io::Result<()> {
    let snippets = r
        .snippets
        .iter()
        .map(|s| JsonSnippet {
            line: s.line,
            text: &s.text,
            highlights: &s.highlights,
        })
        .collect();
    let hit = JsonHit {
        v: JSON_VERSION,
        id: r.id.as_ref(),
        rank: r.hit.rank,
        path: &r.path,
        relpath: &r.hit.relpath,
        title: &r.hit.title,
        score: r.hit.score,
        snippets,
        fields: &r.hit.reply,
        matched: r.hit.matched.as_ref().map(|m| m.kind),
        missing: r.hit.matched.as_ref().map(|m| m.missing.as_slice()),
    };
    line(w, &hit)
}

// Keys in alphabetical order, as they were printed when these objects
// were built as untyped JSON maps.
#[derive(Serialize)]
struct JsonCount<'a> {
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a BatchId>,
    v: u32,
}

/// A count, tagged with the query id in a batch.
pub fn count(w: &mut impl Write, id: Option<&BatchId>, n: usize) -> io::Result<()> {
    line(
        w,
        &JsonCount {
            count: n,
            id,
            v: JSON_VERSION,
        },
    )
}

#[derive(Serialize)]
struct JsonError<'a> {
    /// 1-based character of the query where a bad query goes wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a BatchId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    v: u32,
}

/// An error, with the batch line number or query id when there is one.
pub fn error(
    w: &mut impl Write,
    id: Option<&BatchId>,
    line_no: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> io::Result<()> {
    let obj = JsonError {
        column,
        error: message,
        id,
        line: line_no,
        v: JSON_VERSION,
    };
    line(w, &obj)
}

#[derive(Serialize)]
struct JsonTerm<'a> {
    corpus_docs: u64,
    docs: usize,
    of: usize,
    score: f64,
    v: u32,
    word: &'a str,
}

/// Distinctive words of a set of `set` replies.
pub fn terms(w: &mut impl Write, set: usize, words: &[TermScore]) -> io::Result<()> {
    for t in words {
        let row = JsonTerm {
            corpus_docs: t.corpus_docs,
            docs: t.docs,
            of: set,
            score: t.score,
            v: JSON_VERSION,
            word: &t.word,
        };
        line(w, &row)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonCopies<'a> {
    v: u32,
    /// As `search` prints them (from the current folder).
    paths: &'a [String],
    /// Relative to the indexed folder, as `search --json` gives `relpath`.
    relpaths: &'a [String],
    similarity: f32,
}

/// Clusters of copies, one object per cluster.
pub fn dups(w: &mut impl Write, list: &[ShownCopies]) -> io::Result<()> {
    for c in list {
        let obj = JsonCopies {
            v: JSON_VERSION,
            paths: &c.paths,
            relpaths: &c.copies.relpaths,
            similarity: c.copies.similarity,
        };
        line(w, &obj)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonShow<'a> {
    fields: &'a ReplyFields,
    path: &'a str,
    relpath: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    title: &'a str,
    v: u32,
}

/// A document with its fields and (unless `fields_only`) its text.
pub fn show(w: &mut impl Write, path: &str, doc: &Hit, fields_only: bool) -> io::Result<()> {
    let obj = JsonShow {
        fields: &doc.reply,
        path,
        relpath: &doc.relpath,
        text: (!fields_only).then_some(doc.body.as_str()),
        title: &doc.title,
        v: JSON_VERSION,
    };
    line(w, &obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_are_escaped_and_the_text_reads_back() {
        let mut out = Vec::new();
        line(&mut out, &"a\u{9B}31mb\u{7F}科").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\"a\\u009b31mb\\u007f科\"\n");
        let back: String = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(back, "a\u{9B}31mb\u{7F}科");
    }
}
