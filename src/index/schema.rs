//! The tantivy schema: every field, its name, and the one place where a
//! reply becomes a document and a stored document becomes typed data again.

use anyhow::{Context, Result};
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};

use crate::analysis::{GRAMS_TOKENIZER, WORDS_TOKENIZER};
use crate::index::damage::Damaged;
use crate::index::stat_cache::Stat;
use crate::reply::{DateKey, ReplyFields, Sourced};

/// Bumped when fields are added, removed or change meaning.
pub const SCHEMA_VERSION: u32 = 8;

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
pub const DUPS: &str = "dups";

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
    /// The near-duplicate signature of the body (see [`crate::reply::signature`]).
    pub dups: Field,
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
        dups: b.add_bytes_field(DUPS, FAST),
    };
    (b.build(), fields)
}

/// Longest title kept, in characters: a longer first line is a paragraph
/// (many crawled texts are one line), and indexing it whole as a title would
/// double the index.
pub const MAX_TITLE_CHARS: usize = 64;

/// The title of a text that names none: its first line that is neither
/// page furniture, an addressee (`张晓花代表:`) nor a label (`类别:C`), when
/// that line reads as a heading (no sentence punctuation); else the
/// proposal's own title; else that line's first sentence; all cut to
/// [`MAX_TITLE_CHARS`]. Else the first non-empty line.
pub fn fallback_title<'t>(text: &'t str, reply: &'t ReplyFields) -> &'t str {
    let addressee_line = reply.addressee.as_ref().map(|a| a.line);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i + 1,
                l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'),
            )
        })
        .filter(|(_, l)| !l.is_empty());
    let first = lines.clone().next().map(|(_, l)| l);
    let usable = lines.find(|&(n, line)| {
        let label = line.ends_with([':', '：'])
            || (line.chars().count() <= 12 && line.contains([':', '：']));
        Some(n) != addressee_line && !label && !crate::reply::is_page_chrome(line)
    });
    let heading = |l: &str| l.chars().count() <= MAX_TITLE_CHARS && !l.contains(['。', '，', ',']);
    match (usable, &reply.proposal_title) {
        (Some((_, line)), _) if heading(line) => cut(line),
        (_, Some(p)) => cut(&p.value),
        (Some((_, line)), None) => {
            let sentence = line
                .split_inclusive(['。', '！', '？'])
                .next()
                .unwrap_or(line);
            cut(sentence.trim_end_matches(['。', '！', '？']))
        }
        (None, None) => first.map_or("", cut),
    }
}

/// `s` cut to [`MAX_TITLE_CHARS`] characters.
fn cut(s: &str) -> &str {
    match s.char_indices().nth(MAX_TITLE_CHARS) {
        Some((at, _)) => &s[..at],
        None => s,
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
        .map_or_else(|| fallback_title(text, reply), |t| t.value.as_str());
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
    if let Some(sig) = crate::reply::signature::signature(text) {
        doc.add_bytes(fields.dups, &sig.to_bytes());
    }
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
    let reply = serde_json::from_str(text(fields.reply))
        .map_err(|e| Damaged::new(None, format!("stored reply fields cannot be read ({e})")))?;
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
    fn a_fallback_title_is_a_sentence_never_an_addressee_or_a_label() {
        let title = |text: &str| fallback_title(text, &crate::reply::extract(text)).to_string();
        assert_eq!(title("\n  标题 \n正文"), "标题");
        let long = "长".repeat(500);
        assert_eq!(title(&long).chars().count(), MAX_TITLE_CHARS);
        assert_eq!(title(""), "");
        assert_eq!(
            title("类别:C\n张晓花代表:\n关于路灯的问题已经解决。下一步继续。\n"),
            "关于路灯的问题已经解决"
        );
        assert_eq!(
            title("张三委员：\n您提出的《关于增设路灯的建议》收悉。\n"),
            "关于增设路灯的建议"
        );
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
