//! `dafu similar`: the replies most like a given one.

use std::io::{self, Write};

use anyhow::{Result, anyhow};

use super::open_enclosing;
use crate::cli::SimilarArgs;
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::index::locate::display_base;
use crate::output::{Printer, display_path};

pub(super) fn run(args: &SimilarArgs, config: &Config) -> Result<ExitCode> {
    let (searcher, root, rel) = open_enclosing(&args.path)?;
    let hits = searcher.similar(&rel, args.limit)?.ok_or_else(|| {
        anyhow!(
            "{}: not in the index (run `dafu index`)",
            args.path.display()
        )
    })?;
    // Paths are printed relative to where the given file's root is.
    let base = display_base(&root);
    let printer = Printer::new(config, args.json);
    let mut out = io::BufWriter::new(io::stdout().lock());
    for hit in &hits {
        let path = display_path(&base, &hit.relpath);
        printer.hit(&mut out, &printer.render(hit, &[], path, None))?;
    }
    out.flush()?;
    Ok(ExitCode::found(!hits.is_empty()))
}
