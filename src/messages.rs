//! Everything dafu says on stderr goes through here, with one prefix.
//! stdout is for results only.

use std::fmt::Display;

/// The prefix of every diagnostic line.
pub const PREFIX: &str = "dafu: ";

/// An error, a warning or a note: one line (or a few) on stderr.
pub fn say(message: impl Display) {
    eprintln!("{PREFIX}{message}");
}

/// An error with its causes, as anyhow chains them (`a: b: c`).
pub fn error(err: &anyhow::Error) {
    eprintln!("{PREFIX}{err:#}");
}

/// Lines that continue the previous message (indented, no prefix).
pub fn detail(line: impl Display) {
    eprintln!("  {line}");
}
