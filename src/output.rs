//! Printers: what a person reads on a terminal, and versioned JSON Lines
//! for programs. They take hits and snippets; they never search.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::search::Hit;
use crate::snippet::{self, Snippet};

/// Version of every JSON object dafu prints (the `"v"` field).
pub const JSON_VERSION: u32 = 1;

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

/// A hit with its passages, ready to print.
pub struct Rendered<'a> {
    pub hit: &'a Hit,
    /// The query's id, in `--batch` mode.
    pub id: Option<serde_json::Value>,
    /// The path as the user can use it from the current folder.
    pub path: String,
    pub title_highlights: Vec<(usize, usize)>,
    pub snippets: Vec<Snippet>,
}

/// Join the display base and a document's relative path.
pub fn display_path(base: &Path, rel: &str) -> String {
    if base.as_os_str().is_empty() {
        rel.to_string()
    } else {
        base.join(rel).to_string_lossy().into_owned()
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
        out.push(snippet::printable(c));
    }
    if open {
        out.push_str(p.reset);
    }
    out
}

/// Print one hit for a person: rank and path, title, passages.
pub fn human_hit(w: &mut impl Write, r: &Rendered, p: &Palette) -> io::Result<()> {
    writeln!(
        w,
        "{dim}{rank:>2}.{reset} {path_c}{path}{reset}  {dim}{score:.2}{reset}",
        dim = p.dim,
        reset = p.reset,
        rank = r.hit.rank,
        path_c = p.path,
        path = r.path.chars().map(snippet::printable).collect::<String>(),
        score = r.hit.score,
    )?;
    if !r.hit.title.is_empty() {
        let title = marked(&r.hit.title, &r.title_highlights, p, p.title);
        writeln!(w, "    {}{}{}", p.title, title, p.reset)?;
    }
    let meta = meta_line(&r.hit.reply);
    if !meta.is_empty() {
        let meta: String = meta.chars().map(snippet::printable).collect();
        writeln!(w, "    {}{}{}", p.dim, meta, p.reset)?;
    }
    for s in &r.snippets {
        writeln!(w, "    {}", marked(&s.text, &s.highlights, p, ""))?;
    }
    writeln!(w)
}

/// `date · issuer · 第N号 · addressee`, from what the reply states.
pub fn meta_line(reply: &serde_json::Value) -> String {
    let value = |k: &str| reply[k]["value"].as_str().map(str::to_string);
    let parts = [
        value("date").or_else(|| value("published")),
        value("issuer"),
        reply["number"]["value"]
            .as_u64()
            .map(|n| format!("第{n}号")),
        value("addressee"),
    ];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

#[derive(Serialize)]
struct JsonSnippet<'a> {
    line: usize,
    text: &'a str,
    highlights: &'a [(usize, usize)],
}

#[derive(Serialize)]
struct JsonHit<'a> {
    v: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    rank: usize,
    path: &'a str,
    relpath: &'a str,
    title: &'a str,
    score: f32,
    snippets: Vec<JsonSnippet<'a>>,
    fields: &'a serde_json::Value,
}

/// Print one hit as a JSON line.
pub fn json_hit(w: &mut impl Write, r: &Rendered) -> io::Result<()> {
    let hit = JsonHit {
        v: JSON_VERSION,
        id: r.id.as_ref(),
        rank: r.hit.rank,
        path: &r.path,
        relpath: &r.hit.relpath,
        title: &r.hit.title,
        score: r.hit.score,
        snippets: r
            .snippets
            .iter()
            .map(|s| JsonSnippet {
                line: s.line,
                text: &s.text,
                highlights: &s.highlights,
            })
            .collect(),
        fields: &r.hit.reply,
    };
    serde_json::to_writer(&mut *w, &hit)?;
    writeln!(w)
}

/// Print a document's fields, each with the line it was read from.
pub fn human_fields(w: &mut impl Write, path: &str, reply: &serde_json::Value) -> io::Result<()> {
    writeln!(
        w,
        "path: {}",
        path.chars().map(snippet::printable).collect::<String>()
    )?;
    for &name in crate::reply::FIELD_NAMES {
        let v = &reply[name];
        let (value, from) = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::Array(a) if a.is_empty() => continue,
            serde_json::Value::Array(a) => (
                a.iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                None,
            ),
            serde_json::Value::String(s) => (s.clone(), None),
            serde_json::Value::Object(o) if o.contains_key("line") => {
                let value = match &o["value"] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Object(c) => ["dept", "name", "phone"]
                        .iter()
                        .filter_map(|k| c.get(*k).and_then(|x| x.as_str()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.to_string(),
                };
                (
                    value,
                    Some((
                        o["line"].as_u64().unwrap_or(0),
                        o["source"].as_str().unwrap_or(""),
                    )),
                )
            }
            other => (other.to_string(), None),
        };
        let clean = |s: &str| s.chars().map(snippet::printable).collect::<String>();
        writeln!(w, "{name:>17}: {}", clean(&value))?;
        if let Some((line, source)) = from {
            writeln!(w, "{:>17}  line {line}: {}", "", clean(source))?;
        }
    }
    Ok(())
}

/// A document's text with control characters (other than line breaks
/// and tabs) replaced.
pub fn safe_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\t' {
                c
            } else {
                snippet::printable(c)
            }
        })
        .collect()
}

/// Print counts as an aligned table (count, then key) or JSON Lines.
pub fn stats(
    w: &mut impl Write,
    by: &str,
    rows: &[(Option<String>, usize)],
    json: bool,
) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (key, n) in rows {
        if json {
            let row = serde_json::json!({"v": JSON_VERSION, "by": by, "key": key, "count": n});
            writeln!(w, "{row}")?;
        } else {
            let key = key.as_deref().unwrap_or("(unknown)");
            let key: String = key.chars().map(snippet::printable).collect();
            writeln!(w, "{n:>width$}  {key}")?;
        }
    }
    Ok(())
}

/// Print distinctive words: a table (`score  word  docs/set  corpus`) or
/// JSON Lines.
pub fn terms(
    w: &mut impl Write,
    set: usize,
    words: &[crate::related::TermScore],
    json: bool,
) -> io::Result<()> {
    for t in words {
        if json {
            let row = serde_json::json!({
                "v": JSON_VERSION, "word": t.word, "score": t.score,
                "docs": t.docs, "of": set, "corpus_docs": t.corpus_docs,
            });
            writeln!(w, "{row}")?;
        } else {
            let word: String = t.word.chars().map(snippet::printable).collect();
            let pad = 12usize.saturating_sub(snippet::display_width(&word));
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
    }
    Ok(())
}

/// Print a count, plain or as JSON (tagged with the query id in a batch).
pub fn count(
    w: &mut impl Write,
    id: Option<&serde_json::Value>,
    n: usize,
    json: bool,
) -> io::Result<()> {
    if !json {
        return writeln!(w, "{n}");
    }
    let mut obj = serde_json::json!({"v": JSON_VERSION, "count": n});
    if let Some(id) = id {
        obj["id"] = id.clone();
    }
    writeln!(w, "{obj}")
}

/// Print an error as a JSON line: `{"v":1,"error":…}`, with the batch line
/// number or query id when there is one.
pub fn json_error(
    w: &mut impl Write,
    id: Option<&serde_json::Value>,
    line: Option<usize>,
    message: &str,
) -> io::Result<()> {
    let mut obj = serde_json::json!({"v": JSON_VERSION, "error": message});
    if let Some(id) = id {
        obj["id"] = id.clone();
    }
    if let Some(line) = line {
        obj["line"] = line.into();
    }
    writeln!(w, "{obj}")
}

/// Print paths one per line, or NUL-terminated for `xargs -0`.
pub fn paths(w: &mut impl Write, paths: &[String], null: bool) -> io::Result<()> {
    for p in paths {
        w.write_all(p.as_bytes())?;
        w.write_all(if null { b"\0" } else { b"\n" })?;
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
