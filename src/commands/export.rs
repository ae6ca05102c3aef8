//! `dafu export`: every reply with its fields and segmented text.

use std::io;

use anyhow::Result;

use super::{Purpose, optional_query};
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::export::{self, Format};
use crate::messages;

pub(super) fn run(args: &ExportArgs, config: &Config) -> Result<ExitCode> {
    let (searcher, compiled, location) = optional_query(
        &args.query,
        &args.path,
        config,
        &args.walk,
        &args.fresh,
        Purpose::Set,
    )?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::EsBulk => Format::EsBulk,
        ExportFormat::Quickwit => Format::Quickwit,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let n = export::export(
        &searcher,
        &compiled,
        format,
        &args.index_name,
        |rel| location.show(rel),
        &mut out,
    )?;
    let s = if n == 1 { "" } else { "s" };
    messages::say(format_args!("exported {n} document{s}"));
    Ok(ExitCode::Success)
}
