//! The meeting: a `…届…次会议` of a 政协 or 人大.

use super::Sourced;
use super::layout::HeadLine;
use super::text::{contains_any, is_cjk, is_cn_numeral};

/// Characters that end the name before a meeting (`…局对`, `在`, `关于`).
fn is_meeting_stop(c: char) -> bool {
    !is_cjk(c)
        || matches!(
            c,
            '对' | '在'
                | '的'
                | '年'
                | '月'
                | '日'
                | '向'
                | '经'
                | '由'
                | '是'
                | '为'
                | '把'
                | '就'
                | '到'
                | '及'
                | '与'
                | '局'
                | '厅'
                | '办'
                | '府'
                | '院'
                | '号'
                | '答'
                | '复'
                | '提'
        )
}

fn strip_back(cs: &[char], end: usize, word: &str) -> usize {
    let w: Vec<char> = word.chars().collect();
    if end >= w.len() && cs[end - w.len()..end] == w[..] {
        end - w.len()
    } else {
        end
    }
}

fn expect_back(cs: &[char], end: usize, word: &str) -> Option<usize> {
    let e = strip_back(cs, end, word);
    (e != end).then_some(e)
}

fn numerals_back(cs: &[char], end: usize) -> Option<usize> {
    let mut i = end;
    while i > 0 && end - i < 6 && (cs[i - 1].is_ascii_digit() || is_cn_numeral(cs[i - 1])) {
        i -= 1;
    }
    (i < end).then_some(i)
}

/// Start of a `…届…次会议` ending at `j` (index of 会 in 会议).
fn meeting_start(cs: &[char], j: usize) -> Option<usize> {
    let mut i = strip_back(cs, j, "全体");
    i = expect_back(cs, i, "次")?;
    i = numerals_back(cs, i)?;
    i = strip_back(cs, i, "第");
    for mid in [
        "全国人民代表大会",
        "人民代表大会",
        "全国人大",
        "人大",
        "全国委员会",
        "委员会",
        "政协",
    ] {
        let e = strip_back(cs, i, mid);
        if e != i {
            i = e;
            break;
        }
    }
    i = expect_back(cs, i, "届")?;
    i = numerals_back(cs, i)?;
    i = strip_back(cs, i, "第");
    let limit = i.saturating_sub(24);
    let mut k = i;
    while k > limit && !is_meeting_stop(cs[k - 1]) {
        if cs[k - 1] == '于' && k >= 2 && cs[k - 2] == '关' {
            break;
        }
        // `现将市政协…会议`: 将 ends the name only after 现/兹/特 (将乐县 is a place).
        if cs[k - 1] == '将' && k >= 2 && matches!(cs[k - 2], '现' | '兹' | '特' | '今') {
            break;
        }
        k -= 1;
    }
    Some(k)
}

fn find_meeting(s: &str) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    (0..cs.len().saturating_sub(1))
        .filter(|&j| cs[j] == '会' && cs[j + 1] == '议')
        .filter_map(|j| meeting_start(&cs, j).map(|st| cs[st..j + 2].iter().collect::<String>()))
        .find(|m| {
            contains_any(m, &["政协", "人大", "人民代表大会", "政治协商"])
                && !contains_any(m, &["常务委员会", "常委会"])
        })
}

pub(super) fn find_meeting_field(head: &[HeadLine]) -> Option<Sourced<String>> {
    head.iter()
        .find_map(|h| find_meeting(&h.text).map(|m| h.line.sourced(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings() {
        let cases = [
            (
                "对政协西双版纳州十三届二次会议第5号提案",
                Some("政协西双版纳州十三届二次会议"),
            ),
            (
                "泸州市科学技术局对市政协九届三次会议第114号",
                Some("市政协九届三次会议"),
            ),
            (
                "关于政协昆明市第十四届二次会议第1号",
                Some("政协昆明市第十四届二次会议"),
            ),
            (
                "关于答复县十七届人大三次会议第413号",
                Some("县十七届人大三次会议"),
            ),
            ("十四届全国人大二次会议", Some("十四届全国人大二次会议")),
            (
                "对中国人民政治协商会议砚山县九届委员会第三次会议第124号",
                Some("中国人民政治协商会议砚山县九届委员会第三次会议"),
            ),
            (
                "现将市政协第十届委员会第二次会议上由某某提出的",
                Some("市政协第十届委员会第二次会议"),
            ),
            ("将乐县政协十届二次会议", Some("将乐县政协十届二次会议")),
            ("省第十二届人民代表大会常务委员会第三十二次会议通过", None),
            ("召开专题会议研究", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_meeting(text).as_deref(), want, "{text}");
        }
    }
}
