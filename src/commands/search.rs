//! `dafu search`: ranked hits, paths (`-l`) or a count (`-c`).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;

use super::{batch, open_searcher, parse_query};
use crate::cli::SearchArgs;
use crate::config::Config;
use crate::dups::collapse::{PageSpec, collapse_ranked, collapse_set};
use crate::dups::{self, DupClusters};
use crate::exit_codes::{ExitCode, Interrupted};
use crate::index::locate::{self, Location};
use crate::messages;
use crate::output::{self, Printer, json};
use crate::sanitize;
use crate::search::tiers::{MatchKind, ScopedTiers};
use crate::search::{CompiledQuery, IndexSearcher, Ranked};

pub(super) fn run(args: &SearchArgs, config: &Config) -> Result<ExitCode> {
    let printer = Printer::new(config, args.json);
    let result = search(args, config, &printer);
    if let Err(err) = &result
        && printer.is_json()
        && !super::is_broken_pipe(err)
        && err.downcast_ref::<Interrupted>().is_none()
    {
        // Programs reading JSON get the error in the stream too.
        let (message, column) = match err.downcast_ref::<super::BadQuery>() {
            Some(bad) => (format!("bad query: {}", bad.message), Some(bad.column())),
            None => (format!("{err:#}"), None),
        };
        let _ = json::error(&mut io::stdout().lock(), None, None, column, &message);
    }
    result
}

fn search(args: &SearchArgs, config: &Config, printer: &Printer) -> Result<ExitCode> {
    // `dafu search --batch DIR`: the one positional is the folder.
    let (query, path) = match (&args.query, &args.path) {
        (Some(q), None) if args.batch => (None, Some(PathBuf::from(q))),
        (q, p) => (q.clone(), p.clone()),
    };
    let expr = match &query {
        Some(q) if !args.batch => Some(parse_query(q)?),
        _ => None,
    };
    let location = locate::locate(
        path.as_deref(),
        config.env_index.as_deref(),
        args.fresh.root,
    )
    .map_err(|e| several_words_hint(e, query.as_deref(), path.as_deref()))?;
    let searcher = open_searcher(&location, &args.walk, &args.fresh)?;
    let Some(expr) = expr else {
        return batch::run(args, &searcher, &location);
    };
    let explain = |compiled: &CompiledQuery| {
        if args.explain {
            messages::say(format_args!(
                "query {}",
                query.as_deref().unwrap_or_default()
            ));
            for line in &compiled.explain {
                messages::detail(line);
            }
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let found = if args.quiet || args.count || args.files_with_matches {
        // Sets and counts: membership only, no ranking clauses.
        let set = searcher.compile_set(&expr);
        let compiled = if args.collapse {
            collapse_set(&searcher, &set, &dups::load(&searcher)?)?
        } else {
            set
        };
        explain(&compiled);
        match set_output(
            args, config, &searcher, &location, &compiled, printer, &mut out,
        )? {
            Some(found) => found,
            None => return Ok(ExitCode::found(searcher.count(&compiled)? > 0)),
        }
    } else {
        let tiers = searcher.compile_tiers(&expr);
        explain(tiers.exact());
        let clusters = args.collapse.then(|| dups::load(&searcher)).transpose()?;
        let view = View {
            searcher: &searcher,
            tiers: &tiers,
            clusters: clusters.as_ref(),
            location: &location,
        };
        ranked(args, &view, printer, &mut out)?
    };
    out.flush()?;
    Ok(ExitCode::found(found))
}

/// `-c` or `-l`: whether anything matched; `None` for `-q`, which prints
/// nothing.
fn set_output(
    args: &SearchArgs,
    config: &Config,
    searcher: &IndexSearcher,
    location: &Location,
    compiled: &CompiledQuery,
    printer: &Printer,
    out: &mut impl Write,
) -> Result<Option<bool>> {
    if args.quiet {
        return Ok(None);
    }
    if args.count {
        let n = searcher.count(compiled)?;
        printer.count(out, n)?;
        return Ok(Some(n > 0));
    }
    let paths: Vec<String> = searcher
        .paths(compiled)?
        .iter()
        .map(|rel| location.show(rel))
        .map(|p| {
            if config.stdout_terminal {
                sanitize::line(&p)
            } else {
                p
            }
        })
        .collect();
    output::paths(out, &paths, args.null)?;
    Ok(Some(!paths.is_empty()))
}

/// What a ranked list is read from.
struct View<'a> {
    searcher: &'a IndexSearcher,
    tiers: &'a ScopedTiers,
    /// With `--collapse`: the clusters of copies to keep one of.
    clusters: Option<&'a DupClusters>,
    location: &'a Location,
}

/// Print the page of ranked hits; true when the query matched anything
/// exactly (looser tiers never count).
fn ranked(args: &SearchArgs, view: &View, printer: &Printer, out: &mut impl Write) -> Result<bool> {
    let View {
        searcher,
        tiers,
        clusters,
        location,
    } = *view;
    let spec = PageSpec {
        limit: args.limit,
        offset: args.offset,
        sort: super::sort_by(args.sort),
        loose: !args.exact,
    };
    let page = match clusters {
        Some(c) => collapse_ranked(searcher, tiers, spec, c)?,
        None => searcher.ranked(tiers, spec.limit, spec.offset, spec.sort, spec.loose)?,
    };
    let needles = &tiers.exact().needles;
    let mut previous = None;
    for ranked in &page {
        let hit = &searcher.fetch(ranked)?;
        let kind = hit.matched.as_ref().map(|m| m.kind);
        if kind != previous {
            printer.tier_header(out, kind, previous.is_none())?;
            previous = kind;
        }
        let path = location.show(&hit.relpath);
        printer.hit(out, &printer.render(hit, needles, path, None))?;
    }
    let exact = |h: &Ranked| {
        h.matched
            .as_ref()
            .is_none_or(|m| m.kind == MatchKind::Exact)
    };
    // With an offset past the end, or -n 0, there is nothing to show, but
    // the query itself may have matched.
    Ok(page.iter().any(exact) || searcher.count(tiers.exact())? > 0)
}

/// `dafu search 交通 安全` reads 安全 as the folder: when that folder does
/// not exist and looks like a word, say how to search for several words.
fn several_words_hint(
    err: anyhow::Error,
    query: Option<&str>,
    path: Option<&std::path::Path>,
) -> anyhow::Error {
    let (Some(q), Some(p)) = (query, path) else {
        return err;
    };
    let word = p
        .to_str()
        .filter(|w| !w.contains(['/', '.']) && !p.exists());
    match word {
        Some(w) => anyhow::anyhow!(
            "{err:#} (to search for several words, quote them: dafu search '{q} {w}')"
        ),
        None => err,
    }
}
