//! The printer for people: ranked hits with highlighted passages, a meta
//! line per hit, aligned tables, and a document's fields with the lines
//! they came from. Everything from a document or the command line goes
//! through [`crate::sanitize`] first.

use std::io::{self, Write};

use crate::output::snippet::{display_width, fit_columns};
use crate::output::{Rendered, ShownCopies};

/// Left margin of everything under a hit's first line.
const INDENT: usize = 4;
use crate::reply::{FieldValue, ReplyFields, Sourced};
use crate::sanitize::{self, printable};
use crate::search::Hit;
use crate::search::related::TermScore;
use crate::search::tiers::MatchKind;

/// ANSI styles, all empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub path: &'static str,
    pub title: &'static str,
    pub matched: &'static str,
    pub dim: &'static str,
    pub reset: &'static str,
}

impl Palette {
    pub fn new(color: bool) -> Self {
        if color {
            Palette {
                path: "\x1b[35m",
                title: "\x1b[1m",
                matched: "\x1b[1;31m",
                dim: "\x1b[2m",
                reset: "\x1b[0m",
            }
        } else {
            Palette {
                path: "",
                title: "",
                matched: "",
                dim: "",
                reset: "",
            }
        }
    }
}

/// `text` with control characters replaced and the ranges wrapped in the
/// match style.
fn marked(text: &str, ranges: &[(usize, usize)], p: &Palette, base: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut r = ranges.iter().peekable();
    let mut open = false;
    for (i, c) in text.chars().enumerate() {
        if let Some(&&(s, e)) = r.peek() {
            if i == s && !open && !p.matched.is_empty() {
                out.push_str(p.matched);
                open = true;
            }
            if i == e {
                if open {
                    out.push_str(p.reset);
                    out.push_str(base);
                    open = false;
                }
                r.next();
                if let Some(&&(s2, _)) = r.peek()
                    && s2 == i
                    && !p.matched.is_empty()
                {
                    out.push_str(p.matched);
                    open = true;
                }
            }
        }
        out.push(printable(c));
    }
    if open {
        out.push_str(p.reset);
    }
    out
}

/// Print one hit for a person: rank and path, title, meta line, what a
/// looser hit lacks, passages; title and meta line fitted to `columns`.
pub fn hit(w: &mut impl Write, r: &Rendered, p: &Palette, columns: usize) -> io::Result<()> {
    let room = columns.saturating_sub(INDENT).max(10);
    writeln!(
        w,
        "{dim}{rank:>2}.{reset} {path_c}{path}{reset}  {dim}{score:.2}{reset}",
        dim = p.dim,
        reset = p.reset,
        rank = r.hit.rank,
        path_c = p.path,
        path = sanitize::line(&r.path),
        score = r.hit.score,
    )?;
    if !r.hit.title.is_empty() {
        let (title, kept) = fit_columns(&r.hit.title, room);
        let highlights: Vec<(usize, usize)> = r
            .title_highlights
            .iter()
            .filter(|&&(s, _)| s < kept)
            .map(|&(s, e)| (s, e.min(kept)))
            .collect();
        let title = marked(&title, &highlights, p, p.title);
        writeln!(w, "    {}{}{}", p.title, title, p.reset)?;
    }
    let meta = meta_line(&r.hit.reply);
    if !meta.is_empty() {
        let meta = fit_columns(&sanitize::line(&meta), room).0;
        writeln!(w, "    {}{}{}", p.dim, meta, p.reset)?;
    }
    if let Some(m) = &r.hit.matched
        && !m.missing.is_empty()
    {
        let missing = sanitize::line(&m.missing.join(", "));
        writeln!(w, "    {}missing: {missing}{}", p.dim, p.reset)?;
    }
    for s in &r.snippets {
        writeln!(w, "    {}", marked(&s.text, &s.highlights, p, ""))?;
    }
    writeln!(w)
}

/// The line before the first hit of a looser tier.
pub fn tier_header(
    w: &mut impl Write,
    kind: MatchKind,
    first: bool,
    p: &Palette,
) -> io::Result<()> {
    let text = match kind {
        MatchKind::Exact => return Ok(()),
        MatchKind::Words => "with every word of the query, but not the exact text",
        MatchKind::Partial => "with some of the terms",
    };
    let lead = if first {
        "no exact match; replies "
    } else {
        "replies "
    };
    writeln!(w, "{}── {lead}{text} ──{}", p.dim, p.reset)?;
    writeln!(w)
}

/// `date · issuer · 第N号 · addressee`, from what the reply states (the
/// publish date, marked `发布`, when the reply states no date of its own).
pub fn meta_line(reply: &ReplyFields) -> String {
    let value = |f: &Option<Sourced<String>>| f.as_ref().map(|s| s.value.clone());
    let parts = [
        // A publish date is not the reply's own date: say which it is.
        value(&reply.date).or_else(|| value(&reply.published).map(|d| format!("发布 {d}"))),
        value(&reply.issuer),
        reply.number.as_ref().map(|n| format!("第{}号", n.value)),
        value(&reply.addressee),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// Print distinctive words: `score  word  in docs/set replies, n in corpus`.
pub fn terms(w: &mut impl Write, set: usize, words: &[TermScore]) -> io::Result<()> {
    for t in words {
        let word = sanitize::line(&t.word);
        let pad = 12usize.saturating_sub(display_width(&word));
        writeln!(
            w,
            "{:>7.3}  {word}{}  in {}/{} replies, {} in corpus",
            t.score,
            " ".repeat(pad),
            t.docs,
            set,
            t.corpus_docs
        )?;
    }
    Ok(())
}

/// Print clusters of copies: a line with their number and similarity,
/// then one path per line; a blank line between clusters.
pub fn dups(w: &mut impl Write, list: &[ShownCopies], p: &Palette) -> io::Result<()> {
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        writeln!(
            w,
            "{}{} copies, similarity {:.2}{}",
            p.dim,
            c.paths.len(),
            c.copies.similarity,
            p.reset
        )?;
        for path in &c.paths {
            writeln!(w, "{}{}{}", p.path, sanitize::line(path), p.reset)?;
        }
    }
    Ok(())
}

/// Print a document's fields, each with the line it was read from, and
/// (unless `fields_only`) its text.
pub fn show(w: &mut impl Write, path: &str, doc: &Hit, fields_only: bool) -> io::Result<()> {
    writeln!(w, "path: {}", sanitize::line(path))?;
    fields(w, &doc.reply)?;
    if !fields_only {
        writeln!(w)?;
        writeln!(w, "{}", sanitize::text(&doc.body))?;
    }
    Ok(())
}

fn fields(w: &mut impl Write, reply: &ReplyFields) -> io::Result<()> {
    let mut last = None;
    for field in reply.view() {
        let value = match field.value {
            FieldValue::Text(s) => s.to_string(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::List(items) => items.join(", "),
            FieldValue::Contact(c) => c.parts().map(|(_, v)| v).collect::<Vec<_>>().join(", "),
            FieldValue::Meeting(m) => m.label.clone(),
            FieldValue::Division(d) => d.describe(),
        };
        writeln!(w, "{:>17}: {}", field.name, sanitize::line(&value))?;
        // Several fields are often read from one line: print it once.
        match field.source {
            Some((line, _)) if last == Some(line) => {
                writeln!(w, "{:>17}  line {line} (as above)", "")?;
            }
            Some((line, source)) => {
                writeln!(w, "{:>17}  line {line}: {}", "", sanitize::line(source))?;
                last = Some(line);
            }
            None => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_ranges_and_neutralizes_escapes() {
        let p = Palette::new(true);
        let s = marked("ab\x1bcd", &[(0, 1), (3, 5)], &p, "");
        assert_eq!(s, "\x1b[1;31ma\x1b[0mb\u{FFFD}\x1b[1;31mcd\x1b[0m");
        let plain = marked("ab", &[(0, 2)], &Palette::new(false), "");
        assert_eq!(plain, "ab");
    }
}
