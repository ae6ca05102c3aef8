//! Printers: what a person reads on a terminal ([`human`]), and versioned
//! JSON Lines for programs ([`json`]). One [`Printer`] is chosen per run
//! from the [`Config`]; it takes hits, counts and rows, and never searches.

pub mod human;
pub mod json;
pub mod snippet;
pub mod stats;

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::dups::report::Copies;
use crate::search::Hit;
use crate::search::related::TermScore;
use crate::search::tiers::MatchKind;
use human::Palette;
use snippet::Snippet;

/// Version of every JSON object dafu prints (the `"v"` field).
pub const JSON_VERSION: u32 = 1;

/// Passages shown per hit.
const SNIPPETS_PER_HIT: usize = 3;
/// Passage width in columns in JSON (no terminal to fit).
const JSON_COLUMNS: usize = 200;
/// Left margin of passages in human output.
const INDENT: usize = 4;

/// A `--batch` query's id, echoed in its results: any JSON value the
/// caller chose, or the line number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BatchId(pub serde_json::Value);

/// A hit with its passages, ready to print.
pub struct Rendered<'a> {
    pub hit: &'a Hit,
    /// The query's id, in `--batch` mode.
    pub id: Option<BatchId>,
    /// The path as the user can use it from the current folder.
    pub path: String,
    pub title_highlights: Vec<(usize, usize)>,
    pub snippets: Vec<Snippet>,
}

/// Join the display base and a document's relative path.
pub fn display_path(base: &Path, rel: &str) -> String {
    if base.as_os_str().is_empty() {
        rel.to_string()
    } else {
        base.join(rel).to_string_lossy().into_owned()
    }
}

/// A cluster of copies with its paths as the user can use them.
pub struct ShownCopies<'a> {
    pub copies: &'a Copies,
    /// `copies.relpaths` as printed for the current folder.
    pub paths: Vec<String>,
}

/// The format of a run's output, chosen once.
#[derive(Debug, Clone, Copy)]
pub enum Printer {
    /// For people: colour (or not) and passages fitted to `columns`.
    Human { palette: Palette, columns: usize },
    /// JSON Lines.
    Json,
}

impl Printer {
    /// The printer for this run: JSON when asked, else human output with
    /// the colour and width the configuration resolved.
    pub fn new(config: &Config, json: bool) -> Printer {
        if json {
            Printer::Json
        } else {
            Printer::Human {
                palette: Palette::new(config.color),
                columns: config.columns,
            }
        }
    }

    pub fn is_json(&self) -> bool {
        matches!(self, Printer::Json)
    }

    /// `hit` with its title highlights and passages around `needles`,
    /// fitted to this printer's width.
    pub fn render<'a>(
        &self,
        hit: &'a Hit,
        needles: &[String],
        path: String,
        id: Option<BatchId>,
    ) -> Rendered<'a> {
        let width = match self {
            Printer::Json => JSON_COLUMNS,
            Printer::Human { columns, .. } => columns.saturating_sub(INDENT),
        };
        Rendered {
            hit,
            id,
            path,
            title_highlights: snippet::highlight(&hit.title, needles),
            snippets: snippet::snippets(&hit.body, needles, SNIPPETS_PER_HIT, width, &hit.title),
        }
    }

    pub fn hit(&self, w: &mut impl Write, r: &Rendered) -> io::Result<()> {
        match self {
            Printer::Human { palette, columns } => human::hit(w, r, palette, *columns),
            Printer::Json => json::hit(w, r),
        }
    }

    /// The line that opens a tier of a ranked list (human output only);
    /// `first` when no hit was printed before it.
    pub fn tier_header(
        &self,
        w: &mut impl Write,
        kind: Option<MatchKind>,
        first: bool,
    ) -> io::Result<()> {
        match (self, kind) {
            (Printer::Human { palette, .. }, Some(kind)) => {
                human::tier_header(w, kind, first, palette)
            }
            _ => Ok(()),
        }
    }

    pub fn count(&self, w: &mut impl Write, n: usize) -> io::Result<()> {
        match self {
            Printer::Human { .. } => writeln!(w, "{n}"),
            Printer::Json => json::count(w, None, n),
        }
    }

    pub fn terms(&self, w: &mut impl Write, set: usize, words: &[TermScore]) -> io::Result<()> {
        match self {
            Printer::Human { .. } => human::terms(w, set, words),
            Printer::Json => json::terms(w, set, words),
        }
    }

    /// Clusters of near-duplicate replies (`dafu dups`).
    pub fn dups(&self, w: &mut impl Write, list: &[ShownCopies]) -> io::Result<()> {
        match self {
            Printer::Human { palette, .. } => human::dups(w, list, palette),
            Printer::Json => json::dups(w, list),
        }
    }

    pub fn show(
        &self,
        w: &mut impl Write,
        path: &str,
        doc: &Hit,
        fields_only: bool,
    ) -> io::Result<()> {
        match self {
            Printer::Human { .. } => human::show(w, path, doc, fields_only),
            Printer::Json => json::show(w, path, doc, fields_only),
        }
    }
}

/// Print paths one per line, or NUL-terminated for `xargs -0`: the same
/// for every printer, so that `-l` output can be piped as it is.
pub fn paths(w: &mut impl Write, paths: &[String], null: bool) -> io::Result<()> {
    for p in paths {
        w.write_all(p.as_bytes())?;
        w.write_all(if null { b"\0" } else { b"\n" })?;
    }
    Ok(())
}
