//! `dafu similar`: the replies most like a given one: an indexed file, a
//! file outside the index, or a draft read from stdin (precedents for a
//! reply being written).

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow};

use super::{open_enclosing, open_searcher};
use crate::cli::SimilarArgs;
use crate::config::Config;
use crate::corpus;
use crate::exit_codes::ExitCode;
use crate::index::locate::{self, display_base};
use crate::output::Printer;
use crate::search::Hit;

pub(super) fn run(args: &SimilarArgs, config: &Config) -> Result<ExitCode> {
    let indexed = args.index.is_none()
        && args.path != Path::new("-")
        && locate::enclosing_root(&args.path)?.is_some_and(|(_, rel)| !rel.is_empty());
    let (hits, words, base) = if indexed {
        let (searcher, root, rel) = open_enclosing(&args.path)?;
        let hits = searcher.similar(&rel, args.limit)?.ok_or_else(|| {
            anyhow!(
                "{}: not in the index (run `dafu index`)",
                args.path.display()
            )
        })?;
        // Paths are printed relative to where the given file's root is.
        let location = locate::Location {
            display_base: display_base(&root),
            root,
            scope: None,
            scope_base: std::path::PathBuf::new(),
        };
        (hits, Vec::new(), location)
    } else {
        let text = read_text(&args.path)?;
        let location = locate::locate(
            args.index.as_deref(),
            config.env_index.as_deref(),
            args.fresh.root,
        )?;
        let searcher = open_searcher(&location, &args.walk, &args.fresh)?;
        // The given file, if it is one of the index's, is not its own precedent.
        let key = locate::enclosing_root(&args.path)
            .ok()
            .flatten()
            .filter(|(root, _)| same_folder(root, &location.root))
            .map(|(_, rel)| rel);
        let exclude = key.as_deref().and_then(|k| searcher.key_of(k));
        let (hits, words) = searcher.similar_to_text(&text, exclude, args.limit)?;
        (hits, words, location)
    };
    print(args, config, &hits, &words, &base)
}

fn print(
    args: &SimilarArgs,
    config: &Config,
    hits: &[Hit],
    words: &[String],
    location: &locate::Location,
) -> Result<ExitCode> {
    let printer = Printer::new(config, args.json);
    let mut out = io::BufWriter::new(io::stdout().lock());
    for hit in hits {
        let path = location.show(&hit.relpath);
        printer.hit(&mut out, &printer.render(hit, words, path, None))?;
    }
    out.flush()?;
    Ok(ExitCode::found(!hits.is_empty()))
}

/// The text of FILE, or of stdin for `-`, decoded as indexing decodes.
fn read_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    let what = if path == Path::new("-") {
        "stdin".into()
    } else {
        path.display().to_string()
    };
    corpus::decode(&bytes)
        .map(|d| d.text)
        .map_err(|reason| anyhow!("{what}: {reason}"))
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
