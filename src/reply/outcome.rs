//! The outcome a reply states for itself: A (solved or adopted), B (being
//! solved or planned), C (kept for reference, or not possible now). Read
//! only where the text states a class (办复类别: B, (B类), 类别:A类, A类答复,
//! a lone `C` line above the opening), never from the tone of the answer.

use super::Sourced;
use super::layout::Doc;

/// Labels a class follows (`办复类别: B`), longest first.
const LABELS: &[&str] = &[
    "办理结果类别",
    "办复类别",
    "答复类别",
    "办理类别",
    "办复类型",
    "答复类型",
    "办理类型",
    "办复结果",
    "办理结果",
    "答复结果",
    "类别",
    "类型",
];

/// Words a class stands before (`A类答复`).
const CLASS_OF: &[&str] = &["答复", "办复", "回复"];

/// Longest line (in characters) a label or a bracketed class is read
/// from: a class in a long sentence (`隐患等级（C类）`) is something else's.
const SHORT_LINE: usize = 80;

fn is_class(c: char) -> bool {
    matches!(c, 'A' | 'B' | 'C')
}

/// A class letter stands alone at `cs[i]`: no Latin letter or digit on
/// either side.
fn alone(cs: &[char], i: usize) -> bool {
    let word = |c: &char| c.is_ascii_alphanumeric();
    is_class(cs[i]) && !(i > 0 && word(&cs[i - 1])) && !cs.get(i + 1).is_some_and(word)
}

/// `label[:：]? X(类)?`.
fn after_label(s: &str) -> Option<char> {
    LABELS.iter().find_map(|label| {
        s.match_indices(label).find_map(|(at, _)| {
            let rest: Vec<char> = s[at + label.len()..]
                .trim_start_matches([':', '：', ' ', '为', '是'])
                .chars()
                .collect();
            (!rest.is_empty() && alone(&rest, 0)).then_some(rest[0])
        })
    })
}

/// `(A类)`, `【B类】` ending a line (a title, or alone), or `A类答复`.
fn marked_class(cs: &[char]) -> Option<char> {
    (0..cs.len().saturating_sub(1)).find_map(|i| {
        if !alone(cs, i) || cs[i + 1] != '类' {
            return None;
        }
        let open = i > 0 && matches!(cs[i - 1], '(' | '（' | '【' | '[' | '〔');
        let close = cs
            .get(i + 2)
            .is_some_and(|c| matches!(c, ')' | '）' | '】' | ']' | '〕'));
        let rest: String = cs[i + 2..].iter().collect();
        let ends_line = i + 3 == cs.len();
        ((open && close && ends_line) || CLASS_OF.iter().any(|w| rest.starts_with(w)))
            .then_some(cs[i])
    })
}

/// Above the opening, `X类` as a word of its own (`…11号A类 同意公开`), or
/// a line that is only the class.
fn head_class(norm: &str) -> Option<char> {
    let t = norm.trim();
    let t = t.strip_suffix('类').unwrap_or(t);
    if t.chars().count() == 1 && t.chars().all(is_class) {
        return t.chars().next();
    }
    let cs: Vec<char> = norm.chars().collect();
    (0..cs.len().saturating_sub(1)).find_map(|i| {
        let before_ok = i == 0 || matches!(cs[i - 1], ' ' | '号' | ')' | '〕' | '】');
        let after_ok = cs.get(i + 2).is_none_or(|c| c.is_whitespace());
        (alone(&cs, i) && cs[i + 1] == '类' && before_ok && after_ok).then_some(cs[i])
    })
}

/// The class the reply states, with its line. `opening` is the index of
/// the first line of the body (the addressee or the opening sentence).
pub(super) fn find_outcome(doc: &Doc, opening: usize) -> Option<Sourced<String>> {
    let found = |l: &super::layout::Line, c: char| Some(l.sourced(c.to_string()));
    doc.lines.iter().enumerate().find_map(|(i, l)| {
        if !l.compact.contains(['A', 'B', 'C']) {
            return None;
        }
        let cs: Vec<char> = l.compact.chars().collect();
        let labelled = (cs.len() <= SHORT_LINE)
            .then(|| after_label(&l.compact))
            .flatten();
        if let Some(c) = labelled.or_else(|| marked_class(&cs)) {
            return found(l, c);
        }
        if i < opening {
            return head_class(&l.norm).and_then(|c| found(l, c));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(text: &str, opening: usize) -> Option<String> {
        find_outcome(&Doc::new(text), opening).map(|s| s.value)
    }

    #[test]
    fn stated_classes() {
        for (text, want) in [
            ("办复类别: B\n张三委员:", "B"),
            ("办复类别:B", "B"),
            ("类别:A类", "A"),
            ("类别:C", "C"),
            ("答复类别：Ａ", "A"),
            ("关于第5号提案的答复(B类)", "B"),
            ("关于第5号提案的答复（C类）", "C"),
            ("本件为A类答复。", "A"),
            ("钱汽发〔2020〕11号A类 同意公开", "A"),
            ("C\n熊开富代表:", "C"),
            ("B类\n熊开富代表:", "B"),
        ] {
            assert_eq!(outcome(text, 1).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn other_classes_and_letters_are_not_outcomes() {
        for text in [
            "类别:提案",
            "平教字〔2021〕19号 类 同意公开",
            "A类企业享受补贴",
            "属于B类地区",
            "AB类",
            "类别:ABC公司",
            "张三委员:\nC\n",
            "第一类",
            "根据隐患等级建立房屋分级分类管理台账，目前街道存在安全隐患（C类）的房屋已停用438栋，整改率80.7%，其余房屋正在整改，预计年底前全部完成整改工作。",
        ] {
            assert_eq!(outcome(text, 1), None, "{text}");
        }
    }
}
