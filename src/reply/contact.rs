//! The contact block: department, person, phone.

use super::layout::{Doc, Line, is_footer};
use super::text::{ends_with_any, is_cjk};
use super::{Contact, Sourced};

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
pub(super) fn find_contact(doc: &Doc, body_start: usize) -> Option<Sourced<Contact>> {
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

    fn contact(dept: Option<&str>, name: Option<&str>, phone: Option<&str>) -> Contact {
        Contact {
            dept: dept.map(str::to_string),
            name: name.map(str::to_string),
            phone: phone.map(str::to_string),
        }
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
}
