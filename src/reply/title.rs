//! The title, the kind of letter (答复, 答复的函, 协办意见) and the kind of
//! proposal (提案, 建议, 议案).

use super::Sourced;
use super::labels::{PUBLISHED_LABELS, TRAILING_LABELS, find_label};
use super::layout::{Doc, HeadLine, TITLE_WINDOW, Title, is_chrome, sourced_from};
use super::number::proposal_numbers;
use super::org::is_org;
use super::people::PERSON_SUFFIXES;
use super::text::{
    KINDS, contains_any, ends_with_any, few_latin, is_sentence_punct, without_spaces,
};

const LETTER_WORDS: &[&str] = &["答复", "回复", "复函", "协办意见", "办理意见"];

const TITLE_LABELS: &[&str] = &["文章标题", "标题", "题目", "名称"];

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

pub(super) fn find_title(doc: &Doc) -> Option<Title> {
    let limit = doc.first_opening().min(TITLE_WINDOW);
    (0..limit).find_map(|i| (1..=3).find_map(|span| title_at(doc, i, span)))
}

// -- Letter ------------------------------------------------------------------

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

pub(super) fn find_letter(head: &[HeadLine], title: Option<&Title>) -> Option<Sourced<String>> {
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

// -- Kind --------------------------------------------------------------------

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
pub(super) struct KindFacts<'a> {
    pub(super) meeting: Option<&'a Sourced<String>>,
    pub(super) proposal_title: Option<&'a Sourced<String>>,
    pub(super) addressee: Option<&'a Sourced<String>>,
}

pub(super) fn find_kind(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_label_is_dropped() {
        assert_eq!(
            title_text("标 题: 关于X县政协第1号提案的答复"),
            "关于X县政协第1号提案的答复"
        );
    }

    #[test]
    fn kind_right_after_the_number() {
        assert_eq!(kind_after_number("第4号代表建议的答复"), Some("建议"));
    }
}
