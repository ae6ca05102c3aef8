//! The commands, one file each: glue between the command line, the index
//! and the printers. Each returns an [`ExitCode`]; only `main` exits.

mod batch;
mod dups;
mod export;
mod fresh;
mod index;
mod search;
mod show;
mod similar;
mod stats;
mod terms;
mod watch;

use std::io::{self, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use crate::cli::{Cli, ColorChoice, Command, FreshArgs, ManArgs, SortKey, WalkArgs};
use crate::config::Config;
use crate::corpus::WalkOptions;
use crate::exit_codes::{ExitCode, Interrupted};
use crate::index::damage::{self, Damaged};
use crate::index::locate::{self, Location};
use crate::index::{self as idx, Busy};
use crate::indexer::{self, IndexOptions};
use crate::messages;
use crate::output::snippet::display_width;
use crate::query::{self, Expr, QueryError};
use crate::search::{CompiledQuery, IndexSearcher, SortBy};

/// Run the command line; errors are reported here, once.
///
/// Panics are caught here too, because tantivy panics on some damaged
/// index files (an unknown compressor id in a document store, a slice out
/// of range) instead of returning an error, and there is no cheap way to
/// check its files first. A panic raised in tantivy's code is a damaged
/// index: its default message is suppressed by the hook (see
/// [`crate::index::damage`]) and it is reported like any damage (exit 2).
/// Any other panic is a bug in dafu and goes on as Rust's (exit 101).
pub fn run(cli: Cli) -> ExitCode {
    damage::install_panic_hook();
    match std::panic::catch_unwind(AssertUnwindSafe(|| dispatch(cli))) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => exit_code_of(&err),
        Err(panic) => {
            let Some(cause) = damage::panicked_in_tantivy() else {
                std::panic::resume_unwind(panic)
            };
            messages::say(Damaged::new(None, cause));
            ExitCode::Error
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    if let Some(dir) = &cli.index_dir {
        use_index_dir(dir, &cli.command)?;
    }
    match cli.command {
        Command::Index(args) => index::run(&args, &Config::resolve(ColorChoice::Never)),
        Command::Search(args) => search::run(&args, &Config::resolve(args.color)),
        Command::Show(args) => show::run(&args, &Config::resolve(ColorChoice::Never)),
        Command::Stats(args) => stats::run(&args, &Config::resolve(ColorChoice::Never)),
        Command::Similar(args) => similar::run(&args, &Config::resolve(args.color)),
        Command::Terms(args) => terms::run(&args, &Config::resolve(ColorChoice::Never)),
        Command::Dups(args) => dups::run(&args, &Config::resolve(ColorChoice::Auto)),
        Command::Export(args) => export::run(&args, &Config::resolve(ColorChoice::Never)),
        Command::Watch(args) => watch::run(&args),
        Command::Completions(args) => completions(args.shell),
        Command::Man(args) => man(&args),
    }
}

/// `--index-dir DIR`: the index of a corpus root lives in DIR. The root is
/// the one DIR's manifest records, else (a new index) the folder the
/// command names.
fn use_index_dir(dir: &Path, command: &Command) -> Result<()> {
    let root = match idx::manifest::recorded_root(dir) {
        Some(root) => root,
        None => named_folder(command).ok_or_else(|| {
            anyhow!(
                "{} holds no dafu index yet: name the folder to index \
                 (`dafu index --index-dir {} FOLDER`)",
                dir.display(),
                dir.display()
            )
        })?,
    };
    if !root.is_dir() {
        return Err(anyhow!(
            "{}: the folder indexed in {} is gone",
            root.display(),
            dir.display()
        ));
    }
    idx::layout::set_index_dir(&root, dir);
    Ok(())
}

/// The folder a command names, which an index kept elsewhere serves when
/// it has none yet.
fn named_folder(command: &Command) -> Option<PathBuf> {
    let path = match command {
        Command::Index(a) => a.paths.first().cloned(),
        Command::Watch(a) => Some(a.path.clone()),
        Command::Search(a) => a.path.clone(),
        Command::Export(a) => a.path.clone(),
        Command::Dups(a) => a.path.clone(),
        Command::Stats(a) => a
            .path
            .clone()
            .or_else(|| a.query.as_ref().map(PathBuf::from)),
        Command::Terms(a) => a
            .path
            .clone()
            .or_else(|| a.query.as_ref().map(PathBuf::from)),
        _ => None,
    };
    path.filter(|p| p.is_dir())
}

/// Report `err` (unless it needs no words) and choose the exit code.
fn exit_code_of(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        // `dafu … | head`: stdout closing under us is not a failure.
        ExitCode::Success
    } else if let Some(Interrupted(code)) = err.downcast_ref::<Interrupted>() {
        *code
    } else if err.downcast_ref::<Busy>().is_some() {
        messages::error(err);
        ExitCode::Busy
    } else if let Some(damaged) = damage::damage_in(err) {
        messages::say(damaged);
        ExitCode::Error
    } else {
        messages::error(err);
        ExitCode::Error
    }
}

/// True when the error is stdout closing under us (`dafu … | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The order `--sort` asks for.
fn sort_by(key: SortKey) -> SortBy {
    match key {
        SortKey::Score => SortBy::Score,
        SortKey::Date => SortBy::Date,
        SortKey::DateDesc => SortBy::DateDesc,
        SortKey::Number => SortBy::Number,
        SortKey::NumberDesc => SortBy::NumberDesc,
    }
}

fn walk_options(w: &WalkArgs) -> WalkOptions {
    WalkOptions {
        extensions: w.extensions.clone(),
        max_file_size: w.max_file_size,
        follow_outside: w.follow_outside,
    }
}

/// Parse `query`, or explain with a caret under the characters at fault.
/// Hints about what it may not mean as typed go to stderr.
fn parse_query(query: &str) -> Result<Expr> {
    let parsed = query::parse_with_hints(query).map_err(|e| query_error(query, &e))?;
    for hint in &parsed.hints {
        messages::say(format_args!("hint: {hint}"));
    }
    Ok(parsed.expr)
}

/// A bad query: what is wrong and where. For people it is shown with a
/// caret under the characters at fault; JSON gives the column instead.
#[derive(Debug)]
pub struct BadQuery {
    pub message: String,
    query: String,
    start: usize,
    end: usize,
}

impl BadQuery {
    /// The 1-based character where the query goes wrong.
    pub fn column(&self) -> usize {
        self.start + 1
    }
}

impl std::fmt::Display for BadQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let before: String = self.query.chars().take(self.start).collect();
        let marked: String = self
            .query
            .chars()
            .skip(self.start)
            .take((self.end - self.start).max(1))
            .collect();
        let pad = " ".repeat(display_width(&before));
        let carets = "^".repeat(display_width(&marked).max(1));
        write!(
            f,
            "bad query: {}\n  {}\n  {pad}{carets}",
            self.message, self.query
        )
    }
}

impl std::error::Error for BadQuery {}

/// A bad query, shown with a caret under the characters at fault.
fn query_error(query: &str, e: &QueryError) -> anyhow::Error {
    BadQuery {
        message: e.message.clone(),
        query: query.to_string(),
        start: e.start,
        end: e.end,
    }
    .into()
}

/// Build the index of `root` if it has none, saying so: this is what lets
/// `dafu search QUERY corpus` work on a fresh folder.
fn ensure_indexed(root: &Path, walk: &WalkArgs) -> Result<()> {
    if idx::exists(root) {
        return Ok(());
    }
    messages::say(format_args!(
        "{} has no index yet; indexing it first",
        root.display()
    ));
    let opts = IndexOptions {
        walk: walk_options(walk),
        wait: true,
        ..IndexOptions::default()
    };
    indexer::install_interrupt_handler();
    let summary = indexer::run(&indexer::Scope::whole(root), &opts)?;
    index::report(&summary);
    if summary.interrupted {
        return Err(Interrupted(indexer::signal::exit_code()).into());
    }
    Ok(())
}

/// The index of `location`, built first if needed and brought up to date
/// with the files (unless `--no-update`), limited to its scope.
fn open_searcher(location: &Location, walk: &WalkArgs, fresh: &FreshArgs) -> Result<IndexSearcher> {
    ensure_indexed(&location.root, walk)?;
    let opts = IndexOptions {
        walk: walk_options(walk),
        ..IndexOptions::default()
    };
    let docs = || searcher_of(&location.root).map_or(0, |s| s.num_docs());
    fresh::check(&location.root, &opts, !fresh.no_update, docs)?;
    Ok(searcher_of(&location.root)?.within(location.scope.clone()))
}

/// Open `root`'s index for queries. A rebuild swapped in meanwhile removes
/// the generation being opened: then the new one is opened.
fn searcher_of(root: &Path) -> Result<IndexSearcher> {
    let mut tries = 0;
    loop {
        let index = idx::open(root)?;
        let generation = index.generation;
        match IndexSearcher::new(index) {
            Err(_) if tries < 3 && idx::generations::replaced(root, generation) => tries += 1,
            result => return result,
        }
    }
}

/// The index holding the file `path` and the file's key in it.
fn open_enclosing(path: &Path) -> Result<(IndexSearcher, PathBuf, String)> {
    let (root, rel) = locate::enclosing_root(path)?
        .filter(|(_, rel)| !rel.is_empty())
        .ok_or_else(|| anyhow!("{}: not inside an indexed folder", path.display()))?;
    let searcher = searcher_of(&root)?;
    Ok((searcher, root, rel))
}

/// For `dafu stats [QUERY] [PATH]` and `dafu terms [QUERY] [PATH]`: open
/// the index (building it if needed) and compile the query, or match all
/// without one. A single argument naming a folder is the PATH.
fn optional_query(
    query: &Option<String>,
    path: &Option<PathBuf>,
    config: &Config,
    walk: &WalkArgs,
    fresh: &FreshArgs,
    purpose: Purpose,
) -> Result<(IndexSearcher, CompiledQuery, Location)> {
    let (query, path) = match (query, path) {
        (Some(q), None) if Path::new(q).is_dir() => (None, Some(PathBuf::from(q))),
        (q, p) => (q.clone(), p.clone()),
    };
    let expr = query.as_deref().map(parse_query).transpose()?;
    let location = locate::locate(path.as_deref(), config.env_index.as_deref(), fresh.root)?;
    let searcher = open_searcher(&location, walk, fresh)?;
    let compiled = match expr {
        None => searcher.match_all(),
        Some(e) if purpose == Purpose::Rank => searcher.compile(&e),
        Some(e) => searcher.compile_set(&e),
    };
    Ok((searcher, compiled, location))
}

/// What a command does with the matches of its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Counts or lists them: only membership matters.
    Set,
    /// Reads the best of them (`terms` samples the best matches): the
    /// clauses that rank are kept.
    Rank,
}

/// `q` with one reply per cluster of copies when `collapse` (`--collapse`).
fn collapsed(searcher: &IndexSearcher, q: CompiledQuery, collapse: bool) -> Result<CompiledQuery> {
    if !collapse {
        return Ok(q);
    }
    let clusters = crate::dups::load(searcher)?;
    crate::dups::collapse::collapse_set(searcher, &q, &clusters)
}

/// `dafu completions SHELL`.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    // Generated into memory: clap_complete panics when its writer fails.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dafu", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::Success)
}

/// `dafu man [COMMAND]`, `dafu man --dir DIR`. A command's page is
/// `dafu-COMMAND(1)`, with its options, its query syntax and exit status
/// (its `--help` text) in full.
fn man(args: &ManArgs) -> Result<ExitCode> {
    use clap::CommandFactory;
    let top = Cli::command();
    let page = |cmd: clap::Command, name: String| -> Result<Vec<u8>> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).title(name).render(&mut out)?;
        Ok(out)
    };
    let sub = |name: &str| top.find_subcommand(name).cloned();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("dafu.1"), page(top.clone(), "dafu".into())?)?;
        for cmd in top.get_subcommands() {
            let name = format!("dafu-{}", cmd.get_name());
            std::fs::write(dir.join(format!("{name}.1")), page(cmd.clone(), name)?)?;
        }
        messages::say(format_args!("man pages written to {}", dir.display()));
        return Ok(ExitCode::Success);
    }
    let out = match args.command.as_deref() {
        None => page(top.clone(), "dafu".into())?,
        Some(name) => {
            let cmd = sub(name).ok_or_else(|| {
                let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).collect();
                anyhow!("no command `{name}` (commands: {})", names.join(", "))
            })?;
            page(cmd, format!("dafu-{name}"))?
        }
    };
    io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::Success)
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
