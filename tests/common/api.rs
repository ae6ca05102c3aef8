//! dafu used as a library. This is the only file of `tests/` that names a
//! module path of the crate (they are about to move): a move means editing
//! this file alone.
//!
//! Used by:
//! - `exact.rs`: [`index_in_process`] (`dafu::indexer`), [`Searcher`]
//!   (`dafu::index::open`, `dafu::search::IndexSearcher`), [`Expr`],
//!   [`phrase`] and [`term`] (`dafu::query::Expr`);
//! - `set_semantics.rs`: [`index_in_process`], [`Searcher`], [`parse`]
//!   (`dafu::query::parse`);
//! - `scripting.rs`: [`normalize`] (`dafu::analysis::normalize`);
//! - `segmentation.rs`: [`normalize`], [`segmenter_for`]
//!   (`dafu::analysis::dict::segmenter_for`);
//! - `search.rs`: [`display_width`] (`dafu::output::snippet::display_width`);
//! - [`super::fixtures::scan`] (in `exact.rs`, `set_semantics.rs`,
//!   `search.rs`, `moves.rs`):
//!   [`normalize`], [`decode`] (`dafu::corpus::decode`).

use std::path::Path;

/// A parsed query (`dafu::query::Expr`).
pub use dafu::query::Expr;

/// Width and case normalization, as the index applies it
/// (`dafu::analysis::normalize`).
pub fn normalize(text: &str) -> String {
    dafu::analysis::normalize(text)
}

/// The text of a file's bytes, decoded as the indexer decodes them, or
/// `None` for what it skips (`dafu::corpus::decode`).
pub fn decode(bytes: &[u8]) -> Option<String> {
    dafu::corpus::decode(bytes).ok().map(|d| d.text)
}

/// The query-time jieba: only the dictionary words `text` contains, no user
/// dictionary (`dafu::analysis::dict::segmenter_for`).
pub fn segmenter_for(text: &str) -> jieba_rs::Jieba {
    dafu::analysis::dict::segmenter_for(text, None)
}

/// Columns a line takes on a terminal (`dafu::output::snippet::display_width`).
pub fn display_width(line: &str) -> usize {
    dafu::output::snippet::display_width(line)
}

/// Index all of `dir` in this process, with the default options
/// (`dafu::indexer::run`).
pub fn index_in_process(dir: &Path) {
    use dafu::indexer::{IndexOptions, Scope, run};
    run(&Scope::whole(dir), &IndexOptions::default())
        .unwrap_or_else(|e| panic!("indexing {}: {e:#}", dir.display()));
}

/// An index opened in this process (`dafu::index::open`,
/// `dafu::search::IndexSearcher`).
pub struct Searcher(dafu::search::IndexSearcher);

impl Searcher {
    pub fn open(dir: &Path) -> Searcher {
        let idx = dafu::index::open(dir).unwrap();
        Searcher(dafu::search::IndexSearcher::new(idx).unwrap())
    }

    /// The relative paths (sorted) of the documents matching `expr`.
    pub fn paths(&self, expr: &Expr) -> Vec<String> {
        self.0.paths(&self.0.compile(expr)).unwrap()
    }

    /// How many documents match `expr`.
    pub fn count(&self, expr: &Expr) -> usize {
        self.0.count(&self.0.compile(expr)).unwrap()
    }
}

/// Parse a query as `dafu search` does (`dafu::query::parse`).
pub fn parse(query: &str) -> Expr {
    dafu::query::parse(query).unwrap_or_else(|e| panic!("{query:?}: {e}"))
}

/// A quoted query: `text` must be present literally.
pub fn phrase(text: &str) -> Expr {
    Expr::Phrase {
        text: text.to_string(),
        field: None,
    }
}

/// A bare term: segmented, every piece must be present.
pub fn term(text: &str) -> Expr {
    Expr::Term {
        text: text.to_string(),
        field: None,
    }
}
