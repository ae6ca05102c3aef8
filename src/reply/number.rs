//! The proposal number: `第N号`, `N号提案`, `提案编号：N`.

use super::Sourced;
use super::layout::HeadLine;
use super::text::{KINDS, is_cn_numeral, parse_cn_number};

fn ends_with_bracket(s: &str) -> bool {
    s.ends_with([']', '〕', ')', '】', '﹞', '］', '〗'])
}

/// Proposal numbers in `s`: `第N号` (Arabic or Chinese numerals), or `N号`
/// right after 会议 or right before 提案/建议/议案. Returns (number, byte end
/// after 号). With `strict`, numbers right after a closing bracket (document
/// numbers such as 〔2023〕第5号) are skipped.
pub(super) fn proposal_numbers(s: &str, strict: bool) -> Vec<(u64, usize)> {
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

/// Labels of a proposal number; a bare 编号 only on a line that names a
/// proposal (`(提案编号:56)`), since pages number other things too.
const NUMBER_LABELS: &[&str] = &[
    "提案编号",
    "建议编号",
    "议案编号",
    "提案号",
    "建议号",
    "议案号",
    "提案序号",
    "建议序号",
];

/// `提案编号：123`, `建议号 56`, `(编号:56)` on a line naming a proposal.
/// The digits must stand alone (`编号:2024-0012` is an item code, not one).
fn labelled_number(s: &str) -> Option<u64> {
    let bare = KINDS.iter().any(|k| s.contains(k)).then_some("编号");
    let at = NUMBER_LABELS
        .iter()
        .copied()
        .chain(bare)
        .find_map(|lab| s.find(lab).map(|i| i + lab.len()))?;
    let rest = s[at..].trim_start_matches([':', ' ', '为', '是']);
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let digits: String = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(12)
        .collect();
    let next = rest[digits.len()..].chars().next();
    let alone =
        next.is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_')));
    alone.then(|| digits.parse().ok()).flatten()
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '〔' | '【' | '﹝' | '〖')
}

/// `(123号)`, `〔123号〕`, `(2024年56号)`: a number in brackets of its own,
/// with no 第. A document number's 号 follows a closing bracket (〔2023〕56号),
/// so it never matches.
fn bracketed_number(s: &str) -> Option<u64> {
    s.match_indices('号').find_map(|(at, _)| {
        let after = s[at + '号'.len_utf8()..].chars().next()?;
        if !ends_with_bracket(&after.to_string()) {
            return None;
        }
        let before = &s[..at];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, run) = before.split_at(before.len() - digits);
        let prefix = match prefix.strip_suffix('年') {
            Some(p) => p.trim_end_matches(|c: char| c.is_ascii_digit()),
            None => prefix,
        };
        let ok =
            (1..=6).contains(&digits) && prefix.chars().next_back().is_some_and(is_open_bracket);
        ok.then(|| run.parse().ok()).flatten()
    })
}

pub(super) fn find_number(head: &[HeadLine]) -> Option<Sourced<u64>> {
    head.iter().find_map(|h| {
        proposal_numbers(&h.text, true)
            .first()
            .map(|&(n, _)| n)
            .or_else(|| labelled_number(&h.text))
            .or_else(|| bracketed_number(&h.text))
            .map(|n| h.line.sourced(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn numbers_without_di() {
        assert_eq!(labelled_number("建议号:56"), Some(56));
        assert_eq!(labelled_number("(提案编号:第0123号)"), Some(123));
        assert_eq!(
            labelled_number("您提出的关于加强管理的建议(编号:88)收悉"),
            Some(88)
        );
        assert_eq!(labelled_number("编号:88"), None);
        assert_eq!(labelled_number("提案编号:2024-0012"), None);
        assert_eq!(
            bracketed_number("您提出的《关于X的建议》(123号)收悉"),
            Some(123)
        );
        assert_eq!(bracketed_number("关于X的提案〔45号〕"), Some(45));
        assert_eq!(bracketed_number("《关于X的建议》(2024年56号)"), Some(56));
        assert_eq!(bracketed_number("X发〔2023〕56号"), None);
        assert_eq!(bracketed_number("(人民路132号)"), None);
    }
}
