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
//! * `issuer_normalized`: long names shortened (科学技术厅 → 科技厅, …) and the
//!   region put in place of a bare level (`省科技厅` + 贵州省 → 贵州省科技厅) or
//!   before a name without any place.
//! * `region`: the most specific named area (…省/市/州/县/区/旗/盟, not a
//!   scenic or development zone) at the start of the issuer, else of the
//!   meeting, else of a labelled issuer; else, for an issuer written with a
//!   bare `省`, the province named by the first character of the document
//!   number (黔 → 贵州省); else, for an issuer with a bare level (`区住建局`),
//!   the area of that level named by the site owner (`主办：通化市东昌区人民政府`).
//! * `date`: the signature date: the last line after the opening that is only
//!   a date (optionally after the issuer); else a `成文日期` label.
//! * `published`: the date after 发布时间/发布日期/发文日期/公开日期/…, or after a
//!   bare `日期` label above the opening.
//! * `doc_number`: `X〔2022〕56号` after a 文号 label, or on a short line without
//!   sentence punctuation (citations inside sentences are ignored).
//! * `contact`: the last block of 联系人/经办人/承办人/联系电话 lines after the
//!   opening: department, name, phone (dashes of any width read as `-`).
//!
//! Dates: see [`parse_date`] for the accepted formats and the rule for mangled
//! digit-only dates such as `202397`.

use serde::Serialize;

/// The names of the [`ReplyFields`] fields, in display order (as they are
/// serialized).
pub const FIELD_NAMES: &[&str] = &[
    "title",
    "kind",
    "letter",
    "meeting",
    "number",
    "proposal_title",
    "addressee",
    "proposers",
    "issuer",
    "issuer_normalized",
    "region",
    "date",
    "published",
    "doc_number",
    "contact",
];

/// A value together with the line it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    /// 1-based line number in the text.
    pub line: usize,
    /// That line, trimmed (original characters, not normalized).
    pub source: String,
}

/// The fields of one reply. Absent when the text does not say them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReplyFields {
    pub title: Option<Sourced<String>>,
    /// "提案" | "建议" | "议案": what is being answered.
    pub kind: Option<Sourced<String>>,
    /// "答复" | "答复的函" | "协办意见" (回复 counts as 答复).
    pub letter: Option<Sourced<String>>,
    /// e.g. "政协西双版纳州十三届二次会议".
    pub meeting: Option<Sourced<String>>,
    pub number: Option<Sourced<u64>>,
    /// The proposal's own title, without 《》.
    pub proposal_title: Option<Sourced<String>>,
    /// e.g. "陈燕萍3位委员", "民建泸州市委".
    pub addressee: Option<Sourced<String>>,
    /// Names split out of the addressee; organisations stay whole.
    pub proposers: Vec<String>,
    /// The answering body, as written.
    pub issuer: Option<Sourced<String>>,
    /// 科学技术厅 → 科技厅 etc., region prefix added when known.
    pub issuer_normalized: Option<String>,
    /// Most specific named area: 西双版纳州, 云南省, 泸州市, …
    pub region: Option<Sourced<String>>,
    /// ISO yyyy-mm-dd of the signature date.
    pub date: Option<Sourced<String>>,
    /// ISO date from a 发布时间 line.
    pub published: Option<Sourced<String>>,
    /// e.g. "黔科提复字〔2022〕56号".
    pub doc_number: Option<Sourced<String>>,
    pub contact: Option<Sourced<Contact>>,
}

/// A contact line: department, person, phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub dept: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// Extracts the reply fields from the text of one reply. Never panics.
pub fn extract(text: &str) -> ReplyFields {
    let doc = Doc::new(text);
    let title = find_title(&doc);
    let head_end = doc.head_end(title.as_ref().map_or(0, |t| t.idx + t.span));
    let addressee = find_addressee(&doc, title.as_ref(), head_end);
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
    let issuer_normalized = issuer
        .as_ref()
        .map(|i| normalize_issuer(&i.value, region.as_ref().map(|r| r.value.as_str())));

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
        addressee,
        kind,
        meeting,
        proposal_title,
        issuer,
        issuer_normalized,
        region,
        doc_number,
    }
}

/// Parses one date string to ISO `yyyy-mm-dd`; `None` if it is not a date.
///
/// Accepted (surrounding and inner whitespace ignored, full-width digits and
/// punctuation folded first):
///
/// * `2024年5月31日`, `2024年05月31日`, `2024年5月31号`
/// * `2024-05-31`, `2024.5.31`, `2024/5/31`, and mixes of these separators;
///   also a year followed by a wrong marker, as in `2019月6月11日`
/// * Chinese numerals: `二〇二四年五月三十一日` (〇, ○, 零 and the letter O all
///   read as zero); each part may be written either way (`2023年五月廿一日`)
/// * digits only (year/month/day markers lost, as in `202397` or
///   `20241018`): accepted only when the digits after a 4-digit year split in
///   exactly one way into a valid month and day. Digits whose tail could also
///   be a month alone (`202312` may be December 2023 with the day lost) are
///   rejected, as are ambiguous splits (`2023111` is 1 Nov or 11 Jan).
///   So `202397` → 2023-09-07, `20231019` → 2023-10-19, `202312` → None.
///
/// The year must be 1900–2100 and the day must exist in that month.
pub fn parse_date(s: &str) -> Option<String> {
    let t: String = normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    let groups = date_groups(&t)?;
    let (y, m, d) = match groups.as_slice() {
        [y, m, d] if y.chars().count() == 4 => (group_value(y)?, group_value(m)?, group_value(d)?),
        [digits] if digits.chars().all(|c| c.is_ascii_digit()) => split_digit_date(digits)?,
        _ => return None,
    };
    iso_date(y, m, d)
}

// ---------------------------------------------------------------------------
// Lines and layout
// ---------------------------------------------------------------------------

/// One non-empty line (or segment of a very long line): number, original
/// (trimmed), normalized, and normalized without any whitespace.
struct Line<'a> {
    no: usize,
    src: &'a str,
    norm: String,
    compact: String,
}

impl Line<'_> {
    fn sourced<T>(&self, value: T) -> Sourced<T> {
        Sourced {
            value,
            line: self.no,
            source: self.src.to_string(),
        }
    }

    fn chars(&self) -> usize {
        self.compact.chars().count()
    }
}

struct Doc<'a> {
    lines: Vec<Line<'a>>,
}

/// How many lines at most count as the opening after the title.
const HEAD_MAX: usize = 30;
/// How many lines from the top may hold the title (page furniture comes first).
const TITLE_WINDOW: usize = 60;
/// Lines longer than this are cut into segments.
const SEGMENT_MIN: usize = 150;
/// Labelled values (来源, 发布时间, 文号, …) sit on lines at most this long
/// (bytes); longer lines are body text.
const LABEL_LINE_MAX: usize = 600;

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let src = raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
            for norm in segments(&clean_line(src)) {
                let compact: String = norm.chars().filter(|c| !c.is_whitespace()).collect();
                if !compact.is_empty() {
                    lines.push(Line {
                        no: i + 1,
                        src,
                        norm,
                        compact,
                    });
                }
            }
        }
        Doc { lines }
    }

    /// Index of the first line of the opening sentence (答复如下, 收悉, …).
    fn first_opening(&self) -> usize {
        self.lines
            .iter()
            .take(TITLE_WINDOW + HEAD_MAX)
            .position(|l| is_opening(&l.compact))
            .unwrap_or(self.lines.len())
    }

    /// End (exclusive) of the opening that starts at `from`: through the first
    /// line that says the proposal was received or that the answer follows,
    /// before the first numbered section, at most [`HEAD_MAX`] lines.
    fn head_end(&self, from: usize) -> usize {
        let cap = (from + HEAD_MAX).min(self.lines.len());
        for i in from..cap {
            let s = &self.lines[i].compact;
            if is_section_heading(s) {
                return i;
            }
            if is_opening(s) {
                return i + 1;
            }
        }
        cap
    }

    /// The lines where the opening facts are stated: the title (joined when
    /// broken) and the opening lines, without page furniture.
    fn head_lines(&self, title: Option<&Title>, head_end: usize) -> Vec<HeadLine<'_>> {
        let mut out = Vec::new();
        if let Some(t) = title {
            out.push(HeadLine {
                line: &self.lines[t.idx],
                text: t.compact.clone(),
                is_title: true,
            });
        }
        let skip = title.map_or(0, |t| t.idx + t.span);
        for l in self.lines.iter().take(head_end).skip(skip) {
            if !is_chrome(&l.compact) {
                out.push(HeadLine {
                    line: l,
                    text: l.compact.clone(),
                    is_title: false,
                });
            }
        }
        out
    }
}

struct HeadLine<'a> {
    line: &'a Line<'a>,
    text: String,
    is_title: bool,
}

const OPENING_MARKERS: &[&str] = &[
    "答复如下",
    "回复如下",
    "函复如下",
    "收悉",
    "现答复",
    "现回复",
    "现将办理",
    "办理情况如下",
    "答复于后",
];

fn is_opening(s: &str) -> bool {
    contains_any(s, OPENING_MARKERS)
}

fn is_section_heading(s: &str) -> bool {
    s.starts_with("一、") || s.starts_with("一.") || s.starts_with("(一)")
}

/// Web-page furniture that must never be read as a field.
fn is_chrome(s: &str) -> bool {
    const CHROME: &[&str] = &[
        "首页",
        "当前位置",
        "您的位置",
        "您现在的位置",
        "您所在的位置",
        "上一篇",
        "下一篇",
        "上一条",
        "下一条",
        "温馨提示",
        "关闭",
        "打印本页",
        "分享到",
        "字体:",
        "字号:",
        "浏览次数",
        "访问次数",
        "阅读次数",
        "点击数",
        "索引号",
    ];
    contains_any(s, CHROME) || s.contains('>') || s.contains('»')
}

/// A page footer: site owner, address, licence numbers.
fn is_footer(s: &str) -> bool {
    const FOOTER: &[&str] = &[
        "地址",
        "邮编",
        "ICP",
        "备案",
        "版权",
        "网站标识",
        "公网安备",
        "技术支持",
        "网站地图",
    ];
    contains_any(s, FOOTER)
}

// ---------------------------------------------------------------------------
// Normalization and character classes
// ---------------------------------------------------------------------------

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
    )
}

/// Folds full-width ASCII to ASCII, ideographic and no-break spaces to a
/// space, and drops BOM / zero-width characters.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' => ' ',
            _ => c,
        })
        .collect()
}

/// [`normalize`]s a line; table bars become spaces, leading bullets go,
/// whitespace runs collapse to one space.
fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in normalize(s).chars() {
        let bullet = matches!(c, '•' | '●' | '◆' | '■' | '▪' | '◇' | '□' | '★' | '☆' | '·');
        if c.is_whitespace() || c == '|' || (bullet && out.is_empty()) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Cuts a very long line at sentence ends, before a date and before a
/// contact label; shorter lines are returned whole.
fn segments(norm: &str) -> Vec<String> {
    if norm.chars().count() <= SEGMENT_MIN {
        return vec![norm.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for tok in norm.split(' ') {
        let cut = cur.ends_with(['。', '!', '?', ':', ';'])
            || date_prefix(tok).is_some()
            || ["联系", "承办人", "经办人"]
                .iter()
                .any(|p| tok.starts_with(p));
        if cut && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(tok);
    }
    out.push(cur);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇')
}

fn contains_any(s: &str, pats: &[&str]) -> bool {
    pats.iter().any(|p| s.contains(p))
}

fn ends_with_any<'p>(s: &str, pats: &[&'p str]) -> Option<&'p str> {
    pats.iter().copied().find(|p| s.ends_with(p))
}

fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | '。'
            | ';'
            | '；'
            | '!'
            | '！'
            | '?'
            | '？'
            | ':'
            | '、'
            | '《'
            | '》'
            | '“'
            | '”'
            | '"'
    )
}

/// Value of a Chinese digit; 〇, ○, 零 and the letter O read as zero.
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'o' | '0' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_cn_numeral(c: char) -> bool {
    (cn_digit(c).is_some() && !c.is_ascii()) || matches!(c, '十' | '廿' | '卅' | '百' | '千')
}

/// Parses a Chinese number such as 三十一, 廿一, 一百二十, 二〇二四 (read
/// digit by digit when it has no unit characters). At most 9999.
fn parse_cn_number(s: &str) -> Option<u64> {
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    if !s
        .chars()
        .any(|c| matches!(c, '十' | '廿' | '卅' | '百' | '千'))
    {
        return s
            .chars()
            .try_fold(0u64, |acc, c| Some(acc * 10 + u64::from(cn_digit(c)?)));
    }
    let (mut total, mut cur) = (0u64, None::<u64>);
    for c in s.chars() {
        let unit = match c {
            '千' => 1000,
            '百' => 100,
            '十' => 10,
            '廿' | '卅' => {
                total += if c == '廿' { 20 } else { 30 };
                continue;
            }
            _ => {
                cur = Some(u64::from(cn_digit(c)?));
                continue;
            }
        };
        total += cur.take().unwrap_or(1) * unit;
    }
    Some(total + cur.unwrap_or(0))
}

/// Finds `label` in `s` at the start of a token, letting spaces sit between
/// its characters (`标 题`, `文 号`); returns the byte range it covers.
fn find_label(s: &str, label: &str) -> Option<(usize, usize)> {
    let first = label.chars().next()?;
    if !s.contains(first) {
        return None;
    }
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at_token_start = prev.is_none_or(|p| !is_cjk(p));
        prev = Some(c);
        if c != first || !at_token_start {
            continue;
        }
        if let Some(end) = match_spaced(s, i + c.len_utf8(), &label[first.len_utf8()..]) {
            return Some((i, end));
        }
    }
    None
}

/// Matches `rest` at byte `from` of `s`, letting spaces sit between its
/// characters; returns the end of the match.
fn match_spaced(s: &str, from: usize, rest: &str) -> Option<usize> {
    let mut want = rest.chars().peekable();
    let mut end = from;
    for (j, d) in s[from..].char_indices() {
        let Some(&w) = want.peek() else { break };
        if d == w {
            want.next();
            end = from + j + d.len_utf8();
        } else if d != ' ' {
            return None;
        }
    }
    want.peek().is_none().then_some(end)
}

/// The text after `label:` or `label ` on a line; `Some("")` when the label
/// ends the line. The separator (`:` or a space) is required.
fn label_rest<'s>(norm: &'s str, label: &str) -> Option<&'s str> {
    let (_, end) = find_label(norm, label)?;
    let rest = &norm[end..];
    if !(rest.is_empty() || rest.starts_with([':', ' '])) {
        return None;
    }
    Some(rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace()))
}

/// The value of `label` on line `i`: the first token after it, or the next
/// line when the label ends its line. Returns the line the value is on.
fn label_value<'d>(doc: &'d Doc, i: usize, label: &str) -> Option<(&'d Line<'d>, String)> {
    let l = &doc.lines[i];
    if l.norm.len() > LABEL_LINE_MAX {
        return None;
    }
    let rest = label_rest(&l.norm, label)?;
    if rest.is_empty() {
        let next = doc.lines.get(i + 1)?;
        let tok = next.norm.split_whitespace().next()?;
        return Some((next, tok.to_string()));
    }
    let tok = rest.split_whitespace().next()?;
    Some((l, tok.to_string()))
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Splits a whitespace-free date string into its number groups; `None` when
/// it contains anything but numerals and date separators.
fn date_groups(t: &str) -> Option<Vec<String>> {
    let mut groups = vec![String::new()];
    for c in t.chars() {
        if c.is_ascii_digit() || is_cn_numeral(c) || matches!(c, 'O' | 'o') {
            groups.last_mut()?.push(c);
        } else if matches!(c, '年' | '月' | '日' | '号' | '.' | '-' | '/' | '\\' | '_') {
            if groups.last().is_some_and(|g| g.is_empty()) {
                return None;
            }
            groups.push(String::new());
        } else {
            return None;
        }
    }
    if groups.last().is_some_and(|g| g.is_empty()) {
        groups.pop();
        // Only 日/号 may close a date.
        if !t.ends_with(['日', '号']) {
            return None;
        }
    }
    Some(groups)
}

/// Value of one date group: Arabic digits, or Chinese numerals.
fn group_value(g: &str) -> Option<u32> {
    if g.is_empty() || g.chars().count() > 4 {
        return None;
    }
    let v = if g.chars().all(|c| c.is_ascii_digit()) {
        g.parse::<u64>().ok()?
    } else {
        if g.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        parse_cn_number(g)?
    };
    u32::try_from(v).ok()
}

/// The mangled-date rule: `yyyy` + month + day digits, accepted only when the
/// split is unique and the tail is not itself a bare month.
fn split_digit_date(digits: &str) -> Option<(u32, u32, u32)> {
    if !(6..=8).contains(&digits.len()) {
        return None;
    }
    let (year, tail) = digits.split_at(4);
    let y: u32 = year.parse().ok()?;
    if tail.len() <= 2 && tail.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)) {
        return None;
    }
    let splits: Vec<(u32, u32)> = (1..tail.len())
        .filter_map(|k| {
            let (m, d) = tail.split_at(k);
            if m.len() > 2 || d.len() > 2 {
                return None;
            }
            let (m, d) = (m.parse().ok()?, d.parse().ok()?);
            iso_date(y, m, d).map(|_| (m, d))
        })
        .collect();
    match splits.as_slice() {
        [(m, d)] => Some((y, *m, *d)),
        _ => None,
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn iso_date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A date that ends the string: returns the text before it and the ISO date.
fn date_suffix(s: &str) -> Option<(&str, String)> {
    s.char_indices()
        .filter(|&(_, c)| c.is_ascii_digit() || is_cn_numeral(c))
        .find_map(|(i, _)| parse_date(&s[i..]).map(|iso| (&s[..i], iso)))
}

/// A date that starts the string (e.g. after a 发布时间 label), possibly
/// followed by a time or other text.
fn date_prefix(s: &str) -> Option<String> {
    let run: String = s
        .chars()
        .take_while(|&c| {
            c.is_ascii_digit()
                || is_cn_numeral(c)
                || matches!(c, '年' | '月' | '日' | '号' | '.' | '-' | '/')
        })
        .take(24)
        .collect();
    let ends: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain([run.len()])
        .collect();
    ends.iter()
        .rev()
        .filter(|&&e| e >= 6)
        .find_map(|&e| parse_date(&run[..e]))
}

const PUBLISHED_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "公开日期",
    "公开时间",
    "发文日期",
    "发文时间",
];

/// The first date following one of `labels` in the first `limit` lines
/// (`发布时间 :2023-10-19`, or the date on the next line).
fn label_date(doc: &Doc, labels: &[&str], limit: usize) -> Option<Sourced<String>> {
    (0..limit.min(doc.lines.len())).find_map(|i| {
        labels.iter().find_map(|lab| {
            let (l, _) = label_value(doc, i, lab)?;
            let rest = if std::ptr::eq(l, &doc.lines[i]) {
                label_rest(&l.norm, lab)?
            } else {
                l.norm.as_str()
            };
            date_prefix(rest).map(|iso| l.sourced(iso))
        })
    })
}

// ---------------------------------------------------------------------------
// Title, letter, kind
// ---------------------------------------------------------------------------

struct Title {
    idx: usize,
    span: usize,
    compact: String,
    sourced: Sourced<String>,
}

const LETTER_WORDS: &[&str] = &["答复", "回复", "复函", "协办意见", "办理意见"];
const KINDS: &[&str] = &["提案", "建议", "议案"];
const TITLE_LABELS: &[&str] = &["文章标题", "标题", "题目", "名称"];
/// Labels of page furniture; a title line is cut where one begins.
const TRAILING_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "来源",
    "浏览次数",
    "访问次数",
    "点击数",
    "作者",
    "字体",
];

/// The title candidate text of a line: label stripped, trailing page labels cut.
fn title_text(norm: &str) -> String {
    let mut s = norm;
    for lab in TITLE_LABELS {
        if let Some((0, end)) = find_label(s, lab) {
            s = s[end..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
        }
    }
    let cut = TRAILING_LABELS
        .iter()
        .chain(PUBLISHED_LABELS)
        .chain(&["成文日期", "文号", "索引号", "发布机构"])
        .filter_map(|lab| find_label(s, lab).map(|(i, _)| i))
        .filter(|&i| i > 0)
        .min()
        .unwrap_or(s.len());
    s[..cut].trim().to_string()
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Chinese text, not prose in another script (a stray `A类` is fine).
fn few_latin(s: &str) -> bool {
    s.chars().filter(char::is_ascii_alphabetic).count() <= 2
}

fn is_title(text: &str) -> bool {
    let s = without_spaces(text);
    let n = s.chars().count();
    (6..=120).contains(&n)
        && few_latin(&s)
        && contains_any(&s, LETTER_WORDS)
        && (contains_any(&s, KINDS) || !proposal_numbers(&s, false).is_empty())
        && !contains_any(&s, &["收悉", "如下", "您", "你", "感谢", "。", "位置"])
        && !s.ends_with(':')
        && !is_chrome(&s)
}

/// No sentence punctuation other than book-title brackets and commas.
fn is_phrase(s: &str) -> bool {
    !s.chars()
        .any(|c| is_sentence_punct(c) && !matches!(c, '《' | '》' | ','))
}

/// A line that may begin a title broken over several lines.
fn is_title_start(s: &str) -> bool {
    s.chars().count() <= 80
        && is_phrase(s)
        && contains_any(s, &["关于", "对", "会议", "第"])
        && !is_org(s)
        && !is_chrome(s)
}

/// A short line that may continue a broken title (`答 复`, `第1085号提案的答复`).
fn is_title_continuation(s: &str) -> bool {
    s.chars().count() <= 40 && is_phrase(s) && !is_chrome(s) && !s.contains("收悉")
}

fn title_at(doc: &Doc, i: usize, span: usize) -> Option<Title> {
    let lines = doc.lines.get(i..i + span)?;
    let first = &lines[0];
    let joined: String = lines.iter().map(|l| l.compact.as_str()).collect();
    if !contains_any(&joined, LETTER_WORDS) {
        return None;
    }
    let mut text = title_text(&first.norm);
    if span > 1 {
        if !is_title_start(&without_spaces(&text))
            || lines[1..]
                .iter()
                .any(|l| !is_title_continuation(&l.compact))
        {
            return None;
        }
        lines[1..].iter().for_each(|l| text.push_str(&l.compact));
    }
    is_title(&text).then(|| Title {
        idx: i,
        span,
        compact: without_spaces(&text),
        sourced: first.sourced(text),
    })
}

fn find_title(doc: &Doc) -> Option<Title> {
    let limit = doc.first_opening().min(TITLE_WINDOW);
    (0..limit).find_map(|i| (1..=3).find_map(|span| title_at(doc, i, span)))
}

/// Removes 《…》 spans so that words inside a quoted proposal title are not
/// read as the kind of document.
fn outside_quotes(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|&c| match c {
            '《' => {
                depth += 1;
                false
            }
            '》' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

fn letter_of_title(t: &str) -> Option<&'static str> {
    let t = outside_quotes(t);
    let says_reply = contains_any(&t, &["答复", "回复"]);
    if contains_any(&t, &["答复的函", "答复函", "回复的函", "回复函", "复函"])
        || (says_reply && t.trim_end_matches(')').ends_with('函'))
    {
        Some("答复的函")
    } else if says_reply {
        Some("答复")
    } else if t.contains("协办意见") {
        Some("协办意见")
    } else {
        None
    }
}

fn find_letter(head: &[HeadLine], title: Option<&Title>) -> Option<Sourced<String>> {
    if let Some(l) = title.and_then(|t| letter_of_title(&t.compact)) {
        return title.map(|t| sourced_from(&t.sourced, l.to_string()));
    }
    head.iter()
        .filter(|h| !h.is_title)
        .find(|h| {
            contains_any(
                &h.text,
                &["答复如下", "回复如下", "现答复", "现回复", "函复如下"],
            )
        })
        .map(|h| h.line.sourced("答复".to_string()))
}

fn sourced_from<T, U>(s: &Sourced<T>, value: U) -> Sourced<U> {
    Sourced {
        value,
        line: s.line,
        source: s.source.clone(),
    }
}

/// 提案/建议/议案 directly after a proposal number (`第5号提案`,
/// `第4号代表建议`).
fn kind_after_number(s: &str) -> Option<&'static str> {
    proposal_numbers(s, true).into_iter().find_map(|(_, end)| {
        let rest = &s[end..];
        let rest = ["代表", "委员", "的"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest);
        KINDS.iter().copied().find(|k| rest.starts_with(k))
    })
}

/// The last 提案/建议/议案 outside 《》 in a title.
fn last_kind(t: &str) -> Option<&'static str> {
    let t = outside_quotes(t);
    KINDS
        .iter()
        .filter_map(|k| t.rfind(k).map(|i| (i, *k)))
        .max()
        .map(|(_, k)| k)
}

/// What is already known when deciding the kind.
struct KindFacts<'a> {
    meeting: Option<&'a Sourced<String>>,
    proposal_title: Option<&'a Sourced<String>>,
    addressee: Option<&'a Sourced<String>>,
}

fn find_kind(
    head: &[HeadLine],
    title: Option<&Title>,
    facts: &KindFacts,
) -> Option<Sourced<String>> {
    let on_line = |h: &HeadLine, k: &str| Some(h.line.sourced(k.to_string()));
    let from = |s: &Sourced<String>, k: &str| Some(sourced_from(s, k.to_string()));
    let body = || head.iter().filter(|h| !h.is_title);
    let after_quote = |s: &str| {
        KINDS
            .iter()
            .copied()
            .find(|k| s.contains(&format!("》{k}")) || s.contains(&format!("”{k}")))
    };
    let received = |s: &str| {
        KINDS
            .iter()
            .copied()
            .find(|k| s.contains(&format!("{k}收悉")) || s.contains(&format!("代表{k}")))
    };
    head.iter()
        .find_map(|h| kind_after_number(&h.text).and_then(|k| on_line(h, k)))
        .or_else(|| title.and_then(|t| last_kind(&t.compact).and_then(|k| from(&t.sourced, k))))
        .or_else(|| body().find_map(|h| after_quote(&h.text).and_then(|k| on_line(h, k))))
        .or_else(|| {
            let m = facts
                .meeting
                .filter(|m| contains_any(&m.value, &["政协", "政治协商"]))?;
            from(m, "提案")
        })
        .or_else(|| {
            let p = facts.proposal_title?;
            ends_with_any(&p.value, &["提案", "议案"]).and_then(|k| from(p, k))
        })
        .or_else(|| body().find_map(|h| received(&h.text).and_then(|k| on_line(h, k))))
        .or_else(|| {
            let a = facts.addressee?;
            let role = ends_with_any(&a.value, PERSON_SUFFIXES)?;
            let k = match role {
                "代表" | "人大代表" => "建议",
                "委员" | "政协委员" => "提案",
                _ => return None,
            };
            from(a, k)
        })
        .or_else(|| {
            let m = facts
                .meeting
                .filter(|m| contains_any(&m.value, &["人大", "人民代表大会"]))?;
            from(m, "建议")
        })
}

// ---------------------------------------------------------------------------
// Number and meeting
// ---------------------------------------------------------------------------

fn ends_with_bracket(s: &str) -> bool {
    s.ends_with([']', '〕', ')', '】', '﹞', '］', '〗'])
}

/// Proposal numbers in `s`: `第N号` (Arabic or Chinese numerals), or `N号`
/// right after 会议 or right before 提案/建议/议案. Returns (number, byte end
/// after 号). With `strict`, numbers right after a closing bracket (document
/// numbers such as 〔2023〕第5号) are skipped.
fn proposal_numbers(s: &str, strict: bool) -> Vec<(u64, usize)> {
    let mut out = Vec::new();
    for (at, _) in s.match_indices('号') {
        let before = &s[..at];
        let run_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_ascii_digit() || is_cn_numeral(c))
            .take(12)
            .last()
            .map(|(i, _)| i);
        let Some(start) = run_start else { continue };
        let run = &before[start..];
        let prefix = &before[..start];
        let end = at + '号'.len_utf8();
        let value = if let Some(p) = prefix.strip_suffix('第') {
            if strict && ends_with_bracket(p) {
                continue;
            }
            if run.chars().all(|c| c.is_ascii_digit()) {
                run.parse().ok()
            } else {
                parse_cn_number(run)
            }
        } else {
            let digits = run.chars().all(|c| c.is_ascii_digit());
            let placed = prefix.trim_end().ends_with("会议")
                || KINDS.iter().any(|k| s[end..].starts_with(k));
            (digits && placed && !ends_with_bracket(prefix))
                .then(|| run.parse().ok())
                .flatten()
        };
        if let Some(v) = value {
            out.push((v, end));
        }
    }
    out
}

/// `提案编号：123` and the like.
fn labelled_number(s: &str) -> Option<u64> {
    let at = ["提案编号", "建议编号", "议案编号", "提案号", "建议号"]
        .iter()
        .find_map(|lab| s.find(lab).map(|i| i + lab.len()))?;
    let digits: String = s[at..]
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .take(12)
        .collect();
    digits.parse().ok()
}

fn find_number(head: &[HeadLine]) -> Option<Sourced<u64>> {
    head.iter().find_map(|h| {
        proposal_numbers(&h.text, true)
            .first()
            .map(|&(n, _)| n)
            .or_else(|| labelled_number(&h.text))
            .map(|n| h.line.sourced(n))
    })
}

/// Characters that end the name before a meeting (`…局对`, `在`, `关于`).
fn is_meeting_stop(c: char) -> bool {
    !is_cjk(c)
        || matches!(
            c,
            '对' | '在'
                | '的'
                | '年'
                | '月'
                | '日'
                | '向'
                | '经'
                | '由'
                | '是'
                | '为'
                | '把'
                | '就'
                | '到'
                | '及'
                | '与'
                | '局'
                | '厅'
                | '办'
                | '府'
                | '院'
                | '号'
                | '答'
                | '复'
                | '提'
        )
}

fn strip_back(cs: &[char], end: usize, word: &str) -> usize {
    let w: Vec<char> = word.chars().collect();
    if end >= w.len() && cs[end - w.len()..end] == w[..] {
        end - w.len()
    } else {
        end
    }
}

fn expect_back(cs: &[char], end: usize, word: &str) -> Option<usize> {
    let e = strip_back(cs, end, word);
    (e != end).then_some(e)
}

fn numerals_back(cs: &[char], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 && end - i < 6 && (cs[i - 1].is_ascii_digit() || is_cn_numeral(cs[i - 1])) {
        i -= 1;
    }
    (i < end).then_some(i)
}

/// Start of a `…届…次会议` ending at `j` (index of 会 in 会议).
fn meeting_start(cs: &[char], j: usize) -> Option<usize> {
    let mut i = strip_back(cs, j, "全体");
    i = expect_back(cs, i, "次")?;
    i = numerals_back(cs, i)?;
    i = strip_back(cs, i, "第");
    for mid in [
        "全国人民代表大会",
        "人民代表大会",
        "全国人大",
        "人大",
        "全国委员会",
        "委员会",
        "政协",
    ] {
        let e = strip_back(cs, i, mid);
        if e != i {
            i = e;
            break;
        }
    }
    i = expect_back(cs, i, "届")?;
    i = numerals_back(cs, i)?;
    i = strip_back(cs, i, "第");
    let limit = i.saturating_sub(24);
    let mut k = i;
    while k > limit && !is_meeting_stop(cs[k - 1]) {
        if cs[k - 1] == '于' && k >= 2 && cs[k - 2] == '关' {
            break;
        }
        k -= 1;
    }
    Some(k)
}

fn find_meeting(s: &str) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    (0..cs.len().saturating_sub(1))
        .filter(|&j| cs[j] == '会' && cs[j + 1] == '议')
        .filter_map(|j| meeting_start(&cs, j).map(|st| cs[st..j + 2].iter().collect::<String>()))
        .find(|m| {
            contains_any(m, &["政协", "人大", "人民代表大会", "政治协商"])
                && !contains_any(m, &["常务委员会", "常委会"])
        })
}

fn find_meeting_field(head: &[HeadLine]) -> Option<Sourced<String>> {
    head.iter()
        .find_map(|h| find_meeting(&h.text).map(|m| h.line.sourced(m)))
}

// ---------------------------------------------------------------------------
// Proposal title
// ---------------------------------------------------------------------------

/// One quoted span: its content and a few characters on each side.
struct Span {
    content: String,
    before: String,
    after: String,
}

/// Spans between `open` and `close` in `s`; a `close` without its `open` is
/// recovered from the last 关于 before it.
fn quoted_spans(s: &str, open: char, close: char) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_close = 0;
    for (i, c) in s.char_indices() {
        if c == open && start.is_none() {
            start = Some(i + c.len_utf8());
        } else if c == close {
            let st = start
                .take()
                .or_else(|| s[last_close..i].rfind("关于").map(|r| last_close + r));
            if let Some(st) = st {
                out.push(Span {
                    content: s[st..i].to_string(),
                    before: tail_chars(s[..st].trim_end_matches(open), 6),
                    after: s[i + c.len_utf8()..].chars().take(4).collect(),
                });
            }
            last_close = i + c.len_utf8();
        }
    }
    out
}

fn tail_chars(s: &str, n: usize) -> String {
    let mut cs: Vec<char> = s.chars().rev().take(n).collect();
    cs.reverse();
    cs.into_iter().collect()
}

const PROPOSED_BY: &[&str] = &[
    "提出的",
    "所提的",
    "所提",
    "您的",
    "你们的",
    "贵单位的",
    "提交的",
    "您",
    "你们",
];

/// 《…》 is a proposal title when it looks like one or sits where one does.
fn is_book_title(sp: &Span) -> bool {
    let n = sp.content.chars().count();
    (4..=100).contains(&n)
        && (sp.content.starts_with("关于")
            || ends_with_any(&sp.content, KINDS).is_some()
            || contains_any(&sp.before, PROPOSED_BY)
            || contains_any(&sp.after, &["提案", "建议", "议案", "收悉", "(第", "已"]))
}

/// “…” is a proposal title only when it starts with 关于 or sits between
/// 提出的 and 提案/建议/收悉.
fn is_quoted_title(sp: &Span) -> bool {
    let n = sp.content.chars().count();
    (4..=100).contains(&n)
        && (sp.content.starts_with("关于")
            || (contains_any(&sp.before, PROPOSED_BY)
                && contains_any(&sp.after, &["提案", "建议", "议案", "收悉", "已"])))
}

/// `提出的关于…建议收悉` without quotes: from 关于 to the last 提案/建议/议案
/// before the sentence goes on.
fn proposal_unquoted(s: &str) -> Option<String> {
    let at = ["提出的关于", "所提关于", "所提的关于"]
        .iter()
        .find_map(|p| s.find(p).map(|i| i + p.len() - "关于".len()))?;
    let rest: String = s[at..]
        .chars()
        .take_while(|&c| !matches!(c, ',' | '，' | '。' | '(' | ';' | '”' | '"'))
        .take(100)
        .collect();
    let end = KINDS
        .iter()
        .filter_map(|k| rest.rfind(k).map(|i| i + k.len()))
        .max()?;
    let t = rest[..end].to_string();
    (t.chars().count() >= 6).then_some(t)
}

/// A title `[issuer]关于X的建议的答复` without number or meeting: X's title.
fn proposal_from_title(t: &str) -> Option<String> {
    if !proposal_numbers(t, false).is_empty() || t.contains("会议") || t.contains('《') {
        return None;
    }
    let at = t.find("关于")?;
    let mut s = &t[at..];
    if let Some(i) = s.rfind("提出的") {
        s = &s[i + "提出的".len()..];
    }
    let s = s.replacen("关于对", "关于", 1);
    let ends = [
        "的答复函",
        "的答复",
        "答复的函",
        "的回复",
        "答复",
        "回复",
        "的复函",
        "复函",
        "的协办意见",
        "协办意见",
    ];
    let body = ends.iter().find_map(|e| s.strip_suffix(e))?;
    (body.starts_with("关于") && ends_with_any(body, KINDS).is_some() && body.chars().count() >= 8)
        .then(|| body.to_string())
}

fn find_proposal_title(head: &[HeadLine], title: Option<&Title>) -> Option<Sourced<String>> {
    let in_spans = |open, close, ok: fn(&Span) -> bool| {
        head.iter().find_map(|h| {
            let text = if h.is_title {
                h.text.clone()
            } else {
                h.line.norm.clone()
            };
            quoted_spans(&text, open, close)
                .into_iter()
                .find(&ok)
                .map(|sp| h.line.sourced(sp.content.trim().to_string()))
        })
    };
    in_spans('《', '》', is_book_title)
        .or_else(|| in_spans('“', '”', is_quoted_title))
        .or_else(|| {
            head.iter()
                .filter(|h| !h.is_title)
                .find_map(|h| proposal_unquoted(&h.text).map(|p| h.line.sourced(p)))
        })
        .or_else(|| {
            let t = title?;
            proposal_from_title(&t.compact).map(|p| sourced_from(&t.sourced, p))
        })
}

// ---------------------------------------------------------------------------
// Addressee and proposers
// ---------------------------------------------------------------------------

/// Roles after a person's name, longest first.
const PERSON_SUFFIXES: &[&str] = &[
    "人大代表",
    "政协委员",
    "委员",
    "代表",
    "同志",
    "先生",
    "女士",
    "老师",
];
const GROUP_KEYWORDS: &[&str] = &[
    "民建",
    "民盟",
    "民革",
    "民进",
    "农工",
    "致公",
    "九三",
    "台盟",
    "工商联",
    "共青团",
    "妇联",
    "界别",
    "联组",
    "小组",
    "代表团",
    "专委会",
    "党派",
    "青联",
    "侨联",
    "科协",
];
const GROUP_SUFFIXES: &[&str] = &[
    "委",
    "委员会",
    "会",
    "组",
    "团",
    "界",
    "支部",
    "总支",
    "联",
    "社",
    "党",
    "盟",
];

fn is_group(s: &str) -> bool {
    ends_with_any(s, PERSON_SUFFIXES).is_none()
        && contains_any(s, GROUP_KEYWORDS)
        && ends_with_any(s, GROUP_SUFFIXES).is_some()
        && s.chars().count() <= 20
}

/// A person addressee: names with a role (`张三、李四委员`, `王五等3位代表`).
fn is_person_addressee(s: &str) -> bool {
    ends_with_any(s, PERSON_SUFFIXES).is_some() && !split_proposers(s).is_empty()
}

/// The addressee named at the start of a line (`杨建林委员:`, `陈燕萍3位委员`,
/// `尊敬的王五代表：您提出的…`).
fn addressee_of(s: &str) -> Option<String> {
    let s = s.strip_prefix("尊敬的").unwrap_or(s);
    let (cand, colon) = match s.find(':') {
        Some(i) => (&s[..i], true),
        None => (s, false),
    };
    let n = cand.chars().count();
    if !(2..=30).contains(&n)
        || cand
            .chars()
            .any(|c| is_sentence_punct(c) && !matches!(c, '、' | ',' | '，'))
        || cand.chars().any(|c| matches!(c, '(' | ')'))
        || contains_any(
            cand,
            &["提案", "建议", "答复", "回复", "会议", "联系人", "各位"],
        )
    {
        return None;
    }
    (is_person_addressee(cand) || (colon && is_group(cand))).then(|| cand.to_string())
}

fn find_addressee(
    doc: &Doc,
    title: Option<&Title>,
    head_end: usize,
) -> Option<(usize, Sourced<String>)> {
    let start = title.map_or(0, |t| t.idx + t.span);
    let end = (head_end + 1).min(doc.lines.len()).max(start);
    (start..end).find_map(|i| {
        let l = &doc.lines[i];
        addressee_of(&l.compact).map(|a| (i, l.sourced(a)))
    })
}

/// Characters before a proposer named inside the opening sentence.
fn is_inline_stop(c: char) -> bool {
    !is_cjk(c) && c != '、'
        || matches!(
            c,
            '将' | '对'
                | '由'
                | '向'
                | '请'
                | '是'
                | '把'
                | '与'
                | '的'
                | '现'
                | '经'
                | '据'
                | '为'
        )
}

/// `现将田龙琼委员在…会议上提出的`, `现对九三学社提出的`: the proposer named in
/// the opening when there is no addressee line.
fn inline_addressee(head: &[HeadLine]) -> Option<Sourced<String>> {
    head.iter().filter(|h| !h.is_title).find_map(|h| {
        let s = &h.text;
        s.match_indices("提出").take(8).find_map(|(at, _)| {
            let before = tail_chars(&s[..at], 60);
            let clause = before.rfind('在').map(|i| &before[..i]);
            [Some(before.as_str()), clause]
                .into_iter()
                .flatten()
                .find_map(|b| {
                    let cs: Vec<char> = b.chars().collect();
                    let from = cs.len()
                        - cs.iter()
                            .rev()
                            .take(24)
                            .take_while(|&&c| !is_inline_stop(c))
                            .count();
                    let name: String = cs[from..].iter().collect();
                    let short_names = split_proposers(&name)
                        .iter()
                        .all(|n| n.chars().count() <= 4 || n.contains('·'));
                    let ok = (is_person_addressee(&name) && short_names)
                        || (is_group(&name) && name.chars().count() >= 3);
                    ok.then(|| h.line.sourced(name))
                })
        })
    })
}

/// Strips 委员/代表/…, `3位`, `等` and a level before 人大代表 from the end of
/// one name.
fn clean_person(p: &str) -> Option<String> {
    let mut s = p.trim().to_string();
    loop {
        let before = s.clone();
        if let Some(suf) = ends_with_any(&s, PERSON_SUFFIXES) {
            s.truncate(s.len() - suf.len());
            let level = s.chars().last().filter(|&c| is_admin_suffix(c));
            if let Some(c) = level.filter(|_| suf.chars().count() == 4 && s.chars().count() > 2) {
                s.truncate(s.len() - c.len_utf8());
            }
        }
        if let Some(unit) = ends_with_any(&s, &["位", "名", "人"]) {
            let body = &s[..s.len() - unit.len()];
            let digits = body.trim_end_matches(|c: char| c.is_ascii_digit() || is_cn_numeral(c));
            if digits.len() < body.len() {
                s = digits.to_string();
            }
        }
        if let Some(x) = s.strip_suffix('等') {
            s = x.to_string();
        }
        if s == before {
            break;
        }
    }
    let n = s.chars().count();
    ((2..=12).contains(&n)
        && s.chars().all(|c| is_cjk(c) || matches!(c, '·' | '•' | '.'))
        && !s.starts_with('各')
        && !contains_any(
            &s,
            &["人大", "政协", "全体", "广大", "会议", "提案", "建议"],
        ))
    .then_some(s)
}

/// Person names split out of an addressee; organisations stay whole.
fn split_proposers(addressee: &str) -> Vec<String> {
    let a = addressee.strip_prefix("尊敬的").unwrap_or(addressee);
    if is_group(a) {
        return vec![a.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    for name in a
        .split(['、', ',', '，', ' ', '/', ';', '；'])
        .filter_map(clean_person)
    {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Signature, issuer, region
// ---------------------------------------------------------------------------

const ORG_SUFFIXES: &[&str] = &[
    "局",
    "厅",
    "委",
    "办",
    "府",
    "院",
    "会",
    "部",
    "处",
    "科",
    "股",
    "室",
    "中心",
    "站",
    "所",
    "队",
    "馆",
    "社",
    "署",
    "行",
    "司",
    "团",
    "校",
    "街道",
    "镇",
    "乡",
    "公司",
    "集团",
    "办事处",
];

/// A short name of an organisation, as in a signature or title.
fn is_org(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && ends_with_any(s, ORG_SUFFIXES).is_some()
        && !s
            .chars()
            .any(|c| is_sentence_punct(c) || c.is_ascii_digit())
        && !contains_any(
            s,
            &[
                "感谢", "此复", "答复", "回复", "提案", "建议", "如下", "会议", "联系",
            ],
        )
}

struct Signature {
    date: Sourced<String>,
    issuer: Option<Sourced<String>>,
}

/// Strips surrounding brackets and a trailing `(…)` note from a signature line.
fn strip_signature_noise(s: &str) -> &str {
    let mut t = s.trim();
    if let Some(i) = t.rfind('(').filter(|&i| i > 0 && t.ends_with(')')) {
        t = t[..i].trim_end();
    }
    t.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '【' | '】') || c.is_whitespace())
}

/// The last line after the opening that is only a date (optionally after the
/// issuer); the issuer is on that line or the line above.
fn find_signature(doc: &Doc, body_start: usize) -> Option<Signature> {
    let lines = &doc.lines;
    (body_start..lines.len()).rev().find_map(|i| {
        let l = &lines[i];
        if l.chars() > 60 || contains_any(&l.compact, PUBLISHED_LABELS) || is_chrome(&l.compact) {
            return None;
        }
        let text = strip_signature_noise(&l.norm);
        let (prefix, iso) = date_suffix(text)?;
        let prefix = prefix.trim();
        if !prefix.is_empty() && !is_org(&without_spaces(prefix)) {
            return None;
        }
        let issuer = if prefix.is_empty() {
            (i > body_start)
                .then(|| &lines[i - 1])
                .filter(|p| is_org(&p.compact) || all_orgs(&p.norm))
                .map(|p| p.sourced(p.norm.clone()))
        } else {
            Some(l.sourced(prefix.to_string()))
        };
        Some(Signature {
            date: l.sourced(iso),
            issuer,
        })
    })
}

/// Several organisations separated by spaces (a joint signature).
fn all_orgs(norm: &str) -> bool {
    let parts: Vec<&str> = norm.split_whitespace().collect();
    parts.len() > 1 && parts.len() <= 6 && parts.iter().all(|p| is_org(p))
}

/// `省科技厅关于…`, `泸州市科学技术局对…`: the issuer before 关于/对.
fn title_issuer(t: &str) -> Option<String> {
    let at = ["关于", "对", "答复", "回复"]
        .iter()
        .filter_map(|p| t.find(p))
        .min()?;
    let prefix = t[..at].trim_end_matches(':');
    is_org(prefix).then(|| prefix.to_string())
}

/// An organisation alone on a line just above the title.
fn issuer_above_title(doc: &Doc, title: &Title) -> Option<Sourced<String>> {
    (title.idx.saturating_sub(5)..title.idx)
        .rev()
        .map(|i| &doc.lines[i])
        .find(|l| is_org(&l.compact) && !is_footer(&l.compact))
        .map(|l| l.sourced(l.norm.clone()))
}

const ISSUER_LABELS: &[&str] = &[
    "答复单位",
    "办理单位",
    "承办单位",
    "主办单位",
    "发文机关",
    "发布机构",
    "发文单位",
    "发布单位",
    "来源单位",
    "信息来源",
    "文章来源",
    "来源",
];

/// An organisation given after one of `labels`; with `site_owner`, the
/// site owner named in the page footer (any value), else only outside it.
fn labelled_org(doc: &Doc, labels: &[&str], site_owner: bool) -> Option<Sourced<String>> {
    labels.iter().find_map(|lab| {
        (0..doc.lines.len()).find_map(|i| {
            let (l, v) = label_value(doc, i, lab)?;
            if !site_owner && is_footer(&doc.lines[i].compact) {
                return None;
            }
            let v = TRAILING_LABELS
                .iter()
                .chain(PUBLISHED_LABELS)
                .filter_map(|t| v.find(t))
                .filter(|&i| i > 0)
                .min()
                .map_or(v.as_str(), |i| &v[..i]);
            (is_org(v) || site_owner).then(|| l.sourced(v.to_string()))
        })
    })
}

fn find_issuer(
    doc: &Doc,
    title: Option<&Title>,
    sig: Option<&Signature>,
) -> Option<Sourced<String>> {
    title
        .and_then(|t| title_issuer(&t.compact).map(|i| sourced_from(&t.sourced, i)))
        .or_else(|| sig.and_then(|s| s.issuer.clone()))
        .or_else(|| title.and_then(|t| issuer_above_title(doc, t)))
        .or_else(|| labelled_org(doc, ISSUER_LABELS, false))
}

fn is_admin_suffix(c: char) -> bool {
    matches!(c, '省' | '市' | '州' | '县' | '区' | '旗' | '盟')
}

/// Characters that cannot be part of a place name (department words follow).
fn is_admin_stop(c: char) -> bool {
    !is_cjk(c)
        || matches!(
            c,
            '局' | '厅'
                | '委'
                | '办'
                | '府'
                | '院'
                | '部'
                | '处'
                | '对'
                | '的'
                | '在'
                | '与'
                | '及'
                | '届'
                | '号'
        )
}

/// Words ending in 区/市/县 that are not administrative areas.
const NOT_PLACES: &[&str] = &[
    "城市", "城区", "市区", "社区", "园区", "景区", "山区", "林区", "矿区", "辖区", "市县", "县区",
    "地区",
];
/// Endings of zones that are not administrative areas (…风景名胜区, …开发区).
const ZONE_SUFFIXES: &[&str] = &[
    "开发区",
    "示范区",
    "保税区",
    "高新区",
    "工业区",
    "管理区",
    "度假区",
    "试验区",
    "实验区",
    "名胜区",
    "景区",
    "园区",
];

/// The place names at the start of `s`, outermost first
/// (`云南省红河州马关县交通局` → 云南省, 红河州, 马关县). A bare level
/// (`省科技厅`, `市云台山…`) names no place.
fn admin_levels(s: &str) -> Vec<String> {
    let cs: Vec<char> = s.chars().collect();
    let mut levels = Vec::new();
    let mut start = 0;
    while start < cs.len() && !is_admin_suffix(cs[start]) {
        let end = (start + 12).min(cs.len());
        let mut found = None;
        for i in start..end {
            let pair = (cs[i], cs.get(i + 1).copied());
            if is_admin_stop(cs[i]) || matches!(pair, ('政', Some('协')) | ('人', Some('大'))) {
                break;
            }
            let continues = i + 1 < cs.len()
                && is_admin_suffix(cs[i + 1])
                && !matches!(
                    (cs[i + 1], cs.get(i + 2)),
                    ('市', Some('场' | '政' | '容')) | ('区', Some('域'))
                );
            if i > start && is_admin_suffix(cs[i]) && !continues {
                found = Some(i);
                break;
            }
        }
        let Some(i) = found else { break };
        let level: String = cs[start..=i].iter().collect();
        if NOT_PLACES.contains(&level.as_str()) || ends_with_any(&level, ZONE_SUFFIXES).is_some() {
            break;
        }
        levels.push(level);
        start = i + 1;
    }
    levels
}

fn region_of(s: &str) -> Option<String> {
    let s = s
        .trim_start_matches("中国人民政治协商会议")
        .trim_start_matches("政协");
    admin_levels(s).pop()
}

/// Province (or municipality) named by a one-character abbreviation.
fn province_of_abbrev(c: char) -> Option<&'static str> {
    Some(match c {
        '京' => "北京市",
        '津' => "天津市",
        '沪' => "上海市",
        '渝' => "重庆市",
        '冀' => "河北省",
        '晋' => "山西省",
        '辽' => "辽宁省",
        '吉' => "吉林省",
        '黑' => "黑龙江省",
        '苏' => "江苏省",
        '浙' => "浙江省",
        '皖' => "安徽省",
        '闽' => "福建省",
        '赣' => "江西省",
        '鲁' => "山东省",
        '豫' => "河南省",
        '鄂' => "湖北省",
        '湘' => "湖南省",
        '粤' => "广东省",
        '琼' => "海南省",
        '川' | '蜀' => "四川省",
        '黔' | '贵' => "贵州省",
        '云' | '滇' => "云南省",
        '陕' | '秦' => "陕西省",
        '甘' | '陇' => "甘肃省",
        '青' => "青海省",
        _ => return None,
    })
}

/// The bare level an issuer starts with (`省` in 省科技厅), if it names no place.
fn bare_level(issuer: &str) -> Option<char> {
    let c = issuer.chars().next()?;
    (is_admin_suffix(c) && admin_levels(issuer).is_empty()).then_some(c)
}

fn find_region(
    doc: &Doc,
    issuer: Option<&Sourced<String>>,
    meeting: Option<&Sourced<String>>,
    doc_number: Option<&Sourced<String>>,
) -> Option<Sourced<String>> {
    let from = |s: &Sourced<String>| region_of(&s.value).map(|r| sourced_from(s, r));
    let level = issuer.and_then(|i| bare_level(&i.value));
    issuer
        .and_then(from)
        .or_else(|| meeting.and_then(from))
        .or_else(|| {
            labelled_org(doc, ISSUER_LABELS, false)
                .as_ref()
                .and_then(from)
        })
        .or_else(|| {
            let d = doc_number?;
            let p = province_of_abbrev(d.value.chars().next()?)?;
            (level == Some('省') && p.ends_with('省')).then(|| sourced_from(d, p.to_string()))
        })
        .or_else(|| {
            let level = level?;
            let owner = labelled_org(doc, &["主办单位", "主办", "版权所有"], true)?;
            let place = admin_levels(&owner.value)
                .into_iter()
                .rev()
                .find(|p| p.ends_with(level))?;
            Some(sourced_from(&owner, place))
        })
}

/// Long official names shortened to the usual short form, so that both
/// spellings of one body group together.
const ISSUER_SHORT: &[(&str, &str)] = &[
    ("科学技术", "科技"),
    ("科学技", "科技"),
    ("发展和改革委员会", "发展改革委"),
    ("发展改革委员会", "发展改革委"),
    ("发改委", "发展改革委"),
    ("人力资源和社会保障", "人力资源社会保障"),
    ("住房和城乡建设", "住房城乡建设"),
    ("市场监督管理", "市场监管"),
    ("卫生健康委员会", "卫生健康委"),
    ("卫健委", "卫生健康委"),
    ("工业和信息化", "工业信息化"),
    ("文化和旅游", "文化旅游"),
    ("教育和体育", "教育体育"),
    ("人民政府办公室", "政府办公室"),
];

/// Normalizes an issuer: short forms, and the region in place of a bare
/// level prefix (`省科技厅` + 贵州省 → 贵州省科技厅) or before a name with no
/// place at all.
fn normalize_issuer(issuer: &str, region: Option<&str>) -> String {
    let mut s = without_spaces(issuer);
    for (long, short) in ISSUER_SHORT {
        s = s.replace(long, short);
    }
    let Some(region) = region else { return s };
    if !admin_levels(&s).is_empty() {
        return s;
    }
    match bare_level(&s) {
        Some(c) if region.ends_with(c) => format!("{region}{}", &s[c.len_utf8()..]),
        Some(_) => s,
        None => format!("{region}{s}"),
    }
}

// ---------------------------------------------------------------------------
// Document number
// ---------------------------------------------------------------------------

fn closing_bracket(open: char) -> Option<char> {
    Some(match open {
        '〔' => '〕',
        '[' => ']',
        '(' => ')',
        '【' => '】',
        '﹝' => '﹞',
        '〖' => '〗',
        _ => return None,
    })
}

/// `黔科提复字〔2022〕56号` somewhere in `s`: prefix of CJK characters,
/// bracketed year, number, 号.
fn doc_number_in(s: &str) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    (0..cs.len()).find_map(|i| {
        let close = closing_bracket(cs[i])?;
        let year: String = cs.get(i + 1..i + 5)?.iter().collect();
        let y: u32 = year.parse().ok()?;
        if !(1949..=2100).contains(&y) || *cs.get(i + 5)? != close {
            return None;
        }
        let mut j = i + 6;
        if cs.get(j) == Some(&'第') {
            j += 1;
        }
        let digits = cs
            .get(j..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || digits > 6 || cs.get(j + digits) != Some(&'号') {
            return None;
        }
        let mut st = i;
        while st > 0 && i - st < 12 && is_cjk(cs[st - 1]) {
            st -= 1;
        }
        (st < i).then(|| cs[st..=j + digits].iter().collect())
    })
}

fn find_doc_number(doc: &Doc) -> Option<Sourced<String>> {
    let labelled = (0..doc.lines.len()).find_map(|i| {
        ["文号", "发文字号", "文件编号"].iter().find_map(|lab| {
            let (l, v) = label_value(doc, i, lab)?;
            doc_number_in(&v).map(|d| l.sourced(d))
        })
    });
    labelled.or_else(|| {
        doc.lines.iter().find_map(|l| {
            let short = l.chars() <= 50
                && few_latin(&l.compact)
                && !l.compact.chars().any(|c| is_sentence_punct(c) && c != ':');
            short
                .then(|| doc_number_in(&l.compact))
                .flatten()
                .map(|d| l.sourced(d))
        })
    })
}

// ---------------------------------------------------------------------------
// Contact
// ---------------------------------------------------------------------------

/// Labels stripped from contact tokens; longer labels before their prefixes.
const CONTACT_LABELS: &[&str] = &[
    "联系人及联系电话",
    "联系人及联系方式",
    "联系人及电话",
    "联系人电话",
    "承办人及联系电话",
    "承办人及电话",
    "经办人及联系电话",
    "经办人及电话",
    "承办股室及电话",
    "承办科室及电话",
    "承办处室及电话",
    "联系人",
    "经办人",
    "承办人",
    "联系电话",
    "联系方式",
    "办公电话",
    "联系单位",
    "承办单位",
    "承办股室",
    "承办科室",
    "承办处室",
    "电话",
    "手机",
    "单位",
    "及",
    "和",
];
/// How a contact line starts.
const CONTACT_STARTS: &[&str] = &[
    "联系人",
    "经办人",
    "承办人",
    "联系电话",
    "联系方式",
    "联系单位",
    "承办股室",
    "承办科室",
    "承办处室",
];
const DEPT_SUFFIXES: &[&str] = &[
    "处", "科", "股", "室", "办", "局", "中心", "站", "所", "部", "组", "队", "委", "厅", "院",
    "馆",
];

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '─' | '―' | '‐' | '－' | '━')
}

/// The first phone number (digits and dashes, 7 or more digits): byte range
/// and the number with any dash written `-`.
fn phone_span(s: &str) -> Option<(usize, usize, String)> {
    let mut start = None;
    let mut phone = String::new();
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        if c.is_ascii_digit() || (is_dash(c) && start.is_some()) {
            start.get_or_insert(i);
            if c.is_ascii_digit() {
                phone.push(c);
            } else if !phone.ends_with('-') {
                phone.push('-');
            }
            continue;
        }
        if let Some(st) = start.take() {
            let p = phone.trim_end_matches('-').to_string();
            if p.chars().filter(char::is_ascii_digit).count() >= 7 {
                return Some(with_area_code(s, st, i, p));
            }
            phone.clear();
        }
    }
    None
}

/// `(0851)85815654`: the bracketed area code in front of a number.
fn with_area_code(s: &str, st: usize, end: usize, phone: String) -> (usize, usize, String) {
    let Some(before) = s[..st].strip_suffix(')') else {
        return (st, end, phone);
    };
    let area: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let open = before.len() - area.len();
    match before[..open].strip_suffix('(') {
        Some(_) if (3..=4).contains(&area.len()) && area.starts_with('0') => {
            (open - 1, end, format!("{area}-{phone}"))
        }
        _ => (st, end, phone),
    }
}

fn strip_contact_label(tok: &str) -> &str {
    let mut t = tok;
    while let Some(lab) = CONTACT_LABELS.iter().find(|l| t.starts_with(*l)) {
        t = &t[lab.len()..];
    }
    t
}

/// `电力股杨祚华` → (电力股, 杨祚华).
fn split_dept_name(tok: &str) -> Option<(String, String)> {
    let cs: Vec<char> = tok.chars().collect();
    if !(4..=14).contains(&cs.len()) {
        return None;
    }
    (2..cs.len() - 1).rev().find_map(|k| {
        let dept: String = cs[..k].iter().collect();
        let name: String = cs[k..].iter().collect();
        let ok = (2..=3).contains(&(cs.len() - k))
            && ends_with_any(&dept, DEPT_SUFFIXES).is_some()
            && ends_with_any(&name, DEPT_SUFFIXES).is_none();
        ok.then_some((dept, name))
    })
}

fn parse_contact(s: &str) -> Contact {
    let mut c = Contact::default();
    let mut text = s.to_string();
    if let Some((st, en, phone)) = phone_span(s) {
        text.replace_range(st..en, " ");
        c.phone = Some(phone);
    }
    let tokens = text
        .split(|ch: char| {
            ch.is_whitespace()
                || matches!(ch, ',' | '，' | '、' | ';' | '；' | ':' | '(' | ')' | '。')
        })
        .map(strip_contact_label)
        .filter(|t| !t.is_empty() && t.chars().all(|ch| is_cjk(ch) || ch == '·'));
    for tok in tokens {
        let n = tok.chars().count();
        let fresh = c.dept.is_none() && c.name.is_none();
        if fresh && n >= 2 && ends_with_any(tok, DEPT_SUFFIXES).is_some() {
            c.dept = Some(tok.to_string());
        } else if let Some((d, name)) = split_dept_name(tok).filter(|_| fresh) {
            c.dept = Some(d);
            c.name = Some(name);
        } else if c.name.is_none() && (1..=4).contains(&n) {
            c.name = Some(tok.to_string());
        }
    }
    c
}

fn is_contact_line(l: &Line) -> bool {
    if l.chars() > 80 {
        return false;
    }
    let s = l.compact.trim_start_matches(['(', '[', '【']);
    let labelled = CONTACT_STARTS.iter().any(|p| s.starts_with(p))
        || s.match_indices("联系人").any(|(at, _)| {
            let next = s[at + "联系人".len()..].chars().next();
            matches!(next, None | Some(':' | '及' | ')' | '、' | ',' | '电'))
        });
    labelled && !is_footer(&l.compact)
}

/// The last block of contact lines after the opening, merged.
fn find_contact(doc: &Doc, body_start: usize) -> Option<Sourced<Contact>> {
    let lines = &doc.lines;
    let last = (body_start..lines.len())
        .rev()
        .find(|&i| is_contact_line(&lines[i]))?;
    let mut first = last;
    while first > body_start && last - first < 3 && is_contact_line(&lines[first - 1]) {
        first -= 1;
    }
    let mut c = Contact::default();
    for l in &lines[first..=last] {
        let at = CONTACT_STARTS
            .iter()
            .filter_map(|p| l.norm.find(p))
            .min()
            .unwrap_or(0);
        let p = parse_contact(&l.norm[at..]);
        c.dept = c.dept.or(p.dept);
        c.name = c.name.or(p.name);
        c.phone = c.phone.or(p.phone);
    }
    if c.phone.is_none() {
        c.phone = lines
            .get(last + 1)
            .filter(|n| n.compact.contains("电话") && n.chars() <= 60)
            .and_then(|n| phone_span(&n.norm))
            .map(|(_, _, p)| p);
    }
    let l = &lines[first];
    (c.name.is_some() || c.phone.is_some()).then(|| l.sourced(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn v(f: &Option<Sourced<String>>) -> Option<&str> {
        f.as_ref().map(|s| s.value.as_str())
    }

    fn num(f: &Option<Sourced<u64>>) -> Option<u64> {
        f.as_ref().map(|s| s.value)
    }

    fn who(f: &Option<Sourced<Contact>>) -> Option<&Contact> {
        f.as_ref().map(|s| &s.value)
    }

    fn line<T>(f: &Option<Sourced<T>>) -> Option<usize> {
        f.as_ref().map(|s| s.line)
    }

    fn contact(dept: Option<&str>, name: Option<&str>, phone: Option<&str>) -> Contact {
        Contact {
            dept: dept.map(str::to_string),
            name: name.map(str::to_string),
            phone: phone.map(str::to_string),
        }
    }

    /// The five real replies in `corpus/` (next to Cargo.toml).
    fn seed(name: &str) -> ReplyFields {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        extract(&text)
    }

    // -- the five seeds ------------------------------------------------------

    #[test]
    fn seed_000_xishuangbanna() {
        let f = seed("000_24d05db7a1763a13.txt");
        assert_eq!(
            v(&f.title),
            Some("对政协西双版纳州十三届二次会议第5号提案的答复")
        );
        assert_eq!(line(&f.title), Some(1));
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(v(&f.meeting), Some("政协西双版纳州十三届二次会议"));
        assert_eq!(num(&f.number), Some(5));
        // The opening 《 is lost in the source: recovered from 关于.
        assert_eq!(
            v(&f.proposal_title),
            Some("关于提升重点产业科技成果产业化率的建议")
        );
        assert_eq!(v(&f.addressee), Some("陈燕萍3位委员"));
        assert_eq!(line(&f.addressee), Some(6));
        assert_eq!(f.proposers, ["陈燕萍"]);
        // No issuer in the title or signature: the 来源 line.
        assert_eq!(v(&f.issuer), Some("西双版纳州科技局"));
        assert_eq!(line(&f.issuer), Some(3));
        assert_eq!(
            f.issuer.as_ref().unwrap().source,
            "来源 :西双版纳州科技局 访问次数 : 发布时间 :2023-10-19"
        );
        assert_eq!(f.issuer_normalized.as_deref(), Some("西双版纳州科技局"));
        assert_eq!(v(&f.region), Some("西双版纳州"));
        assert_eq!(v(&f.published), Some("2023-10-19"));
        // Signature reads `202397`: the only valid split is 2023-9-7.
        assert_eq!(v(&f.date), Some("2023-09-07"));
        assert_eq!(f.date.as_ref().unwrap().source, "202397");
        assert_eq!(v(&f.doc_number), None);
        assert_eq!(
            who(&f.contact),
            Some(&contact(None, Some("莹"), Some("0691-2150218")))
        );
    }

    #[test]
    fn seed_001_yunnan_no_title() {
        let f = seed("001_2ec3d92a9b4a3d62.txt");
        assert_eq!(f.title, None);
        assert_eq!(v(&f.addressee), Some("杨建林委员"));
        assert_eq!(line(&f.addressee), Some(1));
        assert_eq!(f.proposers, ["杨建林"]);
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(f.meeting, None);
        assert_eq!(f.number, None);
        assert_eq!(
            v(&f.proposal_title),
            Some("关于充分发挥云南区位和开放优势加快推动新质生产力发展的提案")
        );
        assert_eq!(v(&f.issuer), Some("云南省科学技厅"));
        assert_eq!(line(&f.issuer), Some(51));
        assert_eq!(f.issuer_normalized.as_deref(), Some("云南省科技厅"));
        assert_eq!(v(&f.region), Some("云南省"));
        assert_eq!(v(&f.date), Some("2024-05-31"));
        assert_eq!(line(&f.date), Some(52));
        assert_eq!(f.published, None);
        assert_eq!(f.doc_number, None);
        assert_eq!(
            who(&f.contact),
            Some(&contact(
                Some("战略规划处"),
                Some("桂宝艳"),
                Some("63104060")
            ))
        );
        assert_eq!(line(&f.contact), Some(53));
    }

    #[test]
    fn seed_002_luzhou_letter() {
        let f = seed("002_1410f8f5c1ce2d66.txt");
        assert_eq!(
            v(&f.title),
            Some("泸州市科学技术局对市政协九届三次会议第114号提案答复的函")
        );
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复的函"));
        assert_eq!(v(&f.meeting), Some("市政协九届三次会议"));
        assert_eq!(num(&f.number), Some(114));
        assert_eq!(
            v(&f.proposal_title),
            Some("关于打造成渝地区双城经济圈科技成果转化示范区的建议")
        );
        assert_eq!(v(&f.addressee), Some("民建泸州市委"));
        assert_eq!(f.proposers, ["民建泸州市委"]);
        assert_eq!(v(&f.issuer), Some("泸州市科学技术局"));
        assert_eq!(f.issuer_normalized.as_deref(), Some("泸州市科技局"));
        assert_eq!(v(&f.region), Some("泸州市"));
        // Stray web text (温馨提示…) after the signature is skipped.
        assert_eq!(v(&f.date), Some("2024-07-29"));
        assert_eq!(line(&f.date), Some(24));
        assert_eq!(f.published, None);
        assert_eq!(f.doc_number, None);
        assert_eq!(f.contact, None);
    }

    #[test]
    fn seed_003_kunming_no_issuer() {
        let f = seed("003_032a5aed1bd1ca86.txt");
        assert_eq!(
            v(&f.title),
            Some("关于政协昆明市第十四届二次会议 第142194号提案答复的函")
        );
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复的函"));
        assert_eq!(v(&f.meeting), Some("政协昆明市第十四届二次会议"));
        assert_eq!(num(&f.number), Some(142194));
        assert_eq!(
            v(&f.proposal_title),
            Some("关于提升我市企业科技创新能力的建议")
        );
        assert_eq!(v(&f.addressee), Some("陈德理委员"));
        assert_eq!(f.proposers, ["陈德理"]);
        // The text never names the answering body.
        assert_eq!(f.issuer, None);
        assert_eq!(f.issuer_normalized, None);
        assert_eq!(v(&f.region), Some("昆明市"));
        assert_eq!(v(&f.date), Some("2023-06-19"));
        assert_eq!(f.published, None);
        assert_eq!(f.doc_number, None);
        assert_eq!(f.contact, None);
    }

    #[test]
    fn seed_004_guizhou() {
        let f = seed("004_de198401c87ff685.txt");
        assert_eq!(
            v(&f.title),
            Some("省科技厅关于省政协十二届五次会议第1085号提案的答复")
        );
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(v(&f.meeting), Some("省政协十二届五次会议"));
        assert_eq!(num(&f.number), Some(1085));
        assert_eq!(v(&f.doc_number), Some("黔科提复字〔2022〕56号"));
        assert_eq!(line(&f.doc_number), Some(11));
        assert_eq!(
            v(&f.proposal_title),
            Some("关于改善科技成果转化机制 促进中小企业健康发展的建议")
        );
        assert_eq!(v(&f.addressee), Some("民建贵州省委员会"));
        assert_eq!(f.proposers, ["民建贵州省委员会"]);
        assert_eq!(v(&f.issuer), Some("省科技厅"));
        // 黔 in the document number names the province of a 省… issuer.
        assert_eq!(v(&f.region), Some("贵州省"));
        assert_eq!(f.issuer_normalized.as_deref(), Some("贵州省科技厅"));
        assert_eq!(v(&f.date), Some("2022-06-30"));
        assert_eq!(v(&f.published), Some("2022-07-25"));
        assert_eq!(line(&f.published), Some(5));
        assert_eq!(
            who(&f.contact),
            Some(&contact(None, Some("周阳"), Some("0851-85815654")))
        );
    }

    // -- synthetic fixtures ---------------------------------------------------

    /// A deputy's suggestion (人大代表建议), CRLF, BOM, full-width digits.
    const DEPUTY: &str = "\u{FEFF}关于市十七届人大三次会议第２３号建议的答复\r\n\r\n\
        王小明代表：\r\n\
        您提出的《关于加快城区停车场建设的建议》收悉，现答复如下：\r\n\
        一、基本情况\r\n\
        近年来，我市新建公共停车场１２处。\r\n\
        感谢您对交通工作的关心和支持。\r\n\
        临江市交通运输局\r\n\
        ２０２３年７月５日\r\n\
        （联系人：李四，联系电话：０７１２—４５６７８９０）\r\n";

    #[test]
    fn deputy_suggestion_with_crlf_bom_fullwidth() {
        let f = extract(DEPUTY);
        assert_eq!(
            v(&f.title),
            Some("关于市十七届人大三次会议第23号建议的答复")
        );
        let title = f.title.as_ref().unwrap();
        assert_eq!(title.line, 1);
        // `source` is the original line (BOM and CR trimmed, width kept).
        assert_eq!(title.source, "关于市十七届人大三次会议第２３号建议的答复");
        assert_eq!(v(&f.kind), Some("建议"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(v(&f.meeting), Some("市十七届人大三次会议"));
        assert_eq!(num(&f.number), Some(23));
        assert_eq!(v(&f.proposal_title), Some("关于加快城区停车场建设的建议"));
        assert_eq!(v(&f.addressee), Some("王小明代表"));
        assert_eq!(line(&f.addressee), Some(3));
        assert_eq!(f.proposers, ["王小明"]);
        assert_eq!(v(&f.issuer), Some("临江市交通运输局"));
        assert_eq!(line(&f.issuer), Some(8));
        assert_eq!(v(&f.region), Some("临江市"));
        assert_eq!(v(&f.date), Some("2023-07-05"));
        assert_eq!(line(&f.date), Some(9));
        assert_eq!(
            who(&f.contact),
            Some(&contact(None, Some("李四"), Some("0712-4567890")))
        );
        assert_eq!(f.published, None);
        assert_eq!(f.doc_number, None);
    }

    /// A bill (议案) answered with 回复, a 〔年份〕号 number, Chinese numerals.
    const BILL: &str = "临江县水利局\n\
        关于县十八届人大二次会议第3号议案办理情况的回复\n\
        临水复〔2024〕7号\n\
        张三、李四等5位代表：\n\
        你们提出的“关于实施城乡供水一体化工程的议案”已交我局办理，现回复如下：\n\
        一、工作进展\n\
        全县已建成规模化水厂3座（见临政发〔2023〕12号文件）。\n\
        临江县水利局\n\
        二〇二四年六月三十日\n";

    #[test]
    fn bill_answered_with_huifu() {
        let f = extract(BILL);
        assert_eq!(
            v(&f.title),
            Some("关于县十八届人大二次会议第3号议案办理情况的回复")
        );
        assert_eq!(line(&f.title), Some(2));
        assert_eq!(v(&f.kind), Some("议案"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(v(&f.meeting), Some("县十八届人大二次会议"));
        assert_eq!(num(&f.number), Some(3));
        // The standalone line, not the citation inside a sentence.
        assert_eq!(v(&f.doc_number), Some("临水复〔2024〕7号"));
        assert_eq!(v(&f.addressee), Some("张三、李四等5位代表"));
        assert_eq!(f.proposers, ["张三", "李四"]);
        assert_eq!(
            v(&f.proposal_title),
            Some("关于实施城乡供水一体化工程的议案")
        );
        assert_eq!(v(&f.issuer), Some("临江县水利局"));
        assert_eq!(v(&f.region), Some("临江县"));
        assert_eq!(v(&f.date), Some("2024-06-30"));
        assert_eq!(line(&f.date), Some(9));
    }

    /// A CPPCC 提案 with a title broken over three lines, page chrome, a
    /// mangled signature date and neighbours' titles in 上一篇/下一篇.
    const BROKEN_TITLE: &str = "当前位置：首页 > 建议提案\n\
        临江县农业农村局\n\
        关于对县政协十届二次会议\n\
        第15号提案的\n\
        答 复\n\
        发布时间：2021年09月03日 浏览次数：12\n\
        刘一委员：\n\
        您在县政协十届二次会议上提出的“关于发展特色种植业的建议”提案收悉，现答复如下：\n\
        我局高度重视。\n\
        临江县农业农村局\n\
        2021823\n\
        上一篇：关于对县政协十届二次会议第14号提案的答复\n\
        下一篇：关于对县政协十届二次会议第16号提案的答复\n\
        x 关闭\n";

    #[test]
    fn broken_title_chrome_and_mangled_date() {
        let f = extract(BROKEN_TITLE);
        assert_eq!(
            v(&f.title),
            Some("关于对县政协十届二次会议第15号提案的答复")
        );
        assert_eq!(line(&f.title), Some(3));
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.letter), Some("答复"));
        assert_eq!(v(&f.meeting), Some("县政协十届二次会议"));
        assert_eq!(num(&f.number), Some(15));
        assert_eq!(v(&f.published), Some("2021-09-03"));
        assert_eq!(v(&f.addressee), Some("刘一委员"));
        assert_eq!(v(&f.proposal_title), Some("关于发展特色种植业的建议"));
        assert_eq!(v(&f.issuer), Some("临江县农业农村局"));
        assert_eq!(v(&f.region), Some("临江县"));
        // 2021823: only 8/23 is a valid month/day split.
        assert_eq!(v(&f.date), Some("2021-08-23"));
        assert_eq!(line(&f.date), Some(11));
    }

    /// A co-handling opinion on a page with a metadata table, the proposer
    /// named inside the opening, and a footer naming the site owner.
    const COHANDLING: &str = "| 索 引 号 | 123/2020-01 | 发布机构 | 云台市信息中心 |\n\
        | 标 题 | 对市政协八届三次会议第102号提案的协办意见 | 发文日期 | 2020-06-11 |\n\
        | 文 号 | 云公函〔2020〕9号 | 主 题 词 | |\n\
        市教育局：\n\
        现对民盟云台市委提出的《关于加强校园安全的提案》提出如下协办意见：\n\
        一、加强巡逻。\n\
        云台市公安局\n\
        2020年6月5日\n\
        联系人：王五；联系电话：12345678\n\
        主办单位：云台市人民政府办公室 地址：人民路1号\n";

    #[test]
    fn cohandling_opinion_in_a_table() {
        let f = extract(COHANDLING);
        assert_eq!(
            v(&f.title),
            Some("对市政协八届三次会议第102号提案的协办意见")
        );
        assert_eq!(v(&f.letter), Some("协办意见"));
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.meeting), Some("市政协八届三次会议"));
        assert_eq!(num(&f.number), Some(102));
        assert_eq!(v(&f.doc_number), Some("云公函〔2020〕9号"));
        assert_eq!(v(&f.published), Some("2020-06-11"));
        // 市教育局 is the main handler, not the proposer.
        assert_eq!(v(&f.addressee), Some("民盟云台市委"));
        assert_eq!(f.proposers, ["民盟云台市委"]);
        assert_eq!(v(&f.proposal_title), Some("关于加强校园安全的提案"));
        assert_eq!(v(&f.issuer), Some("云台市公安局"));
        assert_eq!(v(&f.region), Some("云台市"));
        assert_eq!(v(&f.date), Some("2020-06-05"));
        assert_eq!(
            who(&f.contact),
            Some(&contact(None, Some("王五"), Some("12345678")))
        );
    }

    #[test]
    fn footer_is_not_the_issuer_but_names_the_bare_level() {
        let text = "对区九届人大四次会议第31号代表建议的答复\n\
            来源：区住房和城乡建设局\n\
            赵六代表：\n\
            您提出的《关于增设公共厕所的建议》收悉，现答复如下：\n\
            我局将积极推进。\n\
            主办单位：北湖市东湖区人民政府 地址：江畔路1号 邮编：100000\n";
        let f = extract(text);
        assert_eq!(v(&f.issuer), Some("区住房和城乡建设局"));
        assert_eq!(v(&f.region), Some("东湖区"));
        assert_eq!(f.issuer_normalized.as_deref(), Some("东湖区住房城乡建设局"));
        assert_eq!(v(&f.kind), Some("建议"));
        assert_eq!(f.date, None, "no signature date: not guessed");
    }

    #[test]
    fn province_from_document_number() {
        let text = "省教育厅关于省政协十三届一次会议第88号提案的答复\n\
            滇教提复〔2023〕12号\n\
            致公党云南省委：\n\
            贵单位提出的《关于加强职业教育的建议》收悉，现答复如下：\n\
            一、总体情况\n\
            2023年6月1日\n";
        let f = extract(text);
        assert_eq!(v(&f.issuer), Some("省教育厅"));
        assert_eq!(v(&f.region), Some("云南省"));
        assert_eq!(f.issuer_normalized.as_deref(), Some("云南省教育厅"));
        assert_eq!(v(&f.addressee), Some("致公党云南省委"));
        assert_eq!(f.proposers, ["致公党云南省委"]);
        assert_eq!(v(&f.date), Some("2023-06-01"));
    }

    #[test]
    fn one_paragraph_page_is_cut_into_segments() {
        let body = "近年来，我县每年都组织开展全民健身运动会和各类人群综合性赛事，围绕重要时间节点策划组织形式多样的主题健身活动。";
        let text = format!(
            "发布机构 | 临江县体育事业发展中心 | 发布日期 | 2021-08-02 |\n\
             标 题 | 关于对开展全民健身的提案的答复 |\n\
             张晓哲委员: 您提出的“开展全民健身,增强体质”提案收悉,现将办理情况答复如下: {body} {body} 联系电话:3221671 2021年7月15日 |\n"
        );
        let f = extract(&text);
        assert_eq!(v(&f.title), Some("关于对开展全民健身的提案的答复"));
        assert_eq!(v(&f.addressee), Some("张晓哲委员"));
        assert_eq!(v(&f.proposal_title), Some("开展全民健身,增强体质"));
        assert_eq!(v(&f.issuer), Some("临江县体育事业发展中心"));
        assert_eq!(v(&f.region), Some("临江县"));
        assert_eq!(v(&f.published), Some("2021-08-02"));
        assert_eq!(v(&f.date), Some("2021-07-15"));
        assert_eq!(line(&f.date), Some(3));
        assert_eq!(who(&f.contact), Some(&contact(None, None, Some("3221671"))));
    }

    #[test]
    fn number_without_di_and_deputy_with_level() {
        let text = "对君山区第五届人民代表大会第四次会议16号议案《关于开通公交车线路的建设》\n\
            答 复\n\
            尊敬的王亚春区人大代表:\n\
            您在君山区第五届人民代表大会第四次会议提出《关于开通公交车线路的建议》已收悉,现答复如下:\n\
            2020年7月15日\n\
            承办人及联系电话:邓顺锡 13789037627\n";
        let f = extract(text);
        assert_eq!(
            v(&f.title),
            Some("对君山区第五届人民代表大会第四次会议16号议案《关于开通公交车线路的建设》答复")
        );
        assert_eq!(v(&f.kind), Some("议案"));
        assert_eq!(num(&f.number), Some(16));
        assert_eq!(v(&f.meeting), Some("君山区第五届人民代表大会第四次会议"));
        assert_eq!(v(&f.region), Some("君山区"));
        assert_eq!(v(&f.addressee), Some("王亚春区人大代表"));
        assert_eq!(f.proposers, ["王亚春"]);
        assert_eq!(
            who(&f.contact),
            Some(&contact(None, Some("邓顺锡"), Some("13789037627")))
        );
    }

    #[test]
    fn kind_from_role_when_the_text_names_nothing_else() {
        let deputy = "郭宏杰代表:\n您提出的《关于解决低保问题的建议》已收悉,现答复如下:\n正文。\n抚顺市民政局\n二○一八年四月三日\n";
        let f = extract(deputy);
        assert_eq!(v(&f.kind), Some("建议"));
        assert_eq!(v(&f.date), Some("2018-04-03"));
        assert_eq!(v(&f.issuer), Some("抚顺市民政局"));
        let member =
            "刘林波委员:\n你提出的关于安装净化设备的建议,已交我们研究办理,现答复如下:\n正文。\n";
        let f = extract(member);
        assert_eq!(v(&f.kind), Some("提案"));
        assert_eq!(v(&f.proposal_title), Some("关于安装净化设备的建议"));
    }

    #[test]
    fn inline_proposer_in_opening() {
        let text = "达川区经济和信息化局关于区政协三届一次会议第033号提案协办意见的函\n\
            达川经信函〔2021〕153号\n\
            区乡村振兴局:\n\
            现将田龙琼委员在区政协三届一次会议上提出的《关于加大乡村基础设施建设扶持力度的建议》(第033号提案)协办意见函告如下:\n\
            正文。\n\
            达州市达川区经济和信息化局\n\
            2021年12月24日\n\
            (承办股室及电话:电力股杨祚华0818—5123202)\n";
        let f = extract(text);
        assert_eq!(v(&f.addressee), Some("田龙琼委员"));
        assert_eq!(f.proposers, ["田龙琼"]);
        assert_eq!(num(&f.number), Some(33));
        assert_eq!(v(&f.letter), Some("协办意见"));
        assert_eq!(v(&f.issuer), Some("达川区经济和信息化局"));
        assert_eq!(
            who(&f.contact),
            Some(&contact(
                Some("电力股"),
                Some("杨祚华"),
                Some("0818-5123202")
            ))
        );
    }

    #[test]
    fn text_with_no_fields() {
        for text in [
            "今天天气很好。\n我们去公园散步，看到很多花。\n",
            "首页 > 政务公开 > 建议提案\n上一篇：无\n下一篇：无\nx 关闭\n",
            "",
        ] {
            assert_eq!(extract(text), ReplyFields::default(), "{text:?}");
        }
    }

    #[test]
    fn prose_about_replies_is_not_a_reply() {
        let text = "dafu indexes Chinese government replies to proposals (提案答复, 建议答复).\n\
            A title line (对政协西双版纳州十三届二次会议第5号提案的答复), a document number\n\
            - doc_number: e.g. 黔科提复字〔2022〕56号\n\
            How did each agency answer proposal 第1085号?\n";
        let f = extract(text);
        assert_eq!(f.title, None);
        assert_eq!(f.kind, None);
        assert_eq!(f.meeting, None);
        assert_eq!(f.number, None);
        assert_eq!(f.doc_number, None);
    }

    #[test]
    fn body_citations_are_not_fields() {
        // A document number, a meeting and a date inside sentences only.
        let text = "根据《临江县促进条例》（临政发〔2019〕2号），省第十二届人民代表大会常务委员会第三十二次会议通过。\n\
            2019年起施行，成效显著。\n";
        let f = extract(text);
        assert_eq!(f.doc_number, None);
        assert_eq!(f.meeting, None);
        assert_eq!(f.date, None);
    }

    #[test]
    fn serializes_to_json() {
        let f = extract(DEPUTY);
        let j = serde_json::to_value(&f).unwrap();
        assert_eq!(j["number"]["value"], 23);
        assert_eq!(j["number"]["line"], 1);
        assert_eq!(j["proposers"][0], "王小明");
        assert_eq!(j["contact"]["value"]["phone"], "0712-4567890");
        assert!(j["doc_number"].is_null());
    }

    // -- dates -----------------------------------------------------------------

    #[test]
    fn parse_date_formats() {
        let ok = [
            ("2024年5月31日", "2024-05-31"),
            ("2024年05月31日", "2024-05-31"),
            ("2024年5月31号", "2024-05-31"),
            (" 2024 年 5 月 31 日 ", "2024-05-31"),
            ("2024-05-31", "2024-05-31"),
            ("2024.5.31", "2024-05-31"),
            ("2024/5/31", "2024-05-31"),
            ("２０２４年５月３１日", "2024-05-31"),
            ("２０２４－０５－３１", "2024-05-31"),
            ("２０２４／５／３１", "2024-05-31"),
            ("二〇二四年五月三十一日", "2024-05-31"),
            ("二○二四年五月三十一日", "2024-05-31"),
            ("二O二四年五月三十一日", "2024-05-31"),
            ("二零二四年十二月一日", "2024-12-01"),
            ("二〇二三年十月二十日", "2023-10-20"),
            ("2023年五月廿一日", "2023-05-21"),
            ("2019月6月11日", "2019-06-11"),
            ("2024-02-29", "2024-02-29"),
            ("2000-02-29", "2000-02-29"),
            ("20241018", "2024-10-18"),
            ("202397", "2023-09-07"),
            ("2023526", "2023-05-26"),
            ("2021823", "2021-08-23"),
        ];
        for (input, want) in ok {
            assert_eq!(parse_date(input).as_deref(), Some(want), "{input:?}");
        }
    }

    #[test]
    fn parse_date_rejects() {
        let bad = [
            "",
            "  ",
            "2024",
            "2024年5月",
            "2024-13-01",
            "2024-00-10",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "1899-01-01",
            "2024-05-31-01",
            "2024年5月31日下午",
            "hello",
            "5月31日",
            "31/05/2024",
            "202312",   // could be 2023-12 with the day lost
            "2023111",  // 1 Nov or 11 Jan
            "2023101",  // 1 Oct or 10 Jan
            "12345678", // year 1234
            "2024..5.31",
            "2024-5-",
        ];
        for input in bad {
            assert_eq!(parse_date(input), None, "{input:?}");
        }
    }

    #[test]
    fn date_in_signature_and_label_lines() {
        assert_eq!(date_prefix("2022-07-25 15:33"), Some("2022-07-25".into()));
        assert_eq!(date_prefix("2024年06月12日15时"), Some("2024-06-12".into()));
        assert_eq!(date_prefix("202310191533"), Some("2023-10-19".into()));
        assert_eq!(
            date_suffix("临江县水利局 2024年6月26日").map(|(p, d)| (p.trim().to_string(), d)),
            Some(("临江县水利局".to_string(), "2024-06-26".to_string()))
        );
        assert_eq!(
            strip_signature_noise("2024年6月26日(此件公开发布)"),
            "2024年6月26日"
        );
    }

    // -- helpers ---------------------------------------------------------------

    #[test]
    fn chinese_numbers() {
        assert_eq!(parse_cn_number("三十一"), Some(31));
        assert_eq!(parse_cn_number("十"), Some(10));
        assert_eq!(parse_cn_number("十二"), Some(12));
        assert_eq!(parse_cn_number("一百二十"), Some(120));
        assert_eq!(parse_cn_number("二〇二四"), Some(2024));
        assert_eq!(parse_cn_number("廿一"), Some(21));
        assert_eq!(parse_cn_number("甲"), None);
    }

    #[test]
    fn proposal_number_forms() {
        let first = |t: &str| proposal_numbers(t, true).first().map(|&(n, _)| n);
        assert_eq!(first("对政协X县十届二次会议第5号提案的答复"), Some(5));
        assert_eq!(first("会议第二十号提案"), Some(20));
        assert_eq!(first("五届五次会议1号建议的回复"), Some(1));
        assert_eq!(first("会议49号提案"), Some(49));
        assert_eq!(first("第033号"), Some(33));
        assert_eq!(first("马交复〔2023〕第124号"), None);
        assert_eq!(first("黔科提复字〔2022〕56号"), None);
        assert_eq!(first("地址：人民路132号"), None);
        assert_eq!(kind_after_number("第4号代表建议的答复"), Some("建议"));
    }

    #[test]
    fn meetings() {
        let cases = [
            (
                "对政协西双版纳州十三届二次会议第5号提案",
                Some("政协西双版纳州十三届二次会议"),
            ),
            (
                "泸州市科学技术局对市政协九届三次会议第114号",
                Some("市政协九届三次会议"),
            ),
            (
                "关于政协昆明市第十四届二次会议第1号",
                Some("政协昆明市第十四届二次会议"),
            ),
            (
                "关于答复县十七届人大三次会议第413号",
                Some("县十七届人大三次会议"),
            ),
            ("十四届全国人大二次会议", Some("十四届全国人大二次会议")),
            (
                "对中国人民政治协商会议砚山县九届委员会第三次会议第124号",
                Some("中国人民政治协商会议砚山县九届委员会第三次会议"),
            ),
            ("省第十二届人民代表大会常务委员会第三十二次会议通过", None),
            ("召开专题会议研究", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_meeting(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn places() {
        assert_eq!(
            admin_levels("云南省红河州马关县交通运输局"),
            ["云南省", "红河州", "马关县"]
        );
        assert_eq!(admin_levels("泸州市市场监督管理局"), ["泸州市"]);
        assert_eq!(admin_levels("贵州省科技厅"), ["贵州省"]);
        assert_eq!(admin_levels("君山区人大"), ["君山区"]);
        assert!(admin_levels("省科技厅").is_empty());
        assert!(admin_levels("市云台山风景名胜区管理委员会").is_empty());
        assert!(admin_levels("临江经济开发区管委会").is_empty());
        assert_eq!(
            region_of("政协西双版纳州十三届二次会议").as_deref(),
            Some("西双版纳州")
        );
        assert_eq!(region_of("市政协九届三次会议"), None);
    }

    #[test]
    fn issuer_normalization() {
        assert_eq!(
            normalize_issuer("云南省科学技术厅", Some("云南省")),
            "云南省科技厅"
        );
        assert_eq!(
            normalize_issuer("云南省科学技厅", Some("云南省")),
            "云南省科技厅"
        );
        assert_eq!(normalize_issuer("省科技厅", Some("贵州省")), "贵州省科技厅");
        assert_eq!(normalize_issuer("省科技厅", Some("昆明市")), "省科技厅");
        assert_eq!(normalize_issuer("省科技厅", None), "省科技厅");
        assert_eq!(
            normalize_issuer("交通运输局", Some("马关县")),
            "马关县交通运输局"
        );
        assert_eq!(
            normalize_issuer("泸州市 科学技术局", Some("泸州市")),
            "泸州市科技局"
        );
        assert_eq!(
            normalize_issuer("市发展和改革委员会", Some("临江市")),
            "临江市发展改革委"
        );
    }

    #[test]
    fn proposer_splitting() {
        assert_eq!(split_proposers("陈燕萍3位委员"), ["陈燕萍"]);
        assert_eq!(split_proposers("马青、周丽等委员"), ["马青", "周丽"]);
        assert_eq!(split_proposers("张三委员、李四委员"), ["张三", "李四"]);
        assert_eq!(split_proposers("王五等三名代表"), ["王五"]);
        assert_eq!(split_proposers("尊敬的王亚春区人大代表"), ["王亚春"]);
        assert_eq!(split_proposers("民建泸州市委"), ["民建泸州市委"]);
        assert_eq!(split_proposers("九三学社"), ["九三学社"]);
        assert!(split_proposers("各位代表").is_empty());
        assert!(split_proposers("本次会议代表").is_empty());
        assert_eq!(addressee_of("政协委员:"), None);
        assert_eq!(addressee_of("来源:临江县政府"), None);
        assert_eq!(addressee_of("市教育局:"), None);
    }

    #[test]
    fn contacts() {
        assert_eq!(
            parse_contact("联系人及电话:战略规划处,桂宝艳,63104060)"),
            contact(Some("战略规划处"), Some("桂宝艳"), Some("63104060"))
        );
        assert_eq!(
            parse_contact("联系人:周阳,联系方式:0851-85815654"),
            contact(None, Some("周阳"), Some("0851-85815654"))
        );
        assert_eq!(
            parse_contact("联系单位和联系人及电话:县林业和草原局 黑绍刚 3123363"),
            contact(Some("县林业和草原局"), Some("黑绍刚"), Some("3123363"))
        );
        assert_eq!(
            phone_span("电话:0876——3066582。").map(|p| p.2),
            Some("0876-3066582".into())
        );
        assert_eq!(phone_span("第5号"), None);
        assert_eq!(
            phone_span("电话:(0851)85815654").map(|p| p.2),
            Some("0851-85815654".into())
        );
        assert_eq!(
            parse_contact("联系人:张三 (0851)85815654"),
            contact(None, Some("张三"), Some("0851-85815654"))
        );
    }

    #[test]
    fn labels_with_spaces_and_bars() {
        assert_eq!(
            title_text("标 题: 关于X县政协第1号提案的答复"),
            "关于X县政协第1号提案的答复"
        );
        assert_eq!(
            clean_line("| 标 题 | 关于A的答复 | ||"),
            "标 题 关于A的答复"
        );
        assert_eq!(clean_line("  • 上街区公安局"), "上街区公安局");
        assert_eq!(
            label_rest("发布机构 盐池县教体局 文 号", "发布机构"),
            Some("盐池县教体局 文 号")
        );
        assert_eq!(label_rest("资金来源:财政局", "来源"), None);
    }

    // -- robustness --------------------------------------------------------------

    /// A small deterministic generator (no external crates).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let huge_line: String = "关于第1号提案的答复《》“”会议届次二〇二三年提出在委员：联系人 0123-4567890 〔2023〕5号|"
            .repeat(4000);
        let many_lines = "第\n号\n《\n》\n2023\n年\n:\n委员\n".repeat(5000);
        let odd = [
            String::new(),
            " \t\r\n \u{3000}\n\n".to_string(),
            "\u{FEFF}".to_string(),
            "\r\r\r".to_string(),
            "》》》》《《《“”第号〔〕【】((()))".to_string(),
            "第号第号提案第999999999999999999999号建议".to_string(),
            "二〇二四年十三月四十日\n9999年99月99日\n".to_string(),
            "委员:\n代表:\n:\n尊敬的\n".to_string(),
            "联系人\n联系人:\n电话:-------\n".to_string(),
            huge_line.clone(),
            format!("{huge_line}\n{huge_line}"),
            many_lines,
            "关于".repeat(100_000),
            "提出".repeat(100_000),
            "》".repeat(100_000),
        ];
        for text in &odd {
            let _ = extract(text);
        }
        let mut rng = Lcg(42);
        for _ in 0..300 {
            let bytes: Vec<u8> = (0..rng.next() % 600).map(|_| rng.next() as u8).collect();
            let _ = extract(&String::from_utf8_lossy(&bytes));
        }
        let alphabet: Vec<char> = "关于对第号提案建议议案的答复回复函委员代表会议政协人大届次一二三十〇○年月日0123456789-./:：《》“”〔〕()（）【】|•\n\r 　局厅市县区省州联系人电话收悉如下来源发布时间"
            .chars()
            .collect();
        for _ in 0..2000 {
            let len = (rng.next() % 300) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = extract(&text);
            let _ = parse_date(&text);
        }
    }
}
