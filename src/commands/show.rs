//! `dafu show`: a document's fields, with the line each came from, and
//! its text.

use std::io::{self, Write};

use anyhow::{Result, anyhow};

use super::open_enclosing;
use crate::cli::ShowArgs;
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::output::Printer;

pub(super) fn run(args: &ShowArgs, config: &Config) -> Result<ExitCode> {
    let (searcher, root, rel) = open_enclosing(&args.path)?;
    let Some(hit) = searcher.get(&rel)? else {
        return Err(anyhow!(
            "{}: not in the index of {} (run `dafu index`)",
            args.path.display(),
            root.display()
        ));
    };
    let printer = Printer::new(config, args.json);
    let mut out = io::BufWriter::new(io::stdout().lock());
    printer.show(
        &mut out,
        &args.path.to_string_lossy(),
        &hit,
        args.fields_only,
    )?;
    out.flush()?;
    Ok(ExitCode::Success)
}
