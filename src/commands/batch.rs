//! `dafu search --batch`: queries from stdin, one per line, answered as
//! JSON Lines tagged with each query's id (its line number by default). A
//! bad line is reported (stdout as a JSON error, stderr as text) and the
//! batch goes on; the exit code is then 2.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};

use crate::cli::SearchArgs;
use crate::exit_codes::ExitCode;
use crate::index::locate::Location;
use crate::messages;
use crate::output::{BatchId, Printer, json};
use crate::query::{self, Expr, Parsed};
use crate::search::IndexSearcher;
use crate::search::tiers::MatchKind;

/// Longest line of `--batch` input: a query of the longest allowed length
/// in a JSON object, with room to spare. Longer lines are refused without
/// being held in memory.
const MAX_LINE_BYTES: usize = 64 << 10;

/// The next line of `r` without its newline (`None` at the end), or the
/// length of a line longer than `max` bytes, which is read to its end but
/// not kept.
fn next_line(r: &mut impl BufRead, max: usize) -> io::Result<Option<Result<Vec<u8>, usize>>> {
    let mut line = Vec::new();
    let mut len = 0usize;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((len > 0).then_some(if len > max { Err(len) } else { Ok(line) }));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        len += chunk.len();
        if len <= max {
            line.extend_from_slice(chunk);
        } else {
            line = Vec::new();
        }
        let used = done.unwrap_or(chunk.len());
        r.consume(used);
        if done.is_some() {
            return Ok(Some(if len > max { Err(len) } else { Ok(line) }));
        }
    }
}

/// One line of `--batch` input: a bare query, or `{"id":…,"q":…,"limit":…}`.
#[derive(serde::Deserialize)]
struct BatchLine {
    id: Option<BatchId>,
    q: String,
    limit: Option<usize>,
}

/// Why a line of input is not a query: the query's id when the line gave
/// one, and the 1-based character of a bad query where it goes wrong.
struct LineError {
    id: Option<BatchId>,
    message: String,
    column: Option<usize>,
}

impl From<String> for LineError {
    fn from(message: String) -> Self {
        LineError {
            id: None,
            message,
            column: None,
        }
    }
}

/// A line of input read as a query, or why it is not one.
fn parse_line(bytes: Vec<u8>) -> Option<Result<(BatchLine, Parsed), LineError>> {
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string());
    let trimmed = text.as_deref().map(str::trim).unwrap_or("?");
    if trimmed.is_empty() {
        return None;
    }
    let parsed = if let Err(e) = &text {
        Err(e.clone())
    } else if trimmed.starts_with('{') {
        serde_json::from_str::<BatchLine>(trimmed).map_err(|e| format!("not a query object: {e}"))
    } else {
        Ok(BatchLine {
            id: None,
            q: trimmed.to_string(),
            limit: None,
        })
    };
    let parsed = match parsed {
        Ok(b) => b,
        Err(message) => return Some(Err(message.into())),
    };
    Some(match query::parse_with_hints(&parsed.q) {
        Ok(p) => Ok((parsed, p)),
        Err(e) => Err(LineError {
            id: parsed.id,
            message: format!("bad query: {}", e.message),
            column: Some(e.start + 1),
        }),
    })
}

pub(super) fn run(
    args: &SearchArgs,
    searcher: &IndexSearcher,
    location: &Location,
) -> Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let (mut any_hit, mut any_error) = (false, false);
    let mut stdin = io::stdin().lock();
    let mut line_no = 0;
    loop {
        line_no += 1;
        let line = next_line(&mut stdin, MAX_LINE_BYTES)
            .with_context(|| format!("cannot read stdin line {line_no}"))?;
        let parsed = match line {
            None => break,
            Some(Ok(bytes)) => parse_line(bytes),
            Some(Err(len)) => Some(Err(format!(
                "line too long: {len} bytes (at most {MAX_LINE_BYTES})"
            )
            .into())),
        };
        let (line_in, parsed) = match parsed {
            None => continue,
            Some(Ok(ok)) => ok,
            Some(Err(e)) => {
                let at = e
                    .column
                    .map_or(String::new(), |c| format!(" (at character {c})"));
                messages::say(format_args!("stdin line {line_no}: {}{at}", e.message));
                json::error(&mut out, e.id.as_ref(), Some(line_no), e.column, &e.message)?;
                any_error = true;
                continue;
            }
        };
        for hint in &parsed.hints {
            messages::say(format_args!("stdin line {line_no}: hint: {hint}"));
        }
        let expr = parsed.expr;
        let id = line_in
            .id
            .unwrap_or_else(|| BatchId(serde_json::Value::from(line_no)));
        let limit = line_in.limit.unwrap_or(args.limit);
        any_hit |= answer(args, searcher, location, &expr, id, limit, &mut out)?;
    }
    out.flush()?;
    Ok(match (any_error, any_hit) {
        (true, _) => ExitCode::Error,
        (false, any) => ExitCode::found(any),
    })
}

/// Answer one query of the batch; true when it matched.
fn answer(
    args: &SearchArgs,
    searcher: &IndexSearcher,
    location: &Location,
    expr: &Expr,
    id: BatchId,
    limit: usize,
    out: &mut impl Write,
) -> Result<bool> {
    let tiers = searcher.compile_tiers(expr);
    let compiled = tiers.exact();
    if args.count {
        let n = searcher.count(compiled)?;
        json::count(out, Some(&id), n)?;
        return Ok(n > 0);
    }
    // Batch output is always JSON.
    let printer = Printer::Json;
    let page = searcher.ranked(
        &tiers,
        limit,
        args.offset,
        super::sort_by(args.sort),
        !args.exact,
    )?;
    for ranked in &page {
        let hit = &searcher.fetch(ranked)?;
        let path = location.show(&hit.relpath);
        printer.hit(
            out,
            &printer.render(hit, &compiled.needles, path, Some(id.clone())),
        )?;
    }
    if page.is_empty() {
        // One line for every query: a query with no hits says so.
        json::count(out, Some(&id), 0)?;
    }
    let exact = page.iter().any(|h| {
        h.matched
            .as_ref()
            .is_none_or(|m| m.kind == MatchKind::Exact)
    });
    Ok(exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_whole_or_refused_by_length() {
        let mut r = io::Cursor::new(b"ab\n\nxxxxxx\ncd".to_vec());
        assert_eq!(next_line(&mut r, 4).unwrap(), Some(Ok(b"ab".to_vec())));
        assert_eq!(next_line(&mut r, 4).unwrap(), Some(Ok(Vec::new())));
        assert_eq!(next_line(&mut r, 4).unwrap(), Some(Err(6)));
        assert_eq!(next_line(&mut r, 4).unwrap(), Some(Ok(b"cd".to_vec())));
        assert_eq!(next_line(&mut r, 4).unwrap(), None);
    }
}
