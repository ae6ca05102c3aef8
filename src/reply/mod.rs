//! Field extraction for Chinese government replies to proposals
//! (提案答复 / 建议答复 / 议案答复): text in, fields out.
//!
//! This module is pure: no I/O, no global state. [`extract`] takes the text of
//! one reply and returns [`ReplyFields`]; every field is `None` (or empty) when
//! the text does not state it. A value is only filled when a line of the text
//! says it, and each value carries that line ([`Sourced::line`], 1-based) and
//! its trimmed original text ([`Sourced::source`]) so a user can check it.
//!
//! Matching is done on a normalized copy of each line: BOM and zero-width
//! characters dropped, full-width ASCII and the ideographic space folded to
//! ASCII (`第１０８５号` reads as `第1085号`), table bars `|` and leading
//! bullets turned into spaces. Values are taken from that normalized text;
//! `source` is always the original line. Very long lines (a whole reply
//! pasted as one paragraph) are cut into segments at sentence ends, before a
//! date and before a contact label; segments keep their physical line number.
//!
//! The layout of a reply: page furniture, a title, an opening (addressee, the
//! sentence that says the proposal was received and is answered below), the
//! body, a signature (issuer, date) and a contact line. The opening facts
//! (kind, meeting, number, proposal title, …) are read only from text shaped
//! like a reply: one with a title, an addressee line or an opening sentence;
//! prose that merely quotes such phrases yields none. Titles and document
//! numbers are Chinese text (at most two Latin letters on the line). Where
//! each field comes from, first match wins:
//!
//! * `title`: the first line in the top 60 lines (before the opening sentence)
//!   that names a reply (答复, 回复, 复函, 协办意见, 办理意见) to a 提案/建议/议案
//!   or to a numbered item, and is not a sentence, breadcrumb or addressee. A
//!   title broken over up to three lines is joined. Labels such as `标 题:` are
//!   dropped.
//! * `kind`: 提案/建议/议案 right after the number (`第5号提案`, `第4号代表建议`)
//!   in the title, then in the opening; else the last one outside 《》 in the
//!   title; else right after a quoted title in the opening (`》提案`, `”建议`);
//!   else the meeting (政协 → 提案); else a proposal title ending in 提案/议案;
//!   else `建议收悉` and the like; else the addressee's role (a 代表 files a
//!   建议, a 委员 a 提案), else a 人大 meeting (建议).
//! * `letter`: 答复的函 when the title says 答复的函/答复函/复函 or says 答复 and
//!   ends in 函 (回复 counts as 答复); 答复 when it says 答复/回复; 协办意见 for a
//!   co-handling opinion; else 答复 when the opening says 答复如下/回复如下.
//! * `meeting`: a `…届…次会议` naming 政协 or 人大 (not a standing committee),
//!   in the title or the opening.
//! * `meeting_parts`: the meeting read as body, level, place, term and
//!   session, with a canonical label ([`crate::fields::meeting`]); a place
//!   the text leaves implicit (`市政协…`) is the reply's region.
//! * `number`: `第N号` (Arabic or Chinese numerals), or `N号` right after 会议
//!   or right before 提案/建议/议案, in the title or the opening; never part of
//!   a document number (`〔2023〕第5号`); or `提案编号：N`.
//! * `proposal_title`: `《…》` in the title or opening (a lost `《` is recovered
//!   from the last 关于 before `》`); else `“…”` after 提出的/所提 or starting
//!   with 关于; else `提出的关于…建议` unquoted; else a title of the form
//!   `关于…的建议的答复`.
//! * `addressee` / `proposers`: a short line such as `杨建林委员：`,
//!   `陈燕萍3位委员`, `尊敬的王五代表：`, `王六区人大代表：`, or a party or group
//!   (`民建泸州市委：`); else `X委员在…提出的` / `九三学社提出的` in the
//!   opening. Person names are split out (`张三、李四委员` → 张三, 李四);
//!   organisations stay whole.
//! * `issuer`: the body before 关于/对 in the title (`省科技厅关于…`); else the
//!   signature (the line above, or the start of, the signature date line); else
//!   an organisation alone on a line just above the title; else a label
//!   (承办单位, 发布机构, 来源, …) outside the page footer.
//! * `issuer_normalized`: the canonical agency ([`crate::fields::agency`]):
//!   the innermost area and the standard name, abbreviations spelt out
//!   (教体局 → 教育体育局), the region put in place of a bare level
//!   (`省科技厅` + 贵州省 → 贵州省科学技术厅) or before a name without any place.
//! * `region`: the most specific named area (…省/市/州/县/区/旗/盟, not a
//!   scenic or development zone) at the start of the issuer, else of the
//!   meeting, else of a labelled issuer; else, for an issuer written with a
//!   bare `省`, the province named by the first character of the document
//!   number (黔 → 贵州省); else, for an issuer with a bare level (`区住建局`),
//!   the area of that level named by the site owner (`主办：通化市东昌区人民政府`).
//! * `division`: the region resolved to the national divisions (province,
//!   prefecture, county, GB/T 2260 code; [`crate::fields::region`]), read in
//!   the chain of places it was named in, a name held by several divisions
//!   settled by the other places on the page and the province of the
//!   document number or site registration, else kept at the level that is
//!   certain or left absent.
//! * `date`: the signature date: the last line after the opening that is only
//!   a date (optionally after the issuer); else a `成文日期` label.
//! * `published`: the date after 发布时间/发布日期/发文日期/公开日期/…, or after a
//!   bare `日期` label above the opening.
//! * `doc_number`: `X〔2022〕56号` after a 文号 label, or on a short line without
//!   sentence punctuation (citations inside sentences are ignored).
//! * `contact`: the last block of 联系人/经办人/承办人/联系电话 lines after the
//!   opening: department, name, phone (dashes of any width read as `-`).
//! * `outcome`: the class (A, B or C) the reply states for itself: after a
//!   label (办复类别: B, 类别:A类), marked (`(B类)`, `A类答复`), or above the
//!   opening as a word or line of its own (`…11号A类`, a lone `C`).
//!
//! Dates: see [`parse_date`] for the accepted formats and the rule for mangled
//! digit-only dates such as `202397`.

mod contact;
mod dates;
mod division;
mod doc_number;
mod issuer;
mod labels;
mod layout;
mod meeting;
mod number;
mod org;
mod outcome;
mod people;
mod proposal;
pub mod signature;
mod text;
mod title;

pub use dates::{DateKey, parse_date};
pub use layout::is_page_chrome;

use crate::fields::{Division, MeetingParts, canonical_agency};
use contact::find_contact;
use division::find_division;
use doc_number::find_doc_number;
use issuer::{find_issuer, find_region, find_signature};
use labels::{PUBLISHED_LABELS, label_date};
use layout::Doc;
use meeting::find_meeting_field;
use number::find_number;
use outcome::find_outcome;
use people::{find_addressee, inline_addressee, split_proposers};
use proposal::find_proposal_title;
use serde::{Deserialize, Serialize};
use title::{KindFacts, find_kind, find_letter, find_title};

/// The names of the [`ReplyFields`] fields, in display order: the order
/// [`ReplyFields::view`] yields them in (the JSON has them sorted).
pub const FIELD_NAMES: &[&str] = &[
    "title",
    "kind",
    "letter",
    "meeting",
    "meeting_parts",
    "number",
    "proposal_title",
    "addressee",
    "proposers",
    "issuer",
    "issuer_normalized",
    "region",
    "division",
    "date",
    "published",
    "doc_number",
    "contact",
    "outcome",
];

/// A value together with the line it was read from.
///
/// Fields are declared in alphabetical order so that serializing the struct
/// directly gives the same bytes as going through `serde_json::Value`
/// (whose maps are sorted), which is what the JSON output does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    /// 1-based line number in the text.
    pub line: usize,
    /// That line, trimmed (original characters, not normalized).
    pub source: String,
    pub value: T,
}

/// The fields of one reply. Absent when the text does not say them.
///
/// Fields are declared in alphabetical order, not display order (see
/// [`FIELD_NAMES`]), so that serializing the struct directly gives the same
/// bytes as going through `serde_json::Value` (whose maps are sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyFields {
    /// e.g. "陈燕萍3位委员", "民建泸州市委".
    pub addressee: Option<Sourced<String>>,
    pub contact: Option<Sourced<Contact>>,
    /// ISO yyyy-mm-dd of the signature date.
    pub date: Option<Sourced<String>>,
    /// The region resolved to province › prefecture › county.
    pub division: Option<Division>,
    /// e.g. "黔科提复字〔2022〕56号".
    pub doc_number: Option<Sourced<String>>,
    /// The answering body, as written.
    pub issuer: Option<Sourced<String>>,
    /// The canonical agency: innermost area + standard name
    /// (盐池县教体局 → 盐池县教育体育局), region added when known.
    pub issuer_normalized: Option<String>,
    /// "提案" | "建议" | "议案": what is being answered.
    pub kind: Option<Sourced<String>>,
    /// "答复" | "答复的函" | "协办意见" (回复 counts as 答复).
    pub letter: Option<Sourced<String>>,
    /// e.g. "政协西双版纳州十三届二次会议".
    pub meeting: Option<Sourced<String>>,
    /// The meeting in parts, with its canonical label.
    pub meeting_parts: Option<MeetingParts>,
    pub number: Option<Sourced<u64>>,
    /// "A" | "B" | "C": the class the reply states for itself.
    pub outcome: Option<Sourced<String>>,
    /// The proposal's own title, without 《》.
    pub proposal_title: Option<Sourced<String>>,
    /// Names split out of the addressee; organisations stay whole.
    pub proposers: Vec<String>,
    /// ISO date from a 发布时间 line.
    pub published: Option<Sourced<String>>,
    /// Most specific named area: 西双版纳州, 云南省, 泸州市, …
    pub region: Option<Sourced<String>>,
    pub title: Option<Sourced<String>>,
}

/// A contact line: department, person, phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub dept: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// The value of one field, by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(&'a str),
    Number(u64),
    List(&'a [String]),
    Contact(&'a Contact),
    Meeting(&'a MeetingParts),
    Division(&'a Division),
}

/// One present field, for display and export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldView<'a> {
    /// One of [`FIELD_NAMES`].
    pub name: &'static str,
    pub value: FieldValue<'a>,
    /// (1-based line, source line) where the text states it; `None` for
    /// derived fields (`division`, `issuer_normalized`, `meeting_parts`,
    /// `proposers`).
    pub source: Option<(usize, &'a str)>,
}

impl ReplyFields {
    /// Every present field, in display order (title, kind, letter, meeting,
    /// meeting_parts, number, proposal_title, addressee, proposers, issuer,
    /// issuer_normalized, region, division, date, published, doc_number,
    /// contact, outcome);
    /// absent fields and an empty proposers list are left out.
    pub fn view(&self) -> Vec<FieldView<'_>> {
        // No `..`: a new field does not compile until it is shown here.
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
            title,
        } = self;
        let derived = |name, value| FieldView {
            name,
            value,
            source: None,
        };
        [
            text_view("title", title),
            text_view("kind", kind),
            text_view("letter", letter),
            text_view("meeting", meeting),
            meeting_parts
                .as_ref()
                .map(|m| derived("meeting_parts", FieldValue::Meeting(m))),
            sourced_view("number", number, |&n| FieldValue::Number(n)),
            text_view("proposal_title", proposal_title),
            text_view("addressee", addressee),
            (!proposers.is_empty()).then(|| derived("proposers", FieldValue::List(proposers))),
            text_view("issuer", issuer),
            issuer_normalized
                .as_deref()
                .map(|s| derived("issuer_normalized", FieldValue::Text(s))),
            text_view("region", region),
            division
                .as_ref()
                .map(|d| derived("division", FieldValue::Division(d))),
            text_view("date", date),
            text_view("published", published),
            text_view("doc_number", doc_number),
            sourced_view("contact", contact, FieldValue::Contact),
            text_view("outcome", outcome),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The view of a text field read from a line of the text, if present.
fn text_view<'a>(name: &'static str, field: &'a Option<Sourced<String>>) -> Option<FieldView<'a>> {
    sourced_view(name, field, |v| FieldValue::Text(v))
}

/// The view of a field read from a line of the text, if present.
fn sourced_view<'a, T>(
    name: &'static str,
    field: &'a Option<Sourced<T>>,
    value: impl FnOnce(&'a T) -> FieldValue<'a>,
) -> Option<FieldView<'a>> {
    field.as_ref().map(|s| FieldView {
        name,
        value: value(&s.value),
        source: Some((s.line, s.source.as_str())),
    })
}

impl Contact {
    /// The present parts, as ("dept" | "name" | "phone", value), in that order.
    pub fn parts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        // No `..`: a new part does not compile until it is listed here.
        let Contact { dept, name, phone } = self;
        [("dept", dept), ("name", name), ("phone", phone)]
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// Extracts the reply fields from the text of one reply. Never panics.
pub fn extract(text: &str) -> ReplyFields {
    let doc = Doc::new(text);
    let title = find_title(&doc);
    let head_end = doc.head_end(title.as_ref().map_or(0, |t| t.idx + t.span));
    let addressee = find_addressee(&doc, title.as_ref(), head_end);
    // Where the body starts, for a class written above it.
    let opening = addressee
        .as_ref()
        .map_or_else(|| doc.first_opening().min(60), |a| a.0);
    let body_start = addressee
        .as_ref()
        .map(|a| a.0)
        .or(title.as_ref().map(|t| t.idx))
        .unwrap_or(0);
    // Opening facts are read only from text shaped like a reply.
    let is_reply = title.is_some() || addressee.is_some() || doc.first_opening() < doc.lines.len();
    let head = if is_reply {
        doc.head_lines(title.as_ref(), head_end)
    } else {
        Vec::new()
    };
    let addressee = addressee.map(|a| a.1).or_else(|| inline_addressee(&head));

    let meeting = find_meeting_field(&head);
    let proposal_title = find_proposal_title(&head, title.as_ref());
    let facts = KindFacts {
        meeting: meeting.as_ref(),
        proposal_title: proposal_title.as_ref(),
        addressee: addressee.as_ref(),
    };
    let kind = find_kind(&head, title.as_ref(), &facts);
    let sig = find_signature(&doc, body_start);
    let issuer = find_issuer(&doc, title.as_ref(), sig.as_ref());
    let doc_number = find_doc_number(&doc);
    let region = find_region(&doc, issuer.as_ref(), meeting.as_ref(), doc_number.as_ref());
    let canon = canonical(
        &doc,
        region.as_ref(),
        issuer.as_ref(),
        meeting.as_ref(),
        doc_number.as_ref(),
    );

    ReplyFields {
        title: title.as_ref().map(|t| t.sourced.clone()),
        letter: find_letter(&head, title.as_ref()),
        number: find_number(&head),
        proposers: addressee
            .as_ref()
            .map(|a| split_proposers(&a.value))
            .unwrap_or_default(),
        date: sig
            .map(|s| s.date)
            .or_else(|| label_date(&doc, &["成文日期"], doc.lines.len())),
        published: label_date(&doc, PUBLISHED_LABELS, doc.lines.len())
            .or_else(|| label_date(&doc, &["日期"], body_start)),
        contact: find_contact(&doc, body_start),
        outcome: is_reply.then(|| find_outcome(&doc, opening)).flatten(),
        addressee,
        kind,
        meeting,
        meeting_parts: canon.meeting,
        proposal_title,
        issuer,
        issuer_normalized: canon.agency,
        region,
        division: canon.division,
        doc_number,
    }
}

/// The canonical forms of facts as written ([`crate::fields`]).
struct Canonical {
    division: Option<Division>,
    agency: Option<String>,
    meeting: Option<MeetingParts>,
}

fn canonical(
    doc: &Doc,
    region: Option<&Sourced<String>>,
    issuer: Option<&Sourced<String>>,
    meeting: Option<&Sourced<String>>,
    doc_number: Option<&Sourced<String>>,
) -> Canonical {
    let division = find_division(doc, region, issuer, meeting, doc_number);
    let region = region.map(|r| r.value.as_str());
    let above = |_: &str, level: char| division.as_ref()?.area_of_level(level);
    let meeting = meeting.and_then(|m| MeetingParts::from_text(&m.value, region, &above));
    Canonical {
        agency: issuer.map(|i| canonical_agency(&i.value, region)),
        meeting,
        division,
    }
}

#[cfg(test)]
mod tests;
