//! Organisations: what reads as the name of one, and one given after a
//! label (发布机构, 主办单位…). Used by the issuer, the title and the
//! division rules.

use super::Sourced;
use super::labels::{PUBLISHED_LABELS, TRAILING_LABELS, label_value};
use super::layout::{Doc, is_footer};
use super::text::{contains_any, ends_with_any, is_sentence_punct};

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
pub(super) fn is_org(s: &str) -> bool {
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

/// Labels of the site owner in a page footer.
pub(super) const SITE_OWNER_LABELS: &[&str] = &["主办单位", "主办", "版权所有"];

/// Labels that may follow a metadata value with no space between
/// (`来源:某县教育局更新时间:…`); an organisation's name holds none of them.
const VALUE_ENDS: &[&str] = &[
    "更新时间",
    "更新日期",
    "时间",
    "日期",
    "编辑",
    "审核",
    "阅读",
    "浏览",
    "点击",
    "字号",
];

/// A metadata value cut where the next label starts, without the brackets
/// around it (`【某县教育局】`).
fn org_value(v: &str) -> &str {
    const BRACKETS: [char; 6] = ['【', '】', '[', ']', '(', ')'];
    let v = v.trim_matches(BRACKETS);
    let cut = TRAILING_LABELS
        .iter()
        .chain(PUBLISHED_LABELS)
        .chain(VALUE_ENDS)
        .filter_map(|t| v.find(t))
        .filter(|&i| i > 0)
        .min()
        .map_or(v, |i| &v[..i]);
    cut.trim_end_matches(BRACKETS)
}

/// An organisation given after one of `labels`; with `site_owner`, the
/// site owner named in the page footer (any value), else only outside it.
pub(super) fn labelled_org(
    doc: &Doc,
    labels: &[&str],
    site_owner: bool,
) -> Option<Sourced<String>> {
    labels.iter().find_map(|lab| {
        (0..doc.lines.len()).find_map(|i| {
            let (l, v) = label_value(doc, i, lab)?;
            if !site_owner && is_footer(&doc.lines[i].compact) {
                return None;
            }
            let v = org_value(&v);
            (is_org(v) || site_owner).then(|| l.sourced(v.to_string()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_values() {
        assert_eq!(org_value("某县教育局更新时间:2023-05-06"), "某县教育局");
        assert_eq!(org_value("【某县教育局】"), "某县教育局");
        assert_eq!(org_value("某县教育局】【发布时间:2023"), "某县教育局");
        assert!(is_org(org_value("某县教育局编辑:张三")));
    }
}
