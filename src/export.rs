//! Export every indexed reply with its fields and a pre-segmented text
//! (jieba words joined by spaces), so an engine with a whitespace analyzer
//! (Elasticsearch, OpenSearch, Quickwit) gets dafu's segmentation.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::tokenizer::TokenStream;

use crate::index::schema::from_document;
use crate::output::{JSON_VERSION, json};
use crate::reply::{Contact, ReplyFields, Sourced};
use crate::search::{CompiledQuery, IndexSearcher};

/// Output formats of `dafu export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document per line, with `"v"`.
    Jsonl,
    /// Elasticsearch/OpenSearch `_bulk`: an action line, then the document.
    EsBulk,
    /// Quickwit NDJSON ingest: one document per line.
    Quickwit,
}

/// The flat document exported for one reply: sourced fields flatten to
/// their value, the contact splits in three. Keys are declared in
/// alphabetical order, the order they have always been written in.
#[derive(Debug, Serialize)]
pub struct ExportDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    addressee: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_dept: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    county: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    division_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer_normalized: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    letter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_session: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_term: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'a str>,
    /// As `search` prints it, from the current folder.
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefecture: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    proposal_title: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    proposers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    /// Relative to the indexed folder: the document's key (and `_id`).
    relpath: &'a str,
    text: &'a str,
    text_seg: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<u32>,
}

fn value(f: &Option<Sourced<String>>) -> Option<&str> {
    f.as_ref().map(|s| s.value.as_str())
}

impl<'a> ExportDoc<'a> {
    pub fn new(
        path: &'a str,
        relpath: &'a str,
        title: &'a str,
        body: &'a str,
        reply: &'a ReplyFields,
        segmented: String,
    ) -> Self {
        // Every field named, so that a new one cannot be forgotten here.
        let ReplyFields {
            addressee,
            contact,
            date,
            division,
            doc_number,
            issuer,
            issuer_normalized,
            kind,
            letter,
            meeting,
            meeting_parts,
            number,
            outcome,
            proposal_title,
            proposers,
            published,
            region,
            title: _, // the stored title (with its fallback) is used instead
        } = reply;
        let contact: Option<&Contact> = contact.as_ref().map(|c| &c.value);
        let parts = meeting_parts.as_ref();
        let division = division.as_ref();
        ExportDoc {
            addressee: value(addressee),
            contact_dept: contact.and_then(|c| c.dept.as_deref()),
            contact_name: contact.and_then(|c| c.name.as_deref()),
            contact_phone: contact.and_then(|c| c.phone.as_deref()),
            county: division.and_then(|d| d.county.as_deref()),
            date: value(date),
            division_code: division.map(|d| d.code.as_str()),
            doc_number: value(doc_number),
            issuer: value(issuer),
            issuer_normalized: issuer_normalized.as_deref(),
            kind: value(kind),
            letter: value(letter),
            meeting: value(meeting),
            meeting_body: parts.map(|m| m.body.as_str()),
            meeting_label: parts.map(|m| m.label.as_str()),
            meeting_level: parts.and_then(|m| m.level.as_deref()),
            meeting_place: parts.and_then(|m| m.place.as_deref()),
            meeting_session: parts.map(|m| m.session),
            meeting_term: parts.map(|m| m.term),
            number: number.as_ref().map(|n| n.value),
            outcome: value(outcome),
            path,
            prefecture: division.and_then(|d| d.prefecture.as_deref()),
            province: division.map(|d| d.province.as_str()),
            proposal_title: value(proposal_title),
            proposers,
            published: value(published),
            region: value(region),
            relpath,
            text: body,
            text_seg: segmented,
            title,
            v: None,
        }
    }
}

/// Elasticsearch and OpenSearch refuse `_id`s over 512 bytes: a longer
/// path is replaced by a stable hash of it (the path stays in the document).
pub fn bulk_id(relpath: &str) -> String {
    if relpath.len() <= 512 {
        relpath.to_string()
    } else {
        format!(
            "xxh3-{:016x}",
            xxhash_rust::xxh3::xxh3_64(relpath.as_bytes())
        )
    }
}

#[derive(Serialize)]
struct BulkAction<'a> {
    index: BulkTarget<'a>,
}

#[derive(Serialize)]
struct BulkTarget<'a> {
    #[serde(rename = "_id")]
    id: String,
    #[serde(rename = "_index")]
    index: &'a str,
}

/// Write every document matching `q` in `format` to `w`, in path order;
/// returns how many. `show` gives the path printed for a relative path
/// (as `search` prints it).
pub fn export(
    searcher: &IndexSearcher,
    q: &CompiledQuery,
    format: Format,
    index_name: &str,
    show: impl Fn(&str) -> String,
    w: &mut impl Write,
) -> Result<u64> {
    let tantivy_searcher = searcher.searcher();
    let fields = &searcher.idx.fields;
    let mut analyzer = searcher
        .idx
        .index
        .tokenizer_for_field(fields.body)
        .context("no tokenizer for the body field")?;
    let mut n = 0;
    for (relpath, addr) in searcher.addresses_by_path(q)? {
        let doc: TantivyDocument = tantivy_searcher.doc(addr)?;
        let stored = from_document(fields, &doc)?;
        let mut words = Vec::new();
        let mut stream = analyzer.token_stream(&stored.body);
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        let path = show(&relpath);
        let mut doc = ExportDoc::new(
            &path,
            &relpath,
            &stored.title,
            &stored.body,
            &stored.reply,
            words.join(" "),
        );
        if format == Format::EsBulk {
            let action = BulkAction {
                index: BulkTarget {
                    id: bulk_id(&relpath),
                    index: index_name,
                },
            };
            json::line(w, &action)?;
        }
        if format == Format::Jsonl {
            doc.v = Some(JSON_VERSION);
        }
        json::line(w, &doc)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}
