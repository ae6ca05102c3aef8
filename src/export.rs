//! Export every indexed reply with its fields and a pre-segmented text
//! (jieba words joined by spaces), so an engine with a whitespace analyzer
//! (Elasticsearch, OpenSearch, Quickwit) gets dafu's segmentation.

use std::io::Write;

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};
use tantivy::schema::Value as _;
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, TantivyDocument};

use crate::output::JSON_VERSION;
use crate::search::IndexSearcher;

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

/// The flat document exported for one reply.
pub fn export_doc(
    relpath: &str,
    title: &str,
    body: &str,
    reply: &Value,
    segmented: String,
) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("path".into(), relpath.into());
    doc.insert("title".into(), title.into());
    // Sourced fields flatten to their value; the title is taken above and
    // the contact splits in three below.
    for &name in crate::reply::FIELD_NAMES {
        let v = match name {
            "title" | "contact" => continue,
            "issuer_normalized" | "proposers" => &reply[name],
            _ => &reply[name]["value"],
        };
        if !v.is_null() && v != &json!([]) {
            doc.insert(name.into(), v.clone());
        }
    }
    for part in ["dept", "name", "phone"] {
        let v = &reply["contact"]["value"][part];
        if !v.is_null() {
            doc.insert(format!("contact_{part}"), v.clone());
        }
    }
    doc.insert("text".into(), body.into());
    doc.insert("text_seg".into(), segmented.into());
    doc
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

/// Write every document of the index in `format` to `w`; returns how many.
pub fn export(
    searcher: &IndexSearcher,
    format: Format,
    index_name: &str,
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
    for (segment_ord, segment) in tantivy_searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let addr = DocAddress::new(segment_ord as u32, doc_id);
            let doc: TantivyDocument = tantivy_searcher.doc(addr)?;
            let text = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
            };
            let relpath = searcher.path_of(text(fields.path));
            if !searcher.in_scope(relpath) {
                continue;
            }
            let body = text(fields.body);
            let reply: Value = serde_json::from_str(text(fields.reply)).unwrap_or(Value::Null);
            let mut words = Vec::new();
            let mut stream = analyzer.token_stream(body);
            while stream.advance() {
                words.push(stream.token().text.clone());
            }
            let mut doc = export_doc(relpath, text(fields.title), body, &reply, words.join(" "));
            match format {
                Format::Jsonl => {
                    doc.insert("v".into(), JSON_VERSION.into());
                    writeln!(w, "{}", Value::Object(doc))?;
                }
                Format::EsBulk => {
                    let action = json!({"index": {"_index": index_name, "_id": bulk_id(relpath)}});
                    writeln!(w, "{action}")?;
                    writeln!(w, "{}", Value::Object(doc))?;
                }
                Format::Quickwit => writeln!(w, "{}", Value::Object(doc))?,
            }
            n += 1;
        }
    }
    w.flush()?;
    Ok(n)
}
