//! The proposal's own title, quoted in the title or the opening.

use super::Sourced;
use super::layout::{HeadLine, Title, sourced_from};
use super::number::proposal_numbers;
use super::text::{KINDS, contains_any, ends_with_any, tail_chars};

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

pub(super) fn find_proposal_title(
    head: &[HeadLine],
    title: Option<&Title>,
) -> Option<Sourced<String>> {
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
