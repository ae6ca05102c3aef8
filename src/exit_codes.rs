//! Exit codes, as grep and ripgrep use them.

/// A search found at least one hit; any other command succeeded.
pub const SUCCESS: i32 = 0;
/// A search found nothing.
pub const NO_MATCH: i32 = 1;
/// An error: bad flags, a bad query, an unreadable index.
pub const ERROR: i32 = 2;
