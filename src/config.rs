//! What a run needs from its environment, resolved once from the flags
//! and the process environment: colour, terminal width, `$DAFU_INDEX`.
//! Nothing below the commands reads the environment again.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use crate::cli::ColorChoice;

/// Passage width in columns when stdout is not a terminal and `COLUMNS`
/// is not set.
const DEFAULT_COLUMNS: usize = 100;

/// The resolved environment of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Colour human output.
    pub color: bool,
    /// Width of the terminal (or `COLUMNS`, or 100).
    pub columns: usize,
    /// `$DAFU_INDEX`, when set and not empty.
    pub env_index: Option<PathBuf>,
    /// Draw progress on stderr.
    pub progress: bool,
    /// stdout is a terminal: even paths listed with `-l` are made safe to
    /// show (in a pipe they stay byte-exact, for other programs).
    pub stdout_terminal: bool,
}

impl Config {
    /// Resolve colour (for commands that have `--color`), width and the
    /// index variable.
    pub fn resolve(color: ColorChoice) -> Config {
        Config {
            color: use_color(color),
            columns: columns(),
            env_index: std::env::var_os("DAFU_INDEX")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            progress: io::stderr().is_terminal(),
            stdout_terminal: io::stdout().is_terminal(),
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn columns() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(io::stdout()) {
        return w as usize;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(DEFAULT_COLUMNS)
}
