//! Labelled values: `发布时间：2023-10-19`, `文 号 X〔2022〕5号`, the
//! metadata lines and tables of a web page.

use super::Sourced;
use super::dates::date_prefix;
use super::layout::{Doc, Line};
use super::text::is_cjk;

/// Finds `label` in `s` at the start of a token, letting spaces sit between
/// its characters (`标 题`, `文 号`); returns the byte range it covers.
pub(super) fn find_label(s: &str, label: &str) -> Option<(usize, usize)> {
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

/// Labelled values (来源, 发布时间, 文号, …) sit on lines at most this long
/// (bytes); longer lines are body text.
const LABEL_LINE_MAX: usize = 600;

/// The value of `label` on line `i`: the first token after it, or the next
/// line when the label ends its line. Returns the line the value is on.
pub(super) fn label_value<'d>(
    doc: &'d Doc,
    i: usize,
    label: &str,
) -> Option<(&'d Line<'d>, String)> {
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

/// Labels of the date a page was published.
pub(super) const PUBLISHED_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "公开日期",
    "公开时间",
    "发文日期",
    "发文时间",
];

/// Labels of page furniture; a title line is cut where one begins.
pub(super) const TRAILING_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "来源",
    "浏览次数",
    "访问次数",
    "点击数",
    "作者",
    "字体",
];

/// The first date following one of `labels` in the first `limit` lines
/// (`发布时间 :2023-10-19`, or the date on the next line).
pub(super) fn label_date(doc: &Doc, labels: &[&str], limit: usize) -> Option<Sourced<String>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_spaces() {
        assert_eq!(
            label_rest("发布机构 盐池县教体局 文 号", "发布机构"),
            Some("盐池县教体局 文 号")
        );
        assert_eq!(label_rest("资金来源:财政局", "来源"), None);
    }
}
