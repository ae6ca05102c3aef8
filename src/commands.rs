//! The commands: glue between the command line, the index and the printers.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::cli::{ColorChoice, IndexArgs, SearchArgs, ShowArgs, StatsArgs, StatsBy, WalkArgs};
use crate::corpus::{Skip, WalkOptions};
use crate::exit_codes::{INTERRUPTED, NO_MATCH, SUCCESS};
use crate::index;
use crate::indexer::{self, IndexOptions};
use crate::output::{self, Palette, Rendered};
use crate::query::{self, QueryError};
use crate::search::{self, CountBy, IndexSearcher};
use crate::snippet::{self, display_width};

/// Snippets per hit in human and JSON output.
const SNIPPETS_PER_HIT: usize = 3;
/// Snippet width in columns when stdout is not a terminal.
const DEFAULT_COLUMNS: usize = 100;
/// Left margin of snippets in human output.
const INDENT: usize = 4;

fn walk_options(w: &WalkArgs) -> WalkOptions {
    WalkOptions {
        extensions: w.extensions.clone(),
        max_file_size: w.max_file_size,
    }
}

/// `dafu index`.
pub fn index(args: &IndexArgs) -> Result<i32> {
    let scope = indexer::resolve_scope(&args.paths)?;
    let opts = IndexOptions {
        walk: walk_options(&args.walk),
        full: args.full,
        rebuild: args.rebuild,
        dict: args.dict.clone(),
        wait: args.wait,
        progress: !args.quiet && io::stderr().is_terminal(),
        commit_every: args.commit_every,
    };
    indexer::install_interrupt_handler();
    let summary = indexer::run(&scope, &opts)?;
    if !args.quiet {
        report(&summary);
    }
    if let Some(path) = &args.report {
        write_report(path, &summary.skipped)?;
    }
    if summary.interrupted {
        return Ok(INTERRUPTED);
    }
    if args.strict && !summary.skipped.is_empty() {
        return Err(anyhow!(
            "{} files skipped (--strict)",
            summary.skipped.len()
        ));
    }
    Ok(SUCCESS)
}

fn report(summary: &indexer::Summary) {
    for s in &summary.skipped {
        eprintln!("dafu: skipped {}: {}", s.path, s.reason);
    }
    eprintln!("{}", summary.line());
}

fn write_report(path: &Path, skipped: &[Skip]) -> Result<()> {
    let mut out = String::new();
    for s in skipped {
        out.push_str(&serde_json::to_string(s)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write report {}", path.display()))
}

/// A bad query, shown with a caret under the characters at fault.
fn query_error(query: &str, e: &QueryError) -> anyhow::Error {
    let before: String = query.chars().take(e.start).collect();
    let marked: String = query
        .chars()
        .skip(e.start)
        .take((e.end - e.start).max(1))
        .collect();
    let pad = " ".repeat(display_width(&before));
    let carets = "^".repeat(display_width(&marked).max(1));
    anyhow!("bad query: {}\n  {query}\n  {pad}{carets}", e.message)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn columns() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(io::stdout()) {
        return w as usize;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(DEFAULT_COLUMNS)
}

/// `dafu search`.
pub fn search(args: &SearchArgs) -> Result<i32> {
    let expr = query::parse(&args.query).map_err(|e| query_error(&args.query, &e))?;
    let location = index::locate(args.path.as_deref(), args.dafu_index.as_deref())?;
    ensure_indexed(&location.root, &args.walk)?;
    let searcher = IndexSearcher::new(index::open(&location.root)?)?;
    let compiled = searcher.compile(&expr);
    if args.explain {
        eprintln!("dafu: query {}", args.query);
        for line in &compiled.explain {
            eprintln!("  {line}");
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let found = if args.count {
        let n = searcher.count(&compiled)?;
        output::count(&mut out, n, args.json)?;
        n > 0
    } else if args.files_with_matches {
        let paths: Vec<String> = searcher
            .paths(&compiled)?
            .iter()
            .map(|rel| output::display_path(&location.display_base, rel))
            .collect();
        output::paths(&mut out, &paths, args.null)?;
        !paths.is_empty()
    } else {
        let hits = searcher.top(&compiled, args.limit, args.offset, args.sort)?;
        let width = if args.json {
            2 * DEFAULT_COLUMNS
        } else {
            columns().saturating_sub(INDENT)
        };
        let palette = Palette::new(!args.json && use_color(args.color));
        for hit in &hits {
            let rendered = Rendered {
                hit,
                path: output::display_path(&location.display_base, &hit.relpath),
                title_highlights: snippet::highlight(&hit.title, &compiled.needles),
                snippets: snippet::snippets(&hit.body, &compiled.needles, SNIPPETS_PER_HIT, width),
            };
            if args.json {
                output::json_hit(&mut out, &rendered)?;
            } else {
                output::human_hit(&mut out, &rendered, &palette)?;
            }
        }
        // With an offset past the end there is nothing to show, but the
        // query itself did match.
        !hits.is_empty() || (args.offset > 0 && searcher.count(&compiled)? > 0)
    };
    out.flush()?;
    Ok(if found { SUCCESS } else { NO_MATCH })
}

/// `dafu show`.
pub fn show(args: &ShowArgs) -> Result<i32> {
    let (root, rel) = index::enclosing_root(&args.path)?
        .filter(|(_, rel)| !rel.is_empty())
        .ok_or_else(|| anyhow!("{}: not inside an indexed folder", args.path.display()))?;
    let searcher = IndexSearcher::new(index::open(&root)?)?;
    let Some(hit) = searcher.get(&rel)? else {
        return Err(anyhow!(
            "{}: not in the index of {} (run `dafu index`)",
            args.path.display(),
            root.display()
        ));
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let path = args.path.to_string_lossy();
    if args.json {
        let mut doc = serde_json::json!({
            "v": output::JSON_VERSION,
            "path": path,
            "relpath": hit.relpath,
            "title": hit.title,
            "fields": hit.reply,
        });
        if !args.fields_only {
            doc["text"] = serde_json::Value::String(hit.body.clone());
        }
        writeln!(out, "{doc}")?;
    } else {
        output::human_fields(&mut out, &path, &hit.reply)?;
        if !args.fields_only {
            writeln!(out)?;
            writeln!(out, "{}", output::safe_text(&hit.body))?;
        }
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// `dafu stats`.
pub fn stats(args: &StatsArgs) -> Result<i32> {
    // `dafu stats corpus`: one argument naming a folder is the PATH.
    let (query, path) = match (&args.query, &args.path) {
        (Some(q), None) if Path::new(q).is_dir() => (None, Some(PathBuf::from(q))),
        (q, p) => (q.clone(), p.clone()),
    };
    let expr = match &query {
        Some(q) => Some(query::parse(q).map_err(|e| query_error(q, &e))?),
        None => None,
    };
    let location = index::locate(path.as_deref(), args.dafu_index.as_deref())?;
    ensure_indexed(&location.root, &args.walk)?;
    let searcher = IndexSearcher::new(index::open(&location.root)?)?;
    let compiled = match &expr {
        Some(e) => searcher.compile(e),
        None => search::match_all(),
    };
    let (by, name) = match args.by {
        StatsBy::Issuer => (CountBy::Field("issuer_key"), "issuer"),
        StatsBy::Meeting => (CountBy::Field("meeting_key"), "meeting"),
        StatsBy::Region => (CountBy::Field("region_key"), "region"),
        StatsBy::Kind => (CountBy::Field("kind_key"), "kind"),
        StatsBy::Year => (CountBy::Year, "year"),
    };
    let rows = searcher.counts(&compiled, by)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    output::stats(&mut out, name, &rows, args.json)?;
    out.flush()?;
    Ok(if rows.is_empty() { NO_MATCH } else { SUCCESS })
}

/// Build the index of `root` if it has none, saying so: this is what lets
/// `dafu search QUERY corpus` work on a fresh folder.
fn ensure_indexed(root: &Path, walk: &WalkArgs) -> Result<()> {
    if index::exists(root) {
        return Ok(());
    }
    eprintln!(
        "dafu: {} has no index yet; indexing it first",
        root.display()
    );
    let opts = IndexOptions {
        walk: walk_options(walk),
        wait: true,
        ..IndexOptions::default()
    };
    indexer::install_interrupt_handler();
    let summary = indexer::run(&indexer::Scope::whole(root), &opts)?;
    report(&summary);
    if summary.interrupted {
        std::process::exit(INTERRUPTED);
    }
    Ok(())
}

/// True when the error is stdout closing under us (`dafu … | head`): not a
/// failure worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_errors_put_the_caret_under_the_fault() {
        let q = "科技 (成果";
        let e = query::parse(q).unwrap_err();
        let msg = query_error(q, &e).to_string();
        let lines: Vec<&str> = msg.lines().collect();
        assert_eq!(lines[2], "       ^");
    }
}
