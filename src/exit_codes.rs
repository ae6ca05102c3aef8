//! Exit codes, as grep and ripgrep use them, plus the BSD sysexits code
//! for a busy resource and the shell's codes for SIGINT and SIGTERM. Commands return an
//! [`ExitCode`]; only `main` exits.

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// A search found at least one hit; any other command succeeded.
    Success,
    /// A search found nothing.
    NoMatch,
    /// An error: bad flags, a bad query, an unreadable index, or (with
    /// `--strict`) skipped files.
    Error,
    /// Another dafu is updating the index (EX_TEMPFAIL).
    Busy,
    /// Interrupted by Ctrl-C (SIGINT) after committing what was done.
    Interrupted,
    /// Stopped by SIGTERM after committing what was done.
    Terminated,
}

impl ExitCode {
    /// The process exit status.
    pub fn code(self) -> i32 {
        match self {
            ExitCode::Success => 0,
            ExitCode::NoMatch => 1,
            ExitCode::Error => 2,
            ExitCode::Busy => 75,
            ExitCode::Interrupted => 130,
            ExitCode::Terminated => 143,
        }
    }

    /// `Success` when something was found, else `NoMatch`.
    pub fn found(any: bool) -> ExitCode {
        if any {
            ExitCode::Success
        } else {
            ExitCode::NoMatch
        }
    }
}

/// Raised when a run was interrupted after committing what it had done:
/// `main` exits with the code it carries ([`ExitCode::Interrupted`] or
/// [`ExitCode::Terminated`]) without another message.
#[derive(Debug)]
pub struct Interrupted(pub ExitCode);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}
