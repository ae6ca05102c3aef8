//! The addressee and the proposers named in it.

use super::Sourced;
use super::issuer::is_admin_suffix;
use super::layout::{Doc, HeadLine, Title};
use super::text::{
    contains_any, ends_with_any, is_cjk, is_cn_numeral, is_sentence_punct, tail_chars,
};

/// Roles after a person's name, longest first.
pub(super) const PERSON_SUFFIXES: &[&str] = &[
    "人大代表",
    "政协委员",
    "委员",
    "代表",
    "同志",
    "先生",
    "女士",
    "老师",
];

/// Words naming a group: the parties (short and full names), federations,
/// sectors (界别) and panels.
const GROUP_KEYWORDS: &[&str] = &[
    "民主同盟",
    "民主建国会",
    "民主促进会",
    "国民党革命委员会",
    "民主自治同盟",
    "工商业联合会",
    "无党派",
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
    "界别",
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

pub(super) fn find_addressee(
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

/// Words between the proposers and 提出 (`等5位代表联名提出`, `所提出`).
const BEFORE_PROPOSED: &[&str] = &["联名", "领衔", "共同", "所"];

/// The proposers that end `b` (the text before 提出): persons with a role
/// (`张三、李四等5位代表`) or a group (`九三学社某市委`).
fn inline_name(b: &str) -> Option<String> {
    let mut b = b;
    while let Some(w) = ends_with_any(b, BEFORE_PROPOSED) {
        b = &b[..b.len() - w.len()];
    }
    let cs: Vec<char> = b.chars().collect();
    let mut from = cs.len();
    while from > 0 && cs.len() - from < 24 {
        let c = cs[from - 1];
        // A count of persons (`5位`, `12名`) belongs to the list.
        let count = c.is_ascii_digit()
            && cs
                .get(from)
                .is_some_and(|&n| matches!(n, '位' | '名') || n.is_ascii_digit());
        if is_inline_stop(c) && !count {
            break;
        }
        from -= 1;
    }
    // After a date (`3月张三代表`) the 月 is not part of the name.
    if from > 0 && cs[from - 1].is_ascii_digit() && matches!(cs.get(from), Some('年' | '月' | '日'))
    {
        from += 1;
    }
    let name: String = cs[from..].iter().collect();
    let short_names = split_proposers(&name)
        .iter()
        .all(|n| n.chars().count() <= 4 || n.contains('·'));
    ((is_person_addressee(&name) && short_names) || (is_group(&name) && name.chars().count() >= 3))
        .then_some(name)
}

/// `现将田龙琼委员在…会议上提出的`, `现对九三学社提出的`: the proposer named in
/// the opening when there is no addressee line.
pub(super) fn inline_addressee(head: &[HeadLine]) -> Option<Sourced<String>> {
    head.iter().filter(|h| !h.is_title).find_map(|h| {
        let s = &h.text;
        s.match_indices("提出").take(8).find_map(|(at, _)| {
            let before = tail_chars(&s[..at], 60);
            let clause = before.rfind('在').map(|i| &before[..i]);
            [Some(before.as_str()), clause]
                .into_iter()
                .flatten()
                .find_map(inline_name)
                .map(|name| h.line.sourced(name))
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
pub(super) fn split_proposers(addressee: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposer_splitting() {
        assert_eq!(split_proposers("陈燕萍3位委员"), ["陈燕萍"]);
        assert_eq!(split_proposers("马青、周丽等委员"), ["马青", "周丽"]);
        assert_eq!(split_proposers("张三委员、李四委员"), ["张三", "李四"]);
        assert_eq!(split_proposers("王五等三名代表"), ["王五"]);
        assert_eq!(split_proposers("尊敬的王亚春区人大代表"), ["王亚春"]);
        assert_eq!(split_proposers("民建泸州市委"), ["民建泸州市委"]);
        assert_eq!(split_proposers("九三学社"), ["九三学社"]);
        assert_eq!(
            addressee_of("中国民主同盟某市委员会:").as_deref(),
            Some("中国民主同盟某市委员会")
        );
        assert_eq!(
            addressee_of("区政协教育界别:").as_deref(),
            Some("区政协教育界别")
        );
        assert_eq!(split_proposers("区政协教育界别"), ["区政协教育界别"]);
    }

    #[test]
    fn proposers_named_in_the_opening() {
        let name = |b: &str| inline_name(b);
        assert_eq!(
            name("现将张三、李四等5位代表联名").as_deref(),
            Some("张三、李四等5位代表")
        );
        assert_eq!(name("王五代表领衔").as_deref(), Some("王五代表"));
        assert_eq!(
            name("现对九三学社某市委员会").as_deref(),
            Some("九三学社某市委员会")
        );
        assert_eq!(name("于2024年3月张三代表").as_deref(), Some("张三代表"));
        assert_eq!(name("经研究"), None);
        assert!(split_proposers("各位代表").is_empty());
        assert!(split_proposers("本次会议代表").is_empty());
        assert_eq!(addressee_of("政协委员:"), None);
        assert_eq!(addressee_of("来源:临江县政府"), None);
        assert_eq!(addressee_of("市教育局:"), None);
    }
}
