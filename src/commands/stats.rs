//! `dafu stats`: matching replies counted by one reply field, or by two as
//! a cross-table.

use std::io::{self, Write};

use anyhow::{Result, bail};

use super::{Purpose, collapsed, optional_query};
use crate::cli::{StatsArgs, StatsBy, StatsFormatArg};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::output::stats::{StatsFormat, print};
use crate::search::facets::Facet;

fn facet(by: StatsBy) -> Facet {
    match by {
        StatsBy::Issuer => Facet::Issuer,
        StatsBy::Meeting => Facet::Meeting,
        StatsBy::Region => Facet::Region,
        StatsBy::Kind => Facet::Kind,
        StatsBy::Year => Facet::Year,
        StatsBy::Outcome => Facet::Outcome,
        StatsBy::Province => Facet::Province,
        StatsBy::Prefecture => Facet::Prefecture,
    }
}

pub(super) fn run(args: &StatsArgs, config: &Config) -> Result<ExitCode> {
    if args.by.is_empty() || args.by.len() > 2 {
        bail!("--by takes one key or two (--by year,issuer)");
    }
    if args.by.len() == 2 && args.by[0] == args.by[1] {
        bail!("--by names the same key twice");
    }
    let facets: Vec<Facet> = args.by.iter().copied().map(facet).collect();
    let names: Vec<&str> = facets.iter().map(|f| f.name()).collect();
    let format = match (args.json, args.format) {
        (true, _) | (_, StatsFormatArg::Jsonl) => StatsFormat::Jsonl,
        (_, StatsFormatArg::Table) => StatsFormat::Table,
        (_, StatsFormatArg::Csv) => StatsFormat::Csv,
        (_, StatsFormatArg::Tsv) => StatsFormat::Tsv,
    };
    let (searcher, compiled, _) = optional_query(
        &args.query,
        &args.path,
        config,
        &args.walk,
        &args.fresh,
        Purpose::Set,
    )?;
    let compiled = collapsed(&searcher, compiled, args.collapse)?;
    let rows = searcher.facet_counts(&compiled, &facets)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if !rows.is_empty() {
        print(&mut out, format, &names, &rows)?;
    }
    out.flush()?;
    Ok(ExitCode::found(!rows.is_empty()))
}
