//! Exit codes, as grep and ripgrep use them, plus the BSD sysexits code
//! for a busy resource and the shell's code for SIGINT.

/// A search found at least one hit; any other command succeeded.
pub const SUCCESS: i32 = 0;
/// A search found nothing.
pub const NO_MATCH: i32 = 1;
/// An error: bad flags, a bad query, an unreadable index, or (with
/// `--strict`) skipped files.
pub const ERROR: i32 = 2;
/// Another dafu is updating the index (EX_TEMPFAIL).
pub const BUSY: i32 = 75;
/// Interrupted by Ctrl-C (SIGINT) after committing what was done.
pub const INTERRUPTED: i32 = 130;
