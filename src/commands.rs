//! The commands: glue between the command line, the index and the printers.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::cli::{
    ColorChoice, ExportArgs, ExportFormat, IndexArgs, SearchArgs, ShowArgs, SimilarArgs, StatsArgs,
    StatsBy, TermsArgs, WalkArgs,
};
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
        let path: String = s.path.chars().map(snippet::printable).collect();
        eprintln!("dafu: skipped {path}: {}", s.reason);
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

/// `$DAFU_INDEX`, when set and not empty.
fn env_index() -> Option<PathBuf> {
    std::env::var_os("DAFU_INDEX")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `dafu search`.
pub fn search(args: &SearchArgs) -> Result<i32> {
    let result = run_search(args);
    if args.json
        && let Err(err) = &result
        && !is_broken_pipe(err)
    {
        // Programs reading JSON get the error in the stream too.
        let _ = output::json_error(&mut io::stdout().lock(), None, None, &format!("{err:#}"));
    }
    result
}

fn run_search(args: &SearchArgs) -> Result<i32> {
    // `dafu search --batch DIR`: the one positional is the folder.
    let (query, path) = match (&args.query, &args.path) {
        (Some(q), None) if args.batch => (None, Some(PathBuf::from(q))),
        (q, p) => (q.clone(), p.clone()),
    };
    let expr = match &query {
        Some(q) if !args.batch => Some(query::parse(q).map_err(|e| query_error(q, &e))?),
        _ => None,
    };
    let location = index::locate(path.as_deref(), env_index().as_deref())?;
    ensure_indexed(&location.root, &args.walk)?;
    let searcher = IndexSearcher::new(index::open(&location.root)?)?.within(location.scope.clone());
    let Some(expr) = expr else {
        return batch(args, &searcher, &location);
    };
    let compiled = searcher.compile(&expr);
    if args.explain {
        eprintln!("dafu: query {}", query.unwrap_or_default());
        for line in &compiled.explain {
            eprintln!("  {line}");
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let found = if args.count {
        let n = searcher.count(&compiled)?;
        output::count(&mut out, None, n, args.json)?;
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
        let palette = Palette::new(!args.json && use_color(args.color));
        for hit in &hits {
            let rendered = render(hit, &compiled, &location, args.json, None);
            if args.json {
                output::json_hit(&mut out, &rendered)?;
            } else {
                output::human_hit(&mut out, &rendered, &palette)?;
            }
        }
        // With an offset past the end, or -n 0, there is nothing to show,
        // but the query itself did match.
        !hits.is_empty() || ((args.offset > 0 || args.limit == 0) && searcher.count(&compiled)? > 0)
    };
    out.flush()?;
    Ok(if found { SUCCESS } else { NO_MATCH })
}

/// A hit with its path for the user, highlights and passages.
fn render<'a>(
    hit: &'a search::Hit,
    compiled: &search::CompiledQuery,
    location: &index::Location,
    json: bool,
    id: Option<serde_json::Value>,
) -> Rendered<'a> {
    let width = if json {
        2 * DEFAULT_COLUMNS
    } else {
        columns().saturating_sub(INDENT)
    };
    Rendered {
        hit,
        id,
        path: output::display_path(&location.display_base, &hit.relpath),
        title_highlights: snippet::highlight(&hit.title, &compiled.needles),
        snippets: snippet::snippets(&hit.body, &compiled.needles, SNIPPETS_PER_HIT, width),
    }
}

/// One line of `--batch` input: a bare query, or `{"id":…,"q":…,"limit":…}`.
#[derive(serde::Deserialize)]
struct BatchLine {
    id: Option<serde_json::Value>,
    q: String,
    limit: Option<usize>,
}

/// `dafu search --batch`: queries from stdin, one per line, answered as
/// JSON Lines tagged with each query's id (its line number by default).
/// A bad line is reported (stdout as a JSON error, stderr as text) and the
/// batch goes on; the exit code is then 2.
fn batch(args: &SearchArgs, searcher: &IndexSearcher, location: &index::Location) -> Result<i32> {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let (mut any_hit, mut any_error) = (false, false);
    for (n, line) in io::BufRead::split(stdin.lock(), b'\n').enumerate() {
        let line_no = n + 1;
        let bytes = line.with_context(|| format!("cannot read stdin line {line_no}"))?;
        let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string());
        let trimmed = text.as_deref().map(str::trim).unwrap_or("?");
        if trimmed.is_empty() {
            continue;
        }
        let parsed = if let Err(e) = &text {
            Err(e.clone())
        } else if trimmed.starts_with('{') {
            serde_json::from_str::<BatchLine>(trimmed)
                .map_err(|e| format!("not a query object: {e}"))
        } else {
            Ok(BatchLine {
                id: None,
                q: trimmed.to_string(),
                limit: None,
            })
        };
        let parsed = parsed.and_then(|b| match query::parse(&b.q) {
            Ok(expr) => Ok((b, expr)),
            Err(e) => Err(format!("bad query: {}", e)),
        });
        let (line_in, expr) = match parsed {
            Ok(ok) => ok,
            Err(message) => {
                eprintln!("dafu: stdin line {line_no}: {message}");
                output::json_error(&mut out, None, Some(line_no), &message)?;
                any_error = true;
                continue;
            }
        };
        let id = line_in
            .id
            .unwrap_or_else(|| serde_json::Value::from(line_no));
        let compiled = searcher.compile(&expr);
        if args.count {
            let n = searcher.count(&compiled)?;
            output::count(&mut out, Some(&id), n, true)?;
            any_hit |= n > 0;
            continue;
        }
        let limit = line_in.limit.unwrap_or(args.limit);
        let hits = searcher.top(&compiled, limit, args.offset, args.sort)?;
        for hit in &hits {
            output::json_hit(
                &mut out,
                &render(hit, &compiled, location, true, Some(id.clone())),
            )?;
        }
        any_hit |= !hits.is_empty();
    }
    out.flush()?;
    Ok(match (any_error, any_hit) {
        (true, _) => crate::exit_codes::ERROR,
        (false, true) => SUCCESS,
        (false, false) => NO_MATCH,
    })
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

/// For `dafu stats [QUERY] [PATH]` and `dafu terms [QUERY] [PATH]`: open
/// the index (building it if needed) and compile the query, or match all
/// without one. A single argument naming a folder is the PATH.
fn optional_query(
    query: &Option<String>,
    path: &Option<PathBuf>,
    env_index: Option<&Path>,
    walk: &WalkArgs,
) -> Result<(IndexSearcher, search::CompiledQuery)> {
    let (query, path) = match (query, path) {
        (Some(q), None) if Path::new(q).is_dir() => (None, Some(PathBuf::from(q))),
        (q, p) => (q.clone(), p.clone()),
    };
    let expr = match &query {
        Some(q) => Some(query::parse(q).map_err(|e| query_error(q, &e))?),
        None => None,
    };
    let location = index::locate(path.as_deref(), env_index)?;
    ensure_indexed(&location.root, walk)?;
    let searcher = IndexSearcher::new(index::open(&location.root)?)?.within(location.scope.clone());
    let compiled = expr.map_or_else(|| searcher.match_all(), |e| searcher.compile(&e));
    Ok((searcher, compiled))
}

/// `dafu stats`.
pub fn stats(args: &StatsArgs) -> Result<i32> {
    let (searcher, compiled) =
        optional_query(&args.query, &args.path, env_index().as_deref(), &args.walk)?;
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

/// `dafu similar`.
pub fn similar(args: &SimilarArgs) -> Result<i32> {
    let (root, rel) = index::enclosing_root(&args.path)?
        .filter(|(_, rel)| !rel.is_empty())
        .ok_or_else(|| anyhow!("{}: not inside an indexed folder", args.path.display()))?;
    let searcher = IndexSearcher::new(index::open(&root)?)?;
    let hits = searcher.similar(&rel, args.limit)?.ok_or_else(|| {
        anyhow!(
            "{}: not in the index (run `dafu index`)",
            args.path.display()
        )
    })?;
    // Paths are printed relative to where the given file's root is.
    let location = index::Location {
        display_base: index::display_base(&root),
        root,
        scope: None,
    };
    let none = searcher.match_all();
    let palette = Palette::new(!args.json && use_color(args.color));
    let mut out = io::BufWriter::new(io::stdout().lock());
    for hit in &hits {
        let rendered = render(hit, &none, &location, args.json, None);
        if args.json {
            output::json_hit(&mut out, &rendered)?;
        } else {
            output::human_hit(&mut out, &rendered, &palette)?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() { NO_MATCH } else { SUCCESS })
}

/// `dafu terms`.
pub fn terms(args: &TermsArgs) -> Result<i32> {
    let (searcher, compiled) =
        optional_query(&args.query, &args.path, env_index().as_deref(), &args.walk)?;
    let (docs, words) = searcher.distinctive_terms(&compiled, args.limit)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    output::terms(&mut out, docs, &words, args.json)?;
    out.flush()?;
    Ok(if words.is_empty() { NO_MATCH } else { SUCCESS })
}

/// `dafu export`.
pub fn export(args: &ExportArgs) -> Result<i32> {
    let location = index::locate(args.path.as_deref(), env_index().as_deref())?;
    ensure_indexed(&location.root, &args.walk)?;
    let searcher = IndexSearcher::new(index::open(&location.root)?)?.within(location.scope.clone());
    let format = match args.format {
        ExportFormat::Jsonl => crate::export::Format::Jsonl,
        ExportFormat::EsBulk => crate::export::Format::EsBulk,
        ExportFormat::Quickwit => crate::export::Format::Quickwit,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let n = crate::export::export(&searcher, format, &args.index_name, &mut out)?;
    eprintln!("dafu: exported {n} documents");
    Ok(SUCCESS)
}

/// `dafu completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> Result<i32> {
    use clap::CommandFactory;
    // Generated into memory: clap_complete panics when its writer fails.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "dafu", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(SUCCESS)
}

/// `dafu man`.
pub fn man() -> Result<i32> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut page)?;
    io::stdout().lock().write_all(&page)?;
    Ok(SUCCESS)
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
