//! Small numbers written in Chinese or Arabic digits, both ways.

/// Value of a Chinese digit (〇 and 零 read as zero).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
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

/// A character of a number: an Arabic digit, a Chinese digit or 十/百.
pub(crate) fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || cn_digit(c).is_some() || matches!(c, '十' | '百')
}

/// Reads `16`, `十六`, `一十六`, `二十`, `一〇` (digit by digit without a
/// unit); below 1000, else `None`.
pub(crate) fn parse(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 6 {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|&n| n < 1000);
    }
    if !s.contains(['十', '百']) {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + cn_digit(c)?))
            .filter(|&n| n < 1000);
    }
    let (mut total, mut cur) = (0u32, None::<u32>);
    for c in s.chars() {
        let unit = match c {
            '百' => 100,
            '十' => 10,
            _ => {
                cur = Some(cn_digit(c)?);
                continue;
            }
        };
        total += cur.take().unwrap_or(1) * unit;
    }
    Some(total + cur.unwrap_or(0))
}

/// `n` in Chinese numerals as a term or session is written: 二, 十, 十六,
/// 二十, 二十一, 一百零五.
pub(crate) fn to_chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let d = |i: u32| DIGITS[i as usize];
    match n {
        0..=9 => d(n).to_string(),
        10..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let mut s = if tens == 1 {
                String::new()
            } else {
                d(tens).to_string()
            };
            s.push('十');
            if ones > 0 {
                s.push(d(ones));
            }
            s
        }
        _ => {
            let (hundreds, rest) = (n / 100, n % 100);
            let mut s = format!("{}百", d(hundreds));
            match rest {
                0 => {}
                1..=9 => {
                    s.push('零');
                    s.push(d(rest));
                }
                _ => {
                    s.push(d(rest / 10));
                    s.push('十');
                    if rest % 10 > 0 {
                        s.push(d(rest % 10));
                    }
                }
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        for (s, n) in [
            ("十六", 16),
            ("16", 16),
            ("一十六", 16),
            ("二", 2),
            ("十", 10),
            ("二十", 20),
            ("二十一", 21),
            ("一〇", 10),
            ("一百零五", 105),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
        }
        assert_eq!(parse(""), None);
        assert_eq!(parse("届"), None);
        for n in [1, 2, 10, 16, 20, 21, 99, 100, 105, 120] {
            assert_eq!(parse(&to_chinese(n)), Some(n), "{n}");
        }
        assert_eq!(to_chinese(16), "十六");
        assert_eq!(to_chinese(2), "二");
        assert_eq!(to_chinese(21), "二十一");
    }
}
