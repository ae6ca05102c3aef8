//! `dafu terms`: the most distinctive words of the matching replies.

use std::io::{self, Write};

use anyhow::Result;

use super::{Purpose, collapsed, optional_query};
use crate::cli::TermsArgs;
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::output::Printer;

pub(super) fn run(args: &TermsArgs, config: &Config) -> Result<ExitCode> {
    let (searcher, compiled, _) = optional_query(
        &args.query,
        &args.path,
        config,
        &args.walk,
        &args.fresh,
        Purpose::Rank,
    )?;
    let compiled = collapsed(&searcher, compiled, args.collapse)?;
    let (docs, words) = searcher.distinctive_terms(&compiled, args.limit)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    Printer::new(config, args.json).terms(&mut out, docs, &words)?;
    out.flush()?;
    Ok(ExitCode::found(!words.is_empty()))
}
