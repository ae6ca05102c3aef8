//! `dafu dups`: clusters of near-duplicate replies.

use std::io::{self, Write};

use anyhow::Result;

use super::open_searcher;
use crate::cli::DupsArgs;
use crate::config::Config;
use crate::dups::{self, report};
use crate::exit_codes::ExitCode;
use crate::index::locate;
use crate::output::{Printer, ShownCopies};

pub(super) fn run(args: &DupsArgs, config: &Config) -> Result<ExitCode> {
    let location = locate::locate(
        args.path.as_deref(),
        config.env_index.as_deref(),
        args.fresh.root,
    )?;
    let searcher = open_searcher(&location, &args.walk, &args.fresh)?;
    let clusters = dups::load(&searcher)?;
    let list = report::list(&searcher, &clusters)?;
    let shown: Vec<ShownCopies> = list
        .iter()
        .map(|copies| ShownCopies {
            copies,
            paths: copies.relpaths.iter().map(|r| location.show(r)).collect(),
        })
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    Printer::new(config, args.json).dups(&mut out, &shown)?;
    out.flush()?;
    Ok(ExitCode::found(!list.is_empty()))
}
