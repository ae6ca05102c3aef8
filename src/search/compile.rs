//! Turning a parsed query into tantivy clauses.
//!
//! Membership: a bare term T, like a quoted string, matches a document
//! that holds T literally after normalization (the bigram view): set
//! outputs equal `rg -F`. Words decide ranking, not membership:
//! - BM25 of each jieba piece of T in the words view (how often, how rare,
//!   normalized by length); the words view keeps a sub-word only where it
//!   starts or ends a word, so 民政 scores in 民政局 and not in 人民政府;
//! - plus [`W_TITLE`] when the title (or the proposal title) holds T.
//!
//! `OR` adds scores; negations only filter. Looser tiers for ranked lists
//! ([`Tier::Words`]: each piece of a bare term present, not necessarily
//! together; and "some of the terms", see [`compile_tiers`]) also score the
//! pieces found within [`PROXIMITY`] characters, weight [`W_PROXIMITY`].

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::dict::UserDict;
use crate::analysis::{Piece, normalize, term_pieces};
use crate::fields::Canon;
use crate::index::schema::Fields;
use crate::query::{Expr, FieldName, RangeField};

/// Weight of the pieces found close together in the words view.
pub const W_PROXIMITY: f32 = 1.0;
/// Maximum distance, in characters, for the proximity bonus.
pub const PROXIMITY: u32 = 10;
/// Bonus when the title contains the term.
pub const W_TITLE: f32 = 3.0;
/// Bonus for a document that is a reply to a proposal.
pub const W_REPLY: f32 = 1.0;

/// A query ready to run, with what the printer should highlight and a
/// human account of the clauses for `--explain`.
pub struct CompiledQuery {
    pub query: Box<dyn Query>,
    /// Normalized strings to highlight in titles and snippets.
    pub needles: Vec<String>,
    pub explain: Vec<String>,
}

/// How strictly bare terms match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Present literally: what set outputs and the exit status use.
    Exact,
    /// Each jieba piece present literally, not necessarily together.
    Words,
}

/// Compile a parsed query against the index fields: exact matching,
/// ranked.
pub fn compile(expr: &Expr, fields: &Fields, user_dict: Option<&UserDict>) -> CompiledQuery {
    compile_tier(expr, fields, user_dict, Tier::Exact, true)
}

/// The same matches as [`compile`], without the clauses that only rank:
/// for set outputs and counts (`-l`, `-c`, `-q`, stats), which then open
/// one posting list per literal instead of four or five.
pub fn compile_set(expr: &Expr, fields: &Fields, user_dict: Option<&UserDict>) -> CompiledQuery {
    compile_tier(expr, fields, user_dict, Tier::Exact, false)
}

fn compile_tier(
    expr: &Expr,
    fields: &Fields,
    user_dict: Option<&UserDict>,
    tier: Tier,
    rank: bool,
) -> CompiledQuery {
    let mut c = Compiler {
        fields,
        user_dict,
        tier,
        rank,
        needles: Vec::new(),
        explain: Vec::new(),
    };
    let clause = c.clause(expr, 0, false);
    let query = if rank {
        with_reply_prior(clause, fields)
    } else {
        clause
    };
    let mut needles = c.needles;
    needles.sort();
    needles.dedup();
    CompiledQuery {
        query,
        needles,
        explain: c.explain,
    }
}

/// A query in its three tiers, for ranked lists that go on past the exact
/// matches: the words tier, then "some of the terms" (at least half of the
/// text items of a top-level AND, every other constraint kept).
pub struct Tiers {
    pub exact: CompiledQuery,
    /// Matches of the words tier (a superset of the exact matches); `None`
    /// when it cannot differ from the exact tier.
    pub words: Option<Box<dyn Query>>,
    /// Matches of "some of the terms" (a superset of the words tier).
    pub partial: Option<Box<dyn Query>>,
    /// Each text item of the query as typed, with its exact query: a hit
    /// of a looser tier lacks the items it does not match.
    pub probes: Vec<(String, Box<dyn Query>)>,
}

/// The tiers of `expr`.
pub fn compile_tiers(expr: &Expr, fields: &Fields, user_dict: Option<&UserDict>) -> Tiers {
    let exact = compile(expr, fields, user_dict);
    let loosens = loosens(expr, user_dict);
    let words = loosens.then(|| compile_tier(expr, fields, user_dict, Tier::Words, true).query);
    let items: Vec<&Expr> = match expr {
        Expr::And(items) => items.iter().collect(),
        other => vec![other],
    };
    let (text, constraints): (Vec<&Expr>, Vec<&Expr>) =
        items.into_iter().partition(|e| is_text_item(e));
    let probes = text
        .iter()
        .map(|e| (label(e), compile(e, fields, user_dict).query))
        .collect();
    let partial = (text.len() >= 2).then(|| {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = text
            .iter()
            .map(|e| {
                (
                    Occur::Should,
                    compile_tier(e, fields, user_dict, Tier::Words, true).query,
                )
            })
            .collect();
        for c in &constraints {
            clauses.push(match c {
                Expr::Not(inner) => (Occur::MustNot, compile(inner, fields, user_dict).query),
                _ => (Occur::Must, compile(c, fields, user_dict).query),
            });
        }
        // At least half of the terms (one of two, two of three or four):
        // the more a reply holds, the higher it scores.
        let half = text.len().div_ceil(2);
        Box::new(BooleanQuery::with_minimum_required_clauses(clauses, half)) as Box<dyn Query>
    });
    Tiers {
        exact,
        words,
        partial,
        probes,
    }
}

/// True when some bare term has more than one jieba piece: only then can
/// the words tier find more than the exact one.
fn loosens(expr: &Expr, user_dict: Option<&UserDict>) -> bool {
    match expr {
        Expr::Term { text, field } => {
            !field.is_some_and(|f| f != FieldName::Title)
                && term_pieces(&normalize(text), user_dict).len() > 1
        }
        Expr::And(items) | Expr::Or(items) => items.iter().any(|e| loosens(e, user_dict)),
        Expr::Not(_) | Expr::Phrase { .. } | Expr::Range { .. } => false,
    }
}

/// An item of the query a hit of a looser tier may lack: text, not a
/// reply-field constraint, a range or an exclusion.
fn is_text_item(expr: &Expr) -> bool {
    match expr {
        Expr::Term { field, .. } | Expr::Phrase { field, .. } => {
            field.is_none_or(|f| f == FieldName::Title)
        }
        Expr::Or(items) | Expr::And(items) => items.iter().all(is_text_item),
        Expr::Not(_) | Expr::Range { .. } => false,
    }
}

/// An item of the query as the user would write it.
pub fn label(expr: &Expr) -> String {
    let field = |f: &Option<FieldName>| f.map_or(String::new(), |f| format!("{}:", f.name()));
    match expr {
        Expr::Term { text, field: f } => format!("{}{text}", field(f)),
        Expr::Phrase { text, field: f } => format!("{}\"{text}\"", field(f)),
        Expr::Range { field, lo, hi } => {
            let show = |b: &Option<u64>| b.map_or(String::new(), |v| v.to_string());
            let name = match field {
                RangeField::Number => "number",
                RangeField::Date => "date",
            };
            format!("{name}:{}..{}", show(lo), show(hi))
        }
        Expr::And(items) => items.iter().map(label).collect::<Vec<_>>().join(" "),
        Expr::Or(items) => format!(
            "({})",
            items.iter().map(label).collect::<Vec<_>>().join(" OR ")
        ),
        Expr::Not(inner) => format!("-{}", label(inner)),
    }
}

struct Compiler<'a> {
    fields: &'a Fields,
    user_dict: Option<&'a UserDict>,
    tier: Tier,
    /// False: membership only, no ranking clauses.
    rank: bool,
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
            && let Some((field, canon)) = self.reply_field(*f)
        {
            let norm = normalize(text);
            // Passages then show where the text states it (an outcome is a
            // class letter, not text to highlight).
            if !negated && canon != Canon::Outcome {
                self.needles.push(norm.clone());
            }
            return self.field_clause(*f, field, canon, &norm, depth);
        }
        match expr {
            Expr::Term { text, field } => self.text(text, *field, false, depth, negated),
            Expr::Phrase { text, field } => self.text(text, *field, true, depth, negated),
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

    /// The field a reply field is searched in, and how its query values
    /// are read (see [`crate::fields::query_literals`]).
    fn reply_field(&self, field: FieldName) -> Option<(Field, Canon)> {
        let f = self.fields;
        Some(match field {
            FieldName::Issuer => (f.issuer, Canon::Issuer),
            FieldName::Proposer => (f.proposer, Canon::Plain),
            FieldName::Meeting => (f.meeting, Canon::Meeting),
            FieldName::Region => (f.region, Canon::Plain),
            FieldName::Kind => (f.kind, Canon::Plain),
            FieldName::DocNumber => (f.doc_number, Canon::Plain),
            FieldName::Outcome => (f.outcome_key, Canon::Outcome),
            FieldName::Title | FieldName::Number | FieldName::Date => return None,
        })
    }

    /// A reply field holding any of the forms of `norm`, each a set of
    /// literals that must all be present; filters without scoring.
    fn field_clause(
        &mut self,
        name: FieldName,
        field: Field,
        canon: Canon,
        norm: &str,
        depth: usize,
    ) -> Box<dyn Query> {
        let name = name.name();
        if canon == Canon::Outcome {
            let Some(class) = crate::fields::outcome_class(norm) else {
                self.say(
                    depth,
                    format!("{name}: \"{norm}\" is not A, B or C: nothing"),
                );
                return Box::new(tantivy::query::EmptyQuery);
            };
            self.say(depth, format!("{name}: is {class}"));
            let term = Term::from_field_text(field, class);
            return Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        }
        let alts = crate::fields::query_literals(canon, norm);
        let shown: Vec<String> = alts
            .iter()
            .map(|all| {
                all.iter()
                    .map(|l| format!("\"{l}\""))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        self.say(
            depth,
            format!("{name}: contains {} literally", shown.join(" or ")),
        );
        let mut any: Vec<(Occur, Box<dyn Query>)> = alts
            .iter()
            .map(|all| {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = all
                    .iter()
                    .map(|l| (Occur::Must, literal(field, l)))
                    .collect();
                let q = match clauses.len() {
                    1 => clauses.remove(0).1,
                    _ => Box::new(BooleanQuery::new(clauses)),
                };
                (Occur::Should, q)
            })
            .collect();
        let q = match any.len() {
            1 => any.remove(0).1,
            _ => Box::new(BooleanQuery::new(any)),
        };
        Box::new(ConstScoreQuery::new(q, 0.0))
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

    /// A bare term or a quoted string: present literally after
    /// normalization (in the words tier, a bare term loosens to each of its
    /// jieba pieces present literally). Ranked by BM25 of its jieba pieces
    /// in the words view, plus a bonus when the title holds it.
    fn text(
        &mut self,
        text: &str,
        field: Option<FieldName>,
        quoted: bool,
        depth: usize,
        negated: bool,
    ) -> Box<dyn Query> {
        let norm = normalize(text);
        let pieces = term_pieces(&norm, self.user_dict);
        let (grams, words) = self.grams_and_words(field);
        let scope = field.map_or(String::new(), |f| format!("{}:", f.name()));
        let shown: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        let loose = self.tier == Tier::Words && !quoted && !negated && pieces.len() > 1;
        let (what, filter) = if loose {
            let each = pieces
                .iter()
                .map(|p| {
                    let q: Box<dyn Query> =
                        Box::new(ConstScoreQuery::new(literal(grams, &p.text), 0.0));
                    (Occur::Must, q)
                })
                .collect();
            (
                "each piece present literally",
                Box::new(BooleanQuery::new(each)) as Box<dyn Query>,
            )
        } else {
            (
                "present literally",
                Box::new(ConstScoreQuery::new(literal(grams, &norm), 0.0)) as Box<dyn Query>,
            )
        };
        let shown_text = if quoted {
            format!("exact {scope}\"{text}\"")
        } else {
            format!("term {scope}{text}")
        };
        self.say(
            depth,
            format!("{shown_text}: {what} (pieces [{}])", shown.join(" | ")),
        );
        if !negated {
            self.needles.push(norm.clone());
            if !quoted {
                self.needles.extend(pieces.iter().map(|p| p.text.clone()));
            }
        }
        if !self.rank {
            return filter;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, filter)];
        for p in &pieces {
            let t = Term::from_field_text(words, &p.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
            ));
        }
        let mut ranking = vec![format!("BM25 of words [{}]", shown.join(", "))];
        if loose && let Some(prox) = proximity(grams, &pieces) {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(prox, W_PROXIMITY))));
            ranking.push(format!("pieces within {PROXIMITY} chars ×{W_PROXIMITY}"));
        }
        if field.is_none() {
            clauses.push((Occur::Should, self.title_bonus(&norm)));
            ranking.push(format!("in title +{W_TITLE}"));
        }
        self.say(depth + 1, format!("ranking: {}", ranking.join("; ")));
        Box::new(BooleanQuery::new(clauses))
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

/// `q` with a bonus for documents that are replies (a kind was read from
/// them): in a mixed crawl, of two equally good matches the reply to a
/// proposal comes first. Membership is `q`'s alone.
fn with_reply_prior(q: Box<dyn Query>, fields: &Fields) -> Box<dyn Query> {
    let kinds = ["提案", "建议", "议案"].map(|k| Term::from_field_text(fields.kind_key, k));
    let replies = Box::new(TermSetQuery::new(kinds));
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, q),
        (
            Occur::Should,
            Box::new(ConstScoreQuery::new(replies, W_REPLY)),
        ),
    ]))
}

/// The pieces as a phrase with slop on the bigram view: the first bigram
/// of each piece of two or more characters, at the piece's offset.
fn proximity(grams: Field, pieces: &[Piece]) -> Option<Box<dyn Query>> {
    let terms: Vec<(usize, Term)> = pieces
        .iter()
        .filter_map(|p| {
            let gram: String = p.text.chars().take(2).collect();
            (gram.chars().count() == 2).then(|| (p.offset, Term::from_field_text(grams, &gram)))
        })
        .collect();
    (terms.len() > 1).then(|| {
        Box::new(PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY)) as Box<dyn Query>
    })
}

/// Everything except what `q` matches.
fn only_excluding(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery)),
        (Occur::MustNot, q),
    ]))
}
