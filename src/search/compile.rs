//! Turning a parsed query into tantivy clauses.
//!
//! Scoring, for a bare term T cut by jieba into pieces p1..pk:
//! - every piece must be present literally (bigram view): a filter, no score;
//! - BM25 of each piece in the jieba words view (how often, how rare);
//! - plus BM25 of T as a literal phrase, weight [`W_LITERAL`], when k > 1;
//! - plus the pieces as a words phrase within [`PROXIMITY`] characters,
//!   weight [`W_PROXIMITY`], when k > 1;
//! - plus [`W_TITLE`] when the title contains T literally.
//!
//! A quoted string scores by BM25 of its literal occurrences plus the
//! title bonus. `OR` adds scores; negations only filter.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::dict::UserDict;
use crate::analysis::{normalize, term_pieces};
use crate::index::schema::Fields;
use crate::query::{Expr, FieldName, RangeField};

/// Weight of a whole multi-piece term found literally.
pub const W_LITERAL: f32 = 0.5;
/// Weight of the pieces found close together in the words view.
pub const W_PROXIMITY: f32 = 1.0;
/// Maximum distance, in characters, for the proximity bonus.
pub const PROXIMITY: u32 = 10;
/// Bonus when the title contains the term.
pub const W_TITLE: f32 = 3.0;

/// A query ready to run, with what the printer should highlight and a
/// human account of the clauses for `--explain`.
pub struct CompiledQuery {
    pub query: Box<dyn Query>,
    /// Normalized strings to highlight in titles and snippets.
    pub needles: Vec<String>,
    pub explain: Vec<String>,
}

/// Compile a parsed query against the index fields.
pub fn compile(expr: &Expr, fields: &Fields, user_dict: Option<&UserDict>) -> CompiledQuery {
    let mut c = Compiler {
        fields,
        user_dict,
        needles: Vec::new(),
        explain: Vec::new(),
    };
    let query = c.clause(expr, 0, false);
    let mut needles = c.needles;
    needles.sort();
    needles.dedup();
    CompiledQuery {
        query,
        needles,
        explain: c.explain,
    }
}

struct Compiler<'a> {
    fields: &'a Fields,
    user_dict: Option<&'a UserDict>,
    needles: Vec<String>,
    explain: Vec<String>,
}

impl Compiler<'_> {
    fn say(&mut self, depth: usize, line: String) {
        self.explain.push(format!("{}{}", "  ".repeat(depth), line));
    }

    /// `negated` is true under a NOT: such terms filter, they are not
    /// highlighted.
    fn clause(&mut self, expr: &Expr, depth: usize, negated: bool) -> Box<dyn Query> {
        if let Expr::Term {
            text,
            field: Some(f),
        }
        | Expr::Phrase {
            text,
            field: Some(f),
        } = expr
            && let Some(field) = self.reply_field(*f)
        {
            let norm = normalize(text);
            self.say(
                depth,
                format!("{}: contains \"{norm}\" literally", f.name()),
            );
            return Box::new(ConstScoreQuery::new(literal(field, &norm), 0.0));
        }
        match expr {
            Expr::Term { text, field } => self.term(text, *field, depth, negated),
            Expr::Phrase { text, field } => self.phrase(text, *field, depth, negated),
            Expr::Range { field, lo, hi } => self.range(*field, *lo, *hi, depth),
            Expr::Not(inner) => {
                self.say(depth, "NOT".into());
                only_excluding(self.clause(inner, depth + 1, !negated))
            }
            Expr::And(items) => {
                self.say(depth, "AND (all of)".into());
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    clauses.push(match item {
                        Expr::Not(inner) => {
                            self.say(depth + 1, "NOT".into());
                            (Occur::MustNot, self.clause(inner, depth + 2, !negated))
                        }
                        _ => (Occur::Must, self.clause(item, depth + 1, negated)),
                    });
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(items) => {
                self.say(depth, "OR (any of)".into());
                let clauses = items
                    .iter()
                    .map(|item| (Occur::Should, self.clause(item, depth + 1, negated)))
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    fn grams_and_words(&self, field: Option<FieldName>) -> (Field, Field) {
        match field {
            Some(FieldName::Title) => (self.fields.title_grams, self.fields.title),
            _ => (self.fields.body_grams, self.fields.body),
        }
    }

    /// The bigram field of a reply field (searched as a literal substring).
    fn reply_field(&self, field: FieldName) -> Option<Field> {
        let f = self.fields;
        Some(match field {
            FieldName::Issuer => f.issuer,
            FieldName::Proposer => f.proposer,
            FieldName::Meeting => f.meeting,
            FieldName::Region => f.region,
            FieldName::Kind => f.kind,
            FieldName::DocNumber => f.doc_number,
            FieldName::Title | FieldName::Number | FieldName::Date => return None,
        })
    }

    fn range(
        &mut self,
        field: RangeField,
        lo: Option<u64>,
        hi: Option<u64>,
        depth: usize,
    ) -> Box<dyn Query> {
        let (f, name) = match field {
            RangeField::Number => (self.fields.number, "number"),
            RangeField::Date => (self.fields.date, "date"),
        };
        let show = |b: Option<u64>| b.map_or_else(|| "*".to_string(), |v| v.to_string());
        self.say(depth, format!("{name} in [{}, {}]", show(lo), show(hi)));
        let bound = |v: Option<u64>| {
            v.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_u64(f, v))
            })
        };
        Box::new(ConstScoreQuery::new(
            Box::new(RangeQuery::new(bound(lo), bound(hi))),
            0.0,
        ))
    }

    fn term(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        depth: usize,
        negated: bool,
    ) -> Box<dyn Query> {
        let norm = normalize(text);
        let pieces = term_pieces(&norm, self.user_dict);
        let (grams, words) = self.grams_and_words(field);
        let scope = field.map_or(String::new(), |f| format!("{}:", f.name()));
        let shown: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        self.say(
            depth,
            format!(
                "term {scope}{text} → pieces [{}], each required literally",
                shown.join(" | ")
            ),
        );
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for p in &pieces {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(literal(grams, &p.text), 0.0)),
            ));
            let t = Term::from_field_text(words, &p.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
            ));
        }
        let mut ranking = vec![format!("BM25 of words [{}]", shown.join(", "))];
        if pieces.len() > 1 {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(literal(grams, &norm), W_LITERAL)),
            ));
            // Proximity on the bigram view: the first bigram of each piece
            // of two or more characters, at the piece's offset, with slop.
            let terms: Vec<(usize, Term)> = pieces
                .iter()
                .filter_map(|p| {
                    let gram: String = p.text.chars().take(2).collect();
                    (gram.chars().count() == 2)
                        .then(|| (p.offset, Term::from_field_text(grams, &gram)))
                })
                .collect();
            if terms.len() > 1 {
                let prox = PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prox), W_PROXIMITY)),
                ));
            }
            ranking.push(format!("literal \"{norm}\" ×{W_LITERAL}"));
            ranking.push(format!("pieces within {PROXIMITY} chars ×{W_PROXIMITY}"));
        }
        if field.is_none() {
            clauses.push((Occur::Should, self.title_bonus(&norm)));
            ranking.push(format!("in title +{W_TITLE}"));
        }
        self.say(depth + 1, format!("ranking: {}", ranking.join("; ")));
        if !negated {
            self.needles.push(norm.clone());
            self.needles.extend(pieces.into_iter().map(|p| p.text));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        depth: usize,
        negated: bool,
    ) -> Box<dyn Query> {
        let norm = normalize(text);
        let (grams, _) = self.grams_and_words(field);
        let scope = field.map_or(String::new(), |f| format!("{}:", f.name()));
        self.say(
            depth,
            format!("exact {scope}\"{text}\" → literal substring (bigram phrase)"),
        );
        if !negated {
            self.needles.push(norm.clone());
        }
        let exact = literal(grams, &norm);
        if field.is_some() {
            return exact;
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, exact),
            (Occur::Should, self.title_bonus(&norm)),
        ]))
    }

    fn title_bonus(&self, norm: &str) -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(
            literal(self.fields.title_grams, norm),
            W_TITLE,
        ))
    }
}

/// Documents matching `literal` exactly: the bigram view holds a bigram at
/// every character position, so a string is present exactly when its
/// bigrams sit at consecutive positions. Every other bigram (plus the last)
/// pins all characters. One character is the range of grams starting with it.
pub fn literal(field: Field, norm: &str) -> Box<dyn Query> {
    let chars: Vec<char> = norm.chars().collect();
    match chars.len() {
        0 => Box::new(AllQuery),
        1 => {
            let c = chars[0];
            let lower = Bound::Included(Term::from_field_text(field, &c.to_string()));
            let upper = next_char(c).map_or(Bound::Unbounded, |n| {
                Bound::Excluded(Term::from_field_text(field, &n.to_string()))
            });
            Box::new(RangeQuery::new(lower, upper))
        }
        2 => Box::new(TermQuery::new(
            Term::from_field_text(field, norm),
            IndexRecordOption::WithFreqs,
        )),
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            let terms = offsets
                .into_iter()
                .map(|i| {
                    let gram: String = chars[i..i + 2].iter().collect();
                    (i, Term::from_field_text(field, &gram))
                })
                .collect();
            Box::new(PhraseQuery::new_with_offset(terms))
        }
    }
}

/// The next Unicode scalar value after `c`, skipping surrogates.
fn next_char(c: char) -> Option<char> {
    let n = c as u32 + 1;
    char::from_u32(n).or_else(|| char::from_u32(0xE000).filter(|_| n <= 0xE000))
}

/// Everything except what `q` matches.
fn only_excluding(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery)),
        (Occur::MustNot, q),
    ]))
}
