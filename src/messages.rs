//! Everything dafu says on stderr goes through here, with one prefix, and
//! made safe for a terminal: a query or a file name may hold escape
//! sequences. stdout is for results only.

use std::fmt::Display;

use crate::sanitize;

/// The prefix of every diagnostic line.
pub const PREFIX: &str = "dafu: ";

/// An error, a warning or a note: one line (or a few) on stderr.
pub fn say(message: impl Display) {
    eprintln!("{PREFIX}{}", sanitize::text(&message.to_string()));
}

/// An error with its causes, as anyhow chains them (`a: b: c`).
pub fn error(err: &anyhow::Error) {
    eprintln!("{PREFIX}{}", sanitize::text(&format!("{err:#}")));
}

/// Lines that continue the previous message (indented, no prefix).
pub fn detail(line: impl Display) {
    eprintln!("  {}", sanitize::text(&line.to_string()));
}
