//! The tantivy schema: every field, its name, and the one place where a
//! reply becomes a document and a stored document becomes typed data again.

use anyhow::{Context, Result, anyhow};
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};

use crate::analysis::{GRAMS_TOKENIZER, WORDS_TOKENIZER};
use crate::index::stat_cache::Stat;
use crate::reply::{DateKey, ReplyFields, Sourced};

/// Bumped when fields are added, removed or change meaning.
pub const SCHEMA_VERSION: u32 = 7;

// Field names, for the columns read by name (fast fields).
pub const PATH: &str = "path";
pub const SIZE: &str = "size";
pub const MTIME: &str = "mtime";
pub const INO: &str = "ino";
pub const HASH: &str = "hash";
pub const NUMBER: &str = "number";
pub const DATE: &str = "date";
pub const ISSUER_KEY: &str = "issuer_key";
pub const MEETING_KEY: &str = "meeting_key";
pub const REGION_KEY: &str = "region_key";
pub const KIND_KEY: &str = "kind_key";
pub const OUTCOME_KEY: &str = "outcome_key";
pub const PROVINCE_KEY: &str = "province_key";
pub const PREFECTURE_KEY: &str = "prefecture_key";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Path relative to the corpus root: the document key.
    pub path: Field,
    pub title: Field,
    pub title_grams: Field,
    pub body: Field,
    pub body_grams: Field,
    pub size: Field,
    pub mtime: Field,
    pub ino: Field,
    pub hash: Field,
    /// Reply fields, searchable as literal substrings (bigram view).
    pub issuer: Field,
    pub proposer: Field,
    pub meeting: Field,
    pub region: Field,
    pub kind: Field,
    pub doc_number: Field,
    /// Proposal number.
    pub number: Field,
    /// Reply date, else publish date, as a [`crate::reply::DateKey`].
    pub date: Field,
    /// All extracted fields as JSON, for output.
    pub reply: Field,
    /// Raw values for counting (`dafu stats --by`).
    pub issuer_key: Field,
    pub meeting_key: Field,
    pub region_key: Field,
    pub kind_key: Field,
    /// A, B or C: searched (`outcome:A`) and counted.
    pub outcome_key: Field,
    /// The province and prefecture of the reply's division, counted.
    pub province_key: Field,
    pub prefecture_key: Field,
}

/// The schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Words rank by BM25 only; positions (for exactness and proximity)
    // live in the bigram view, so words need no positions of their own.
    let words = |stored: bool| {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        if stored { opts.set_stored() } else { opts }
    };
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GRAMS_TOKENIZER)
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        path: b.add_text_field(PATH, STRING | STORED | FAST),
        title: b.add_text_field("title", words(true)),
        title_grams: b.add_text_field("title_grams", grams.clone()),
        body: b.add_text_field("body", words(true)),
        body_grams: b.add_text_field("body_grams", grams.clone()),
        size: b.add_u64_field(SIZE, FAST),
        mtime: b.add_u64_field(MTIME, FAST),
        ino: b.add_u64_field(INO, FAST),
        hash: b.add_u64_field(HASH, FAST | INDEXED),
        issuer: b.add_text_field("issuer", grams.clone()),
        proposer: b.add_text_field("proposer", grams.clone()),
        meeting: b.add_text_field("meeting", grams.clone()),
        region: b.add_text_field("region", grams.clone()),
        kind: b.add_text_field("kind", grams.clone()),
        doc_number: b.add_text_field("doc_number", grams.clone()),
        number: b.add_u64_field(NUMBER, FAST | INDEXED),
        date: b.add_u64_field(DATE, FAST | INDEXED),
        reply: b.add_text_field("reply", STORED),
        issuer_key: b.add_text_field(ISSUER_KEY, STRING | FAST),
        meeting_key: b.add_text_field(MEETING_KEY, STRING | FAST),
        region_key: b.add_text_field(REGION_KEY, STRING | FAST),
        kind_key: b.add_text_field(KIND_KEY, STRING | FAST),
        outcome_key: b.add_text_field(OUTCOME_KEY, STRING | FAST),
        province_key: b.add_text_field(PROVINCE_KEY, STRING | FAST),
        prefecture_key: b.add_text_field(PREFECTURE_KEY, STRING | FAST),
    };
    (b.build(), fields)
}

/// Longest title kept, in characters: a longer first line is a paragraph
/// (many crawled texts are one line), and indexing it whole as a title would
/// double the index.
pub const MAX_TITLE_CHARS: usize = 64;

/// The first non-empty line, trimmed and cut to [`MAX_TITLE_CHARS`]: the
/// title of a text that names none.
pub fn first_line_title(text: &str) -> &str {
    let line = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => &line[..cut],
        None => line,
    }
}

/// The document for the file at key `key`, with its stat, text and the
/// reply fields extracted from that text.
pub fn to_document(
    fields: &Fields,
    key: &str,
    stat: Stat,
    text: &str,
    reply: &ReplyFields,
) -> Result<TantivyDocument> {
    let title = reply
        .title
        .as_ref()
        .map_or_else(|| first_line_title(text), |t| t.value.as_str());
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, key);
    doc.add_text(fields.title, title);
    doc.add_text(fields.title_grams, title);
    // The proposal's own title names what the reply is about as well as
    // its title does: `title:` queries and the title bonus see both.
    if let Some(p) = &reply.proposal_title
        && p.value != title
    {
        doc.add_text(fields.title, &p.value);
        doc.add_text(fields.title_grams, &p.value);
    }
    doc.add_text(fields.body, text);
    doc.add_text(fields.body_grams, text);
    doc.add_u64(fields.size, stat.size);
    doc.add_u64(fields.mtime, stat.mtime);
    doc.add_u64(fields.ino, stat.ino);
    doc.add_u64(fields.hash, stat.hash);
    add_reply_fields(&mut doc, fields, reply);
    let json = serde_json::to_string(reply).context("cannot serialize reply fields")?;
    doc.add_text(fields.reply, &json);
    Ok(doc)
}

/// The reply fields as searchable, countable and sortable values. Issuer
/// and meeting hold their canonical forms besides the text as written (see
/// [`crate::fields`]), so that a query matches however either was written.
fn add_reply_fields(doc: &mut TantivyDocument, fields: &Fields, reply: &ReplyFields) {
    let value = |f: &Option<Sourced<String>>| f.as_ref().map(|s| s.value.clone());
    let issuer_key = reply
        .issuer_normalized
        .clone()
        .or_else(|| value(&reply.issuer));
    let region = reply.region.as_ref().map(|r| r.value.as_str());
    let short_issuer = reply
        .issuer
        .as_ref()
        .map(|i| crate::fields::short_agency(&i.value, region));
    let (meeting_label, meeting_parts) =
        match reply.meeting_parts.as_ref().map(|m| m.index_values()) {
            Some([label, parts]) => (Some(label), Some(parts)),
            None => (None, None),
        };
    for (field, text) in [
        (fields.issuer, value(&reply.issuer)),
        (fields.issuer, reply.issuer_normalized.clone()),
        (fields.issuer, short_issuer),
        (fields.meeting, meeting_label.clone()),
        (fields.meeting, meeting_parts),
        (fields.outcome_key, value(&reply.outcome)),
        (fields.proposer, value(&reply.addressee)),
        (fields.meeting, value(&reply.meeting)),
        (fields.region, value(&reply.region)),
        (fields.kind, value(&reply.kind)),
        (fields.kind, value(&reply.letter)),
        (fields.doc_number, value(&reply.doc_number)),
        (fields.issuer_key, issuer_key),
        (
            fields.meeting_key,
            meeting_label.or_else(|| value(&reply.meeting)),
        ),
        (fields.region_key, value(&reply.region)),
        (fields.kind_key, value(&reply.kind)),
    ] {
        if let Some(text) = text {
            doc.add_text(field, &text);
        }
    }
    for name in &reply.proposers {
        doc.add_text(fields.proposer, name);
    }
    if let Some(d) = &reply.division {
        for name in d.index_values() {
            doc.add_text(fields.region, &name);
        }
        doc.add_text(fields.province_key, &d.province);
        if let Some(p) = &d.prefecture {
            doc.add_text(fields.prefecture_key, p);
        }
    }
    if let Some(n) = &reply.number {
        doc.add_u64(fields.number, n.value);
    }
    if let Some(key) = reply
        .date
        .as_ref()
        .or(reply.published.as_ref())
        .and_then(|d| DateKey::from_iso(&d.value))
    {
        doc.add_u64(fields.date, key.raw());
    }
}

/// A stored document read back: key, title, text and reply fields.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// The path the document was indexed under (see [`crate::index::moves`]).
    pub key: String,
    pub title: String,
    pub body: String,
    pub reply: ReplyFields,
}

/// The stored fields of `doc`, typed.
pub fn from_document(fields: &Fields, doc: &TantivyDocument) -> Result<StoredDoc> {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
    };
    let reply = serde_json::from_str(text(fields.reply)).map_err(|e| {
        anyhow!("damaged reply fields in the index ({e}): run `dafu index --rebuild`")
    })?;
    Ok(StoredDoc {
        key: text(fields.path).to_string(),
        title: text(fields.title).to_string(),
        body: text(fields.body).to_string(),
        reply,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_first_line_cut_short() {
        assert_eq!(first_line_title("\n  标题 \n正文"), "标题");
        let long = "长".repeat(500);
        assert_eq!(first_line_title(&long).chars().count(), MAX_TITLE_CHARS);
        assert_eq!(first_line_title(""), "");
    }

    #[test]
    fn a_document_reads_back_as_it_was_written() {
        let (_, fields) = schema();
        let text = "省科技厅关于省政协十二届五次会议第1085号提案的答复\n正文\n";
        let reply = crate::reply::extract(text);
        let stat = Stat {
            size: 1,
            mtime: 2,
            ino: 3,
            hash: 4,
        };
        let doc = to_document(&fields, "a/b.txt", stat, text, &reply).unwrap();
        let back = from_document(&fields, &doc).unwrap();
        assert_eq!(back.key, "a/b.txt");
        assert_eq!(back.body, text);
        assert_eq!(back.reply, reply);
        assert!(back.title.contains("第1085号提案"));
    }
}
