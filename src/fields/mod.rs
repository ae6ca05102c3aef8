//! Canonical forms of the reply fields people ask by, pure: a meeting as
//! data ([`meeting`]), an agency under its standard name ([`agency`]).
//!
//! Each field has three faces, kept together here so that they cannot
//! drift apart: what [`crate::reply`] extracts and prints, the extra values
//! the index holds for a field (so a query matches however the text wrote
//! it), and the literals a query value becomes ([`query_literals`]).

pub mod agency;
pub mod meeting;
mod numerals;
pub mod place;
pub mod region;

pub use agency::{canonical_agency, short_agency};
pub use meeting::MeetingParts;
pub use region::{Division, Hints};

/// Which reply field a query value is for, as far as canonical forms go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    Meeting,
    Issuer,
    /// A, B or C: one exact value (see [`outcome_class`]).
    Outcome,
    /// Every other text field: the value as typed.
    Plain,
}

/// The class an `outcome:` value names: `A`, `a`, `A类` → "A".
pub fn outcome_class(norm: &str) -> Option<&'static str> {
    let v = norm.trim();
    let v = v.strip_suffix('类').unwrap_or(v);
    match v {
        "A" | "a" => Some("A"),
        "B" | "b" => Some("B"),
        "C" | "c" => Some("C"),
        _ => None,
    }
}

/// What a query value for a field must match: any of the alternatives,
/// each a list of literals that must all be present in the field. The
/// value as typed is always the first alternative, except for a meeting
/// value that names parts (`十六届二次`, `人大`): those match the parts
/// indexed by [`meeting::index_values`] only, so that `四届` does not find
/// 十四届.
pub fn query_literals(canon: Canon, norm: &str) -> Vec<Vec<String>> {
    match canon {
        Canon::Meeting => match meeting::query_literals(norm) {
            Some(parts) => vec![parts],
            None => vec![vec![norm.to_string()]],
        },
        Canon::Issuer => {
            let mut alts = vec![vec![norm.to_string()]];
            let canonical = canonical_agency(norm, None);
            if canonical != norm && !canonical.is_empty() {
                alts.push(vec![canonical]);
            }
            alts
        }
        Canon::Plain | Canon::Outcome => vec![vec![norm.to_string()]],
    }
}
