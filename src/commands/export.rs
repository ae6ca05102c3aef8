//! `dafu export`: every reply with its fields and segmented text.

use std::io;

use anyhow::Result;

use super::open_searcher;
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::export::{self, Format};
use crate::index::locate;
use crate::messages;

pub(super) fn run(args: &ExportArgs, config: &Config) -> Result<ExitCode> {
    let location = locate::locate(args.path.as_deref(), config.env_index.as_deref())?;
    let searcher = open_searcher(&location, &args.walk, &args.fresh)?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::EsBulk => Format::EsBulk,
        ExportFormat::Quickwit => Format::Quickwit,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let n = export::export(&searcher, format, &args.index_name, &mut out)?;
    let s = if n == 1 { "" } else { "s" };
    messages::say(format_args!("exported {n} document{s}"));
    Ok(ExitCode::Success)
}
