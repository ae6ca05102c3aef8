//! Normalization and character classes: the leaf every rule builds on.

/// BOM and zero-width characters, dropped before matching.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
    )
}

/// Folds full-width ASCII to ASCII, ideographic and no-break spaces to a
/// space, and drops BOM / zero-width characters.
///
/// Unlike [`crate::analysis::normalize`] (one char in, one char out, so that
/// offsets map back), this drops characters and does not lowercase: its
/// output is only matched, never mapped back to the source text.
pub(super) fn fold_line(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' => ' ',
            _ => c,
        })
        .collect()
}

/// [`fold_line`]s a line; table bars become spaces, leading bullets go,
/// whitespace runs collapse to one space.
pub(super) fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in fold_line(s).chars() {
        let bullet = matches!(c, '•' | '●' | '◆' | '■' | '▪' | '◇' | '□' | '★' | '☆' | '·');
        if c.is_whitespace() || c == '|' || (bullet && out.is_empty()) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇')
}

pub(super) fn contains_any(s: &str, pats: &[&str]) -> bool {
    pats.iter().any(|p| s.contains(p))
}

pub(super) fn ends_with_any<'p>(s: &str, pats: &[&'p str]) -> Option<&'p str> {
    pats.iter().copied().find(|p| s.ends_with(p))
}

pub(super) fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | '。'
            | ';'
            | '；'
            | '!'
            | '！'
            | '?'
            | '？'
            | ':'
            | '、'
            | '《'
            | '》'
            | '“'
            | '”'
            | '"'
    )
}

pub(super) fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Chinese text, not prose in another script (a stray `A类` is fine).
pub(super) fn few_latin(s: &str) -> bool {
    s.chars().filter(char::is_ascii_alphabetic).count() <= 2
}

/// The last `n` characters of `s`.
pub(super) fn tail_chars(s: &str, n: usize) -> String {
    let mut cs: Vec<char> = s.chars().rev().take(n).collect();
    cs.reverse();
    cs.into_iter().collect()
}

/// What is being answered. Shared by the title, number, kind and proposal
/// title rules, so it lives here with the other leaves.
pub(super) const KINDS: &[&str] = &["提案", "建议", "议案"];

/// Value of a Chinese digit; 〇, ○, 零 and the letter O read as zero.
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'o' | '0' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

pub(super) fn is_cn_numeral(c: char) -> bool {
    (cn_digit(c).is_some() && !c.is_ascii()) || matches!(c, '十' | '廿' | '卅' | '百' | '千')
}

/// Parses a Chinese number such as 三十一, 廿一, 一百二十, 二〇二四 (read
/// digit by digit when it has no unit characters). At most 9999.
pub(super) fn parse_cn_number(s: &str) -> Option<u64> {
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    if !s
        .chars()
        .any(|c| matches!(c, '十' | '廿' | '卅' | '百' | '千'))
    {
        return s
            .chars()
            .try_fold(0u64, |acc, c| Some(acc * 10 + u64::from(cn_digit(c)?)));
    }
    let (mut total, mut cur) = (0u64, None::<u64>);
    for c in s.chars() {
        let unit = match c {
            '千' => 1000,
            '百' => 100,
            '十' => 10,
            '廿' | '卅' => {
                total += if c == '廿' { 20 } else { 30 };
                continue;
            }
            _ => {
                cur = Some(u64::from(cn_digit(c)?));
                continue;
            }
        };
        total += cur.take().unwrap_or(1) * unit;
    }
    Some(total + cur.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(parse_cn_number("三十一"), Some(31));
        assert_eq!(parse_cn_number("十"), Some(10));
        assert_eq!(parse_cn_number("十二"), Some(12));
        assert_eq!(parse_cn_number("一百二十"), Some(120));
        assert_eq!(parse_cn_number("二〇二四"), Some(2024));
        assert_eq!(parse_cn_number("廿一"), Some(21));
        assert_eq!(parse_cn_number("甲"), None);
    }

    #[test]
    fn lines_are_folded_and_cleaned() {
        // Unlike `analysis::normalize`, characters may be dropped.
        assert_eq!(fold_line("\u{FEFF}第１０８５号\u{3000}"), "第1085号 ");
        assert_eq!(
            clean_line("| 标 题 | 关于A的答复 | ||"),
            "标 题 关于A的答复"
        );
        assert_eq!(clean_line("  • 上街区公安局"), "上街区公安局");
    }
}
