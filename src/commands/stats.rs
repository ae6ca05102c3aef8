//! `dafu stats`: matching replies counted by a reply field.

use std::io::{self, Write};

use anyhow::Result;

use super::optional_query;
use crate::cli::{StatsArgs, StatsBy};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::output::Printer;
use crate::search::CountBy;

pub(super) fn run(args: &StatsArgs, config: &Config) -> Result<ExitCode> {
    let (searcher, compiled) =
        optional_query(&args.query, &args.path, config, &args.walk, &args.fresh)?;
    let (by, name) = match args.by {
        StatsBy::Issuer => (CountBy::Issuer, "issuer"),
        StatsBy::Meeting => (CountBy::Meeting, "meeting"),
        StatsBy::Region => (CountBy::Region, "region"),
        StatsBy::Kind => (CountBy::Kind, "kind"),
        StatsBy::Year => (CountBy::Year, "year"),
    };
    let rows = searcher.counts(&compiled, by)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    Printer::new(config, args.json).stats(&mut out, name, &rows)?;
    out.flush()?;
    Ok(ExitCode::found(!rows.is_empty()))
}
