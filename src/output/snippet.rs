//! Snippets: the passages of a document around its best matches, cut to a
//! width in terminal columns (Han characters count two), with the matched
//! characters marked. Pure: text and needles in, snippets out.

use unicode_width::UnicodeWidthChar;

use crate::analysis::normalize_char;
use crate::sanitize::printable;

/// One passage of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based line number of the passage in the document.
    pub line: usize,
    /// The passage, with `…` where it was cut, control characters replaced.
    pub text: String,
    /// Matched character ranges `[start, end)` in `text`, sorted, disjoint.
    pub highlights: Vec<(usize, usize)>,
}

/// Caps that keep pathological documents (a needle matching everywhere)
/// cheap: snippets only need the first few hundred matches.
const MAX_MATCHES: usize = 2000;
const MAX_CANDIDATES: usize = 400;
const ELLIPSIS: char = '…';

/// A match: character range in the document and which needle it is.
#[derive(Debug, Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    needle: usize,
}

/// Character ranges where any needle occurs in `text` (after
/// normalization), sorted by start.
fn find_matches(chars: &[char], needles: &[Vec<char>]) -> Vec<Match> {
    let mut out = Vec::new();
    for (ni, needle) in needles.iter().enumerate() {
        if needle.is_empty() || needle.len() > chars.len() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= chars.len() && out.len() < MAX_MATCHES {
            if chars[i..i + needle.len()] == needle[..] {
                out.push(Match {
                    start: i,
                    end: i + needle.len(),
                    needle: ni,
                });
            }
            i += 1;
        }
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

fn to_needles(needles: &[String]) -> Vec<Vec<char>> {
    needles
        .iter()
        .map(|n| n.chars().map(normalize_char).collect())
        .collect()
}

/// Highlight ranges of `needles` in a short text such as a title.
pub fn highlight(text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().map(normalize_char).collect();
    merge(
        find_matches(&chars, &to_needles(needles))
            .iter()
            .map(|m| (m.start, m.end)),
    )
}

fn merge(ranges: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = ranges.collect();
    v.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn width(c: char) -> usize {
    c.width().unwrap_or(1)
}

/// Grow a window around `[ms, me)` inside the line `[ls, le)` until it
/// fills `budget` columns, giving about a third of the room to the left.
fn fit(orig: &[char], ls: usize, le: usize, ms: usize, me: usize, budget: usize) -> (usize, usize) {
    let mut start = ms;
    let mut end = ms;
    let mut used = 0;
    while end < me && used + width(orig[end]) <= budget {
        used += width(orig[end]);
        end += 1;
    }
    let left_room = budget.saturating_sub(used) / 3;
    let mut left_used = 0;
    while start > ls && left_used + width(orig[start - 1]) <= left_room {
        left_used += width(orig[start - 1]);
        start -= 1;
    }
    used += left_used;
    while end < le && used + width(orig[end]) <= budget {
        used += width(orig[end]);
        end += 1;
    }
    while start > ls && used + width(orig[start - 1]) <= budget {
        used += width(orig[start - 1]);
        start -= 1;
    }
    (start, end)
}

/// Up to `max` passages of `text` around the matches of `needles`, each at
/// most `columns` wide, in document order. Passages are chosen greedily by
/// how many different needles (weighted by length) they show. Lines of the
/// page around the reply (breadcrumbs, metadata tables, footers) and lines
/// repeating `title` (shown already) are never passages. When nothing else
/// matches, the opening of the body stands in.
pub fn snippets(
    text: &str,
    needles: &[String],
    max: usize,
    columns: usize,
    title: &str,
) -> Vec<Snippet> {
    let orig: Vec<char> = text.chars().collect();
    let norm: Vec<char> = orig.iter().map(|&c| normalize_char(c)).collect();
    let needles = to_needles(needles);
    let lines = line_ranges(&orig);
    let title = crate::analysis::normalize(title.trim());
    // Judged only for the lines asked about (those holding a match, then
    // the first lines for a fallback): a long law has thousands of lines.
    let mut memo: Vec<Option<bool>> = vec![None; lines.len()];
    let mut usable = |i: usize| {
        *memo[i].get_or_insert_with(|| {
            let (s, e) = lines[i];
            is_passage_line(&orig[s..e], &norm[s..e], &title)
        })
    };
    let matches: Vec<Match> = find_matches(&norm, &needles)
        .into_iter()
        .filter(|m| usable(line_index(&lines, m.start)))
        .collect();
    let budget = columns.saturating_sub(2).max(10);
    let line_of = |pos: usize| line_index(&lines, pos);

    let mut candidates: Vec<(f64, usize, usize, usize)> = Vec::new();
    for m in matches.iter().take(MAX_CANDIDATES) {
        let li = line_of(m.start);
        let (ls, le) = lines[li];
        let (ws, we) = fit(&orig, ls, le, m.start, m.end.min(le), budget);
        let mut seen = vec![false; needles.len()];
        let mut score = 0.0;
        for other in matches.iter().filter(|o| o.start >= ws && o.end <= we) {
            if !seen[other.needle] {
                seen[other.needle] = true;
                score += needles[other.needle].len() as f64;
            }
            score += 0.1;
        }
        candidates.push((score, li, ws, we));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));

    let mut picked: Vec<(usize, usize, usize)> = Vec::new();
    for (_, li, ws, we) in candidates {
        if picked.len() >= max {
            break;
        }
        if picked.iter().all(|&(_, s, e)| we <= s || ws >= e) {
            picked.push((li, ws, we));
        }
    }
    if picked.is_empty() && max > 0 {
        picked.extend(fallback_line(&orig, &lines, &mut usable, budget));
    }
    picked.sort_by_key(|&(_, s, _)| s);
    picked
        .into_iter()
        .map(|(li, ws, we)| render(&orig, &matches, lines[li], li, ws, we))
        .collect()
}

/// The line holding character `pos`.
fn line_index(lines: &[(usize, usize)], pos: usize) -> usize {
    lines
        .partition_point(|&(_, le)| le <= pos)
        .min(lines.len() - 1)
}

/// A line that may be shown as a passage: not blank, not page furniture,
/// not (part of) the title shown above it.
fn is_passage_line(orig: &[char], norm: &[char], title: &str) -> bool {
    let line: String = norm.iter().collect();
    let line = line.trim();
    if line.is_empty() || crate::reply::is_page_chrome(&orig.iter().collect::<String>()) {
        return false;
    }
    !(line == title || (line.chars().count() >= 6 && title.contains(line)))
}

/// The first passage-worthy line of the body, as a passage; without one,
/// the second non-blank line (the first after a title line).
fn fallback_line(
    orig: &[char],
    lines: &[(usize, usize)],
    usable: &mut impl FnMut(usize) -> bool,
    budget: usize,
) -> Option<(usize, usize, usize)> {
    let non_blank =
        |(_, (s, e)): &(usize, &(usize, usize))| orig[*s..*e].iter().any(|c| !c.is_whitespace());
    let (li, &(ls, le)) = lines
        .iter()
        .enumerate()
        .find(|(i, _)| usable(*i))
        .or_else(|| lines.iter().enumerate().filter(non_blank).nth(1))?;
    let (ws, we) = fit(orig, ls, le, ls, ls, budget);
    Some((li, ws, we))
}

fn render(
    orig: &[char],
    matches: &[Match],
    (ls, le): (usize, usize),
    li: usize,
    ws: usize,
    we: usize,
) -> Snippet {
    let lead = usize::from(ws > ls);
    let mut text: String = String::new();
    if lead == 1 {
        text.push(ELLIPSIS);
    }
    text.extend(orig[ws..we].iter().map(|&c| printable(c)));
    if we < le {
        text.push(ELLIPSIS);
    }
    let highlights = merge(
        matches
            .iter()
            .filter(|m| m.end > ws && m.start < we)
            .map(|m| (m.start.max(ws) - ws + lead, m.end.min(we) - ws + lead)),
    );
    Snippet {
        line: li + 1,
        text,
        highlights,
    }
}

/// Character ranges of each line, without the line break (nor a `\r`).
fn line_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            let end = if i > start && chars[i - 1] == '\r' {
                i - 1
            } else {
                i
            };
            out.push((start, end));
            start = i + 1;
        }
    }
    out.push((start, chars.len()));
    out
}

/// Display width of a string in terminal columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(width).sum()
}

/// `s` cut to at most `columns` terminal columns, with `…` where it was cut,
/// and how many of its characters were kept.
pub fn fit_columns(s: &str, columns: usize) -> (String, usize) {
    if display_width(s) <= columns {
        return (s.to_string(), s.chars().count());
    }
    let budget = columns.saturating_sub(width(ELLIPSIS));
    let mut used = 0;
    let mut out = String::new();
    let mut kept = 0;
    for c in s.chars() {
        if used + width(c) > budget {
            break;
        }
        used += width(c);
        out.push(c);
        kept += 1;
    }
    out.push(ELLIPSIS);
    (out, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn snippet_marks_matches_and_fits_the_width() {
        let text = format!(
            "标题\n{}科技成果转化{}\n其他",
            "前".repeat(50),
            "后".repeat(50)
        );
        let s = snippets(&text, &needles(&["科技成果转化"]), 3, 40, "");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].line, 2);
        assert!(display_width(&s[0].text) <= 40, "{}", s[0].text);
        let (a, b) = s[0].highlights[0];
        let marked: String = s[0].text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "科技成果转化");
        assert!(s[0].text.starts_with('…') && s[0].text.ends_with('…'));
    }

    #[test]
    fn picks_distinct_passages_in_document_order() {
        let text = "甲乙丙\n揭榜挂帅项目\n无关的一行\n科技成果转化\n";
        let s = snippets(text, &needles(&["科技成果转化", "揭榜挂帅"]), 3, 80, "");
        let lines: Vec<usize> = s.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn normalized_matching_and_safe_text() {
        let text = "x\nＧＭＳ平台\x1b]0;evil\x07";
        let s = snippets(text, &needles(&["gms"]), 1, 80, "");
        assert_eq!(s[0].highlights, vec![(0, 3)]);
        assert!(!s[0].text.contains('\x1b'));
        assert_eq!(
            highlight("ＡＢ科技", &needles(&["ab", "科技"])),
            vec![(0, 4)]
        );
    }

    #[test]
    fn passages_skip_page_furniture_and_the_title() {
        let text = "首页 > 建议提案\n| 发布机构 | 市信息中心 | 发文日期 | 2023 |\n关于协办意见的函\n张三委员：\n经研究，提出协办意见如下。\n";
        let s = snippets(text, &needles(&["协办意见"]), 3, 80, "关于协办意见的函");
        let lines: Vec<usize> = s.iter().map(|s| s.line).collect();
        assert_eq!(lines, [5]);
        // Nothing to highlight: the opening of the body, not the chrome.
        let s = snippets(text, &[], 1, 80, "关于协办意见的函");
        assert_eq!(s[0].line, 4);
    }

    #[test]
    fn lines_are_fitted_to_columns_counting_han_as_two() {
        assert_eq!(
            fit_columns("关于路灯的答复", 20),
            ("关于路灯的答复".to_string(), 7)
        );
        assert_eq!(
            fit_columns("关于路灯的答复", 9),
            ("关于路灯…".to_string(), 4)
        );
        assert!(display_width(&fit_columns("关于路灯的答复", 9).0) <= 9);
    }

    #[test]
    fn no_match_falls_back_to_the_first_body_line() {
        let s = snippets("标题\n\n正文第一行\n", &[], 2, 80, "标题");
        assert_eq!(s[0].line, 3);
        assert!(s[0].highlights.is_empty());
        assert!(snippets("", &needles(&["a"]), 3, 80, "").is_empty());
    }
}
