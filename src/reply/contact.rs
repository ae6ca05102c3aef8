//! The contact block: department, person, phone.

use super::dates::{date_suffix, parse_date};
use super::layout::{Doc, Line, is_chrome, is_footer};
use super::text::{contains_any, ends_with_any, is_cjk};
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

/// How a line giving only a phone starts; it counts as a contact line only
/// with a number on it (`手机+密码登录` is a login link).
const PHONE_STARTS: &[&str] = &["电话", "手机", "办公电话", "联系手机"];

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
            // More than 12 digits is an ID or account number, not a phone.
            if (7..=12).contains(&p.chars().filter(char::is_ascii_digit).count()) {
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
    // Site footers give a phone too (主办, 邮箱, 咨询电话…): not a contact.
    let phone_line = PHONE_STARTS.iter().any(|p| s.starts_with(p))
        && phone_span(s).is_some()
        && !contains_any(
            s,
            &["主办", "邮箱", "Email", "咨询", "投诉", "值班", "传真"],
        );
    let labelled = phone_line
        || CONTACT_STARTS.iter().any(|p| s.starts_with(p))
        || s.match_indices("联系人").any(|(at, _)| {
            let next = s[at + "联系人".len()..].chars().next();
            matches!(next, None | Some(':' | '及' | ')' | '、' | ',' | '电'))
        });
    labelled && !is_footer(&l.compact)
}

/// The last block of contact lines after the opening, merged.
pub(super) fn find_contact(doc: &Doc, body_start: usize) -> Option<Sourced<Contact>> {
    let lines = &doc.lines;
    let Some(last) = (body_start..lines.len())
        .rev()
        .find(|&i| is_contact_line(&lines[i]))
    else {
        return end_phone(doc, body_start);
    };
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
            .map(|(_, _, p)| p)
            .or_else(|| {
                // A number on its own line right below the contact lines.
                lines
                    .iter()
                    .skip(last + 1)
                    .take(2)
                    .find_map(|n| bare_phone(&n.norm, true))
            });
    }
    let l = &lines[first];
    (c.name.is_some() || c.phone.is_some()).then(|| l.sourced(c))
}

/// Words on a line whose number is not a contact phone.
const NOT_PHONE: &[&str] = &[
    "传真",
    "邮编",
    "邮政",
    "地址",
    "号",
    "备案",
    "身份证",
    "证号",
    "账号",
    "帐号",
    "QQ",
    "@",
    "标识",
    "索引",
    "文号",
    "年",
    "月",
    "日",
];

/// A phone number with no label, alone on a short line or after a short
/// name (`张三 13812345678`, `(0851)86541234`): a mobile, an area code and a
/// number, or (with `local`, next to contact lines) a bare 7-8 digit local
/// number that is not a date.
fn bare_phone(norm: &str, local: bool) -> Option<String> {
    if norm.chars().count() > 30 || contains_any(norm, NOT_PHONE) || is_footer(norm) {
        return None;
    }
    let (st, en, phone) = phone_span(norm)?;
    let rest = format!("{}{}", &norm[..st], &norm[en..]);
    let rest: Vec<char> = rest
        .chars()
        .filter(|&c| !c.is_whitespace() && !matches!(c, '(' | ')' | ',' | ':' | ';' | '。'))
        .collect();
    if rest.len() > 12 || !rest.iter().all(|&c| is_cjk(c) || c == '·') {
        return None;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    let mobile = n == 11 && !phone.contains('-') && digits.starts_with('1') && digits[1..2] > *"2";
    let area = digits.starts_with('0')
        && (10..=12).contains(&n)
        && phone.find('-').is_some_and(|i| (3..=4).contains(&i));
    let bare_local = local
        && (7..=8).contains(&n)
        && !phone.contains('-')
        && !digits.starts_with(['0', '1'])
        && parse_date(&digits).is_none();
    (mobile || area || bare_local).then_some(phone)
}

/// A phone with no label at the end of the letter: on a short line among
/// the three lines after the last date line of the body.
fn end_phone(doc: &Doc, body_start: usize) -> Option<Sourced<Contact>> {
    let lines = &doc.lines;
    let date = (body_start..lines.len())
        .rev()
        .find(|&i| lines[i].chars() <= 40 && date_suffix(&lines[i].norm).is_some())?;
    lines
        .iter()
        .skip(date + 1)
        .take(3)
        .take_while(|l| !is_chrome(&l.compact) && !is_footer(&l.compact))
        .find_map(|l| {
            let phone = bare_phone(&l.norm, false)?;
            Some(l.sourced(Contact {
                phone: Some(phone),
                ..Contact::default()
            }))
        })
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
        assert_eq!(
            parse_contact("联系人:王强 身份证号:530102198805061234"),
            contact(None, Some("王强"), None)
        );
    }

    #[test]
    fn phone_lines() {
        let line = |s: &str| {
            let doc = Doc::new(s);
            is_contact_line(&doc.lines[0])
        };
        assert!(line("电话:0876-2123456"));
        assert!(line("手机:13508741234"));
        assert!(!line("手机+密码登录"));
        assert!(!line("电话:0871-1234567 邮箱:ab@example.com"));
    }

    #[test]
    fn phones_without_a_label() {
        let local = |s: &str| bare_phone(s, true);
        assert_eq!(local("0871-6512345").as_deref(), Some("0871-6512345"));
        assert_eq!(local("(0851)86541234").as_deref(), Some("0851-86541234"));
        assert_eq!(local("张三 13812345678").as_deref(), Some("13812345678"));
        assert_eq!(local("3123456").as_deref(), Some("3123456"));
        assert_eq!(bare_phone("3123456", false), None);
        assert_eq!(local("20230626"), None);
        assert_eq!(local("2023-06-26"), None);
        assert_eq!(local("传真:0874-3987655"), None);
        assert_eq!(local("某政发〔2023〕1234567号"), None);
        assert_eq!(local("530102198805061234"), None);
        assert_eq!(local("12345678901"), None);
        assert_eq!(local("我局已拨付资金2345678元用于项目建设"), None);
    }
}
