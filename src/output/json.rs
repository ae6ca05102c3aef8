//! The printer for programs: one JSON object per line, each with `"v"`
//! (see `docs/schema/`). Objects are typed structs; their fields are
//! declared in the order they have always been printed in.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::{BatchId, JSON_VERSION, Rendered};
use crate::reply::ReplyFields;
use crate::search::Hit;
use crate::search::related::TermScore;
use crate::search::tiers::MatchKind;

fn line(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    writeln!(w)
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
    message: &str,
) -> io::Result<()> {
    let obj = JsonError {
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
