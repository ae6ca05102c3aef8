//! The document number, `黔科提复字〔2022〕56号`.

use super::Sourced;
use super::labels::label_value;
use super::layout::Doc;
use super::text::{few_latin, is_cjk, is_sentence_punct};

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

pub(super) fn find_doc_number(doc: &Doc) -> Option<Sourced<String>> {
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
