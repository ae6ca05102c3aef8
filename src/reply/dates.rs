//! Dates: [`parse_date`] for the formats replies are written in, and
//! [`DateKey`], the `yyyymmdd` number the index stores.

use super::text::{fold_line, is_cn_numeral, parse_cn_number};

/// Parses one date string to ISO `yyyy-mm-dd`; `None` if it is not a date.
///
/// Accepted (surrounding and inner whitespace ignored, full-width digits and
/// punctuation folded first):
///
/// * `2024年5月31日`, `2024年05月31日`, `2024年5月31号`
/// * `2024-05-31`, `2024.5.31`, `2024/5/31`, and mixes of these separators;
///   also a year followed by a wrong marker, as in `2019月6月11日`
/// * Chinese numerals: `二〇二四年五月三十一日` (〇, ○, 零 and the letter O all
///   read as zero); each part may be written either way (`2023年五月廿一日`)
/// * digits only (year/month/day markers lost, as in `202397` or
///   `20241018`): accepted only when the digits after a 4-digit year split in
///   exactly one way into a valid month and day. Digits whose tail could also
///   be a month alone (`202312` may be December 2023 with the day lost) are
///   rejected, as are ambiguous splits (`2023111` is 1 Nov or 11 Jan).
///   So `202397` → 2023-09-07, `20231019` → 2023-10-19, `202312` → None.
///
/// The year must be 1900–2100 and the day must exist in that month.
pub fn parse_date(s: &str) -> Option<String> {
    let t: String = fold_line(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    let groups = date_groups(&t)?;
    let (y, m, d) = match groups.as_slice() {
        [y, m, d] if y.chars().count() == 4 => (group_value(y)?, group_value(m)?, group_value(d)?),
        [digits] if digits.chars().all(|c| c.is_ascii_digit()) => split_digit_date(digits)?,
        _ => return None,
    };
    iso_date(y, m, d)
}

/// Splits a whitespace-free date string into its number groups; `None` when
/// it contains anything but numerals and date separators.
fn date_groups(t: &str) -> Option<Vec<String>> {
    let mut groups = vec![String::new()];
    for c in t.chars() {
        if c.is_ascii_digit() || is_cn_numeral(c) || matches!(c, 'O' | 'o') {
            groups.last_mut()?.push(c);
        } else if matches!(c, '年' | '月' | '日' | '号' | '.' | '-' | '/' | '\\' | '_') {
            if groups.last().is_some_and(|g| g.is_empty()) {
                return None;
            }
            groups.push(String::new());
        } else {
            return None;
        }
    }
    if groups.last().is_some_and(|g| g.is_empty()) {
        groups.pop();
        // Only 日/号 may close a date.
        if !t.ends_with(['日', '号']) {
            return None;
        }
    }
    Some(groups)
}

/// Value of one date group: Arabic digits, or Chinese numerals.
fn group_value(g: &str) -> Option<u32> {
    if g.is_empty() || g.chars().count() > 4 {
        return None;
    }
    let v = if g.chars().all(|c| c.is_ascii_digit()) {
        g.parse::<u64>().ok()?
    } else {
        if g.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        parse_cn_number(g)?
    };
    u32::try_from(v).ok()
}

/// The mangled-date rule: `yyyy` + month + day digits, accepted only when the
/// split is unique and the tail is not itself a bare month.
fn split_digit_date(digits: &str) -> Option<(u32, u32, u32)> {
    if !(6..=8).contains(&digits.len()) {
        return None;
    }
    let (year, tail) = digits.split_at(4);
    let y: u32 = year.parse().ok()?;
    if tail.len() <= 2 && tail.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)) {
        return None;
    }
    let splits: Vec<(u32, u32)> = (1..tail.len())
        .filter_map(|k| {
            let (m, d) = tail.split_at(k);
            if m.len() > 2 || d.len() > 2 {
                return None;
            }
            let (m, d) = (m.parse().ok()?, d.parse().ok()?);
            iso_date(y, m, d).map(|_| (m, d))
        })
        .collect();
    match splits.as_slice() {
        [(m, d)] => Some((y, *m, *d)),
        _ => None,
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn iso_date(y: u32, m: u32, d: u32) -> Option<String> {
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A date that ends the string: returns the text before it and the ISO date.
pub(super) fn date_suffix(s: &str) -> Option<(&str, String)> {
    s.char_indices()
        .filter(|&(_, c)| c.is_ascii_digit() || is_cn_numeral(c))
        .find_map(|(i, _)| parse_date(&s[i..]).map(|iso| (&s[..i], iso)))
}

/// A date that starts the string (e.g. after a 发布时间 label), possibly
/// followed by a time or other text.
pub(super) fn date_prefix(s: &str) -> Option<String> {
    let run: String = s
        .chars()
        .take_while(|&c| {
            c.is_ascii_digit()
                || is_cn_numeral(c)
                || matches!(c, '年' | '月' | '日' | '号' | '.' | '-' | '/')
        })
        .take(24)
        .collect();
    let ends: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain([run.len()])
        .collect();
    ends.iter()
        .rev()
        .filter(|&&e| e >= 6)
        .find_map(|&e| parse_date(&run[..e]))
}

/// A date as the index stores it: `yyyymmdd` in one `u64` (the `date` fast
/// field), so that a range of dates is a range of numbers. This type is the
/// one place that knows the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateKey(u64);

impl DateKey {
    fn of(year: u64, month: u64, day: u64) -> DateKey {
        DateKey(year * 10_000 + month * 100 + day)
    }

    /// The key of an ISO date (`2024-05-31` → 20240531): its ASCII digits,
    /// which must be exactly eight (`2024-05` → `None`).
    pub fn from_iso(iso: &str) -> Option<DateKey> {
        let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
        (digits.len() == 8)
            .then(|| digits.parse().ok())
            .flatten()
            .map(DateKey)
    }

    /// A key as read back from the index.
    pub fn from_raw(n: u64) -> DateKey {
        DateKey(n)
    }

    /// The number stored in the index.
    pub fn raw(self) -> u64 {
        self.0
    }

    /// The year (`u32::MAX` for a raw number too large to be a date).
    pub fn year(self) -> u32 {
        u32::try_from(self.0 / 10_000).unwrap_or(u32::MAX)
    }

    /// The first and last keys of a year, month or day written `2023`,
    /// `2023-05` or `2023-5-31` (separators `-`, `/`, `.`): a 4-digit year,
    /// a month and a day of 1 or 2 digits (1–12, 1–31). Every month ends on
    /// day 31 and a day is not checked against its month: the keys bound a
    /// range, and a key that names no real day simply matches nothing.
    pub fn bounds(v: &str) -> Option<(DateKey, DateKey)> {
        let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
        let num = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u64> {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())?
        };
        let month = |s: &str| num(s, 1..=2).filter(|m| (1..=12).contains(m));
        let year = num(parts.first()?, 4..=4)?;
        match parts[..] {
            [_] => Some((DateKey::of(year, 1, 1), DateKey::of(year, 12, 31))),
            [_, m] => {
                let m = month(m)?;
                Some((DateKey::of(year, m, 1), DateKey::of(year, m, 31)))
            }
            [_, m, d] => {
                let m = month(m)?;
                let d = num(d, 1..=2).filter(|d| (1..=31).contains(d))?;
                let key = DateKey::of(year, m, d);
                Some((key, key))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_date_formats() {
        let ok = [
            ("2024年5月31日", "2024-05-31"),
            ("2024年05月31日", "2024-05-31"),
            ("2024年5月31号", "2024-05-31"),
            (" 2024 年 5 月 31 日 ", "2024-05-31"),
            ("2024-05-31", "2024-05-31"),
            ("2024.5.31", "2024-05-31"),
            ("2024/5/31", "2024-05-31"),
            ("２０２４年５月３１日", "2024-05-31"),
            ("２０２４－０５－３１", "2024-05-31"),
            ("２０２４／５／３１", "2024-05-31"),
            ("二〇二四年五月三十一日", "2024-05-31"),
            ("二○二四年五月三十一日", "2024-05-31"),
            ("二O二四年五月三十一日", "2024-05-31"),
            ("二零二四年十二月一日", "2024-12-01"),
            ("二〇二三年十月二十日", "2023-10-20"),
            ("2023年五月廿一日", "2023-05-21"),
            ("2019月6月11日", "2019-06-11"),
            ("2024-02-29", "2024-02-29"),
            ("2000-02-29", "2000-02-29"),
            ("20241018", "2024-10-18"),
            ("202397", "2023-09-07"),
            ("2023526", "2023-05-26"),
            ("2021823", "2021-08-23"),
        ];
        for (input, want) in ok {
            assert_eq!(parse_date(input).as_deref(), Some(want), "{input:?}");
        }
    }

    #[test]
    fn parse_date_rejects() {
        let bad = [
            "",
            "  ",
            "2024",
            "2024年5月",
            "2024-13-01",
            "2024-00-10",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "1899-01-01",
            "2024-05-31-01",
            "2024年5月31日下午",
            "hello",
            "5月31日",
            "31/05/2024",
            "202312",   // could be 2023-12 with the day lost
            "2023111",  // 1 Nov or 11 Jan
            "2023101",  // 1 Oct or 10 Jan
            "12345678", // year 1234
            "2024..5.31",
            "2024-5-",
        ];
        for input in bad {
            assert_eq!(parse_date(input), None, "{input:?}");
        }
    }

    #[test]
    fn date_in_signature_and_label_lines() {
        assert_eq!(date_prefix("2022-07-25 15:33"), Some("2022-07-25".into()));
        assert_eq!(date_prefix("2024年06月12日15时"), Some("2024-06-12".into()));
        assert_eq!(date_prefix("202310191533"), Some("2023-10-19".into()));
        assert_eq!(
            date_suffix("临江县水利局 2024年6月26日").map(|(p, d)| (p.trim().to_string(), d)),
            Some(("临江县水利局".to_string(), "2024-06-26".to_string()))
        );
    }

    #[test]
    fn date_keys() {
        assert_eq!(
            DateKey::from_iso("2024-05-31"),
            Some(DateKey::from_raw(20240531))
        );
        assert_eq!(DateKey::from_iso("2024-05"), None);
        assert_eq!(
            DateKey::from_iso("20240531").map(DateKey::raw),
            Some(20240531)
        );
        assert_eq!(DateKey::from_iso("2024-05-31 10"), None);
        assert_eq!(DateKey::from_iso(""), None);
        let k = DateKey::from_raw(20240531);
        assert_eq!(k.raw(), 20240531);
        assert_eq!(k.year(), 2024);
        assert_eq!(DateKey::from_raw(u64::MAX).year(), u32::MAX);
        assert!(DateKey::from_raw(20231231) < DateKey::from_raw(20240101));
    }

    #[test]
    fn date_key_bounds() {
        let b = |v: &str| DateKey::bounds(v).map(|(lo, hi)| (lo.raw(), hi.raw()));
        assert_eq!(b("2023"), Some((20230101, 20231231)));
        assert_eq!(b("2023-05"), Some((20230501, 20230531)));
        assert_eq!(b("2023-5"), Some((20230501, 20230531)));
        assert_eq!(b("2023.12"), Some((20231201, 20231231)));
        // Every month ends on day 31; days are not checked against months.
        assert_eq!(b("2023-02"), Some((20230201, 20230231)));
        assert_eq!(b("2023-2-30"), Some((20230230, 20230230)));
        assert_eq!(b("2023-5-31"), Some((20230531, 20230531)));
        assert_eq!(b("2023/05/01"), Some((20230501, 20230501)));
        assert_eq!(b("2023.5-9"), Some((20230509, 20230509)));
        for bad in [
            "",
            "23",
            "20231",
            "2023-",
            "-05",
            "2023-13",
            "2023-0",
            "2023-005",
            "2023-5-32",
            "2023-5-0",
            "2023-5-",
            "2023-5-31-1",
            "2023 05",
            "２０２３",
            "+2023",
            "2023-+5",
        ] {
            assert_eq!(b(bad), None, "{bad:?}");
        }
    }
}
