//! The one test environment of the end-to-end tests (in the manner of fd's
//! `tests/testenv`). Every test file has `mod common; use common::*;` and
//! finds here:
//!
//! - [`env`]: the binary with a clean environment ([`dafu`], [`command`]),
//!   run to the end as a [`Run`] (exit code, stdout, stderr) by [`run`],
//!   [`search`], [`index_run`], [`index`], [`show`], [`explain`], and what
//!   the tests read from those runs ([`summary`], [`count`], [`listed`],
//!   [`check_index`]);
//! - [`background`]: a `dafu index` running beside the test, paused at a
//!   known point by the binary's test hook instead of raced with a clock;
//! - [`fixtures`]: copies of the bundled corpus and of `tests/fixtures/`,
//!   the files of a folder, edits of files and mtimes, and the one reader
//!   of `.dafu/manifest.json`;
//! - [`rng`]: the one seeded random generator;
//! - [`api`]: dafu used as a library, the only place tests name its
//!   module paths.
// Each test file uses only part of this module.
#![allow(dead_code, unused_imports)]

pub mod api;
pub mod background;
pub mod env;
pub mod fixtures;
pub mod rng;

pub use background::*;
pub use env::*;
pub use fixtures::*;
pub use rng::Rng;
