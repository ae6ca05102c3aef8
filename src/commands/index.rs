//! `dafu index`.

use std::path::Path;

use anyhow::{Context, Result, anyhow};

use super::walk_options;
use crate::cli::IndexArgs;
use crate::config::Config;
use crate::corpus::Skip;
use crate::exit_codes::ExitCode;
use crate::indexer::{self, IndexOptions, Summary};
use crate::messages;
use crate::sanitize;

pub(super) fn run(args: &IndexArgs, config: &Config) -> Result<ExitCode> {
    // Folders of different indexes (new sibling folders, say) are indexed
    // one after the other, each into its own index.
    let scopes = indexer::resolve_scopes(&args.paths)?;
    let opts = IndexOptions {
        walk: walk_options(&args.walk),
        full: args.full,
        rebuild: args.rebuild,
        dict: args.dict.clone(),
        wait: args.wait,
        progress: !args.quiet && config.progress,
        commit_every: args.commit_every,
    };
    indexer::install_interrupt_handler();
    let mut skipped = Vec::new();
    for scope in &scopes {
        let summary = indexer::run(scope, &opts)?;
        if !args.quiet {
            if scopes.len() > 1 {
                messages::say(format_args!("{}:", scope.root.display()));
            }
            report(&summary);
        }
        skipped.extend(summary.skipped);
        if summary.interrupted {
            if let Some(path) = &args.report {
                write_report(path, &skipped)?;
            }
            return Ok(indexer::signal::exit_code());
        }
    }
    if let Some(path) = &args.report {
        write_report(path, &skipped)?;
    }
    if args.strict && !skipped.is_empty() {
        return Err(anyhow!("{} files skipped (--strict)", skipped.len()));
    }
    Ok(ExitCode::Success)
}

/// Each skipped file with its reason, then the one-line summary.
pub(super) fn report(summary: &Summary) {
    for s in &summary.skipped {
        messages::say(format_args!(
            "skipped {}: {}",
            sanitize::line(&s.path),
            s.reason
        ));
    }
    messages::say(summary.line());
}

fn write_report(path: &Path, skipped: &[Skip]) -> Result<()> {
    let mut out = String::new();
    for s in skipped {
        out.push_str(&serde_json::to_string(s)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write report {}", path.display()))
}
