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

pub(super) fn find_number(head: &[HeadLine]) -> Option<Sourced<u64>> {
    head.iter().find_map(|h| {
        proposal_numbers(&h.text, true)
            .first()
            .map(|&(n, _)| n)
            .or_else(|| labelled_number(&h.text))
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
}
