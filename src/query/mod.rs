//! The query language, parsed into a small syntax tree. Pure: no index, no
//! segmentation. Spans are character offsets into the query, for errors.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary+                  (juxtaposition or "AND")
//! unary   := ("-" | "NOT") unary | primary
//! primary := "(" or ")" | [field ":"] (phrase | term | "(" or ")")
//! ```

mod lex;
mod range;

use std::fmt;

use lex::{Spanned, Tok, lex};
use range::parse_range;

/// Fields a query can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Title,
    Issuer,
    Proposer,
    Meeting,
    Region,
    Kind,
    DocNumber,
    Number,
    Date,
    Outcome,
}

impl FieldName {
    pub const ALL: &'static [(&'static str, FieldName)] = &[
        ("title", FieldName::Title),
        ("issuer", FieldName::Issuer),
        ("proposer", FieldName::Proposer),
        ("addressee", FieldName::Proposer),
        ("meeting", FieldName::Meeting),
        ("region", FieldName::Region),
        ("kind", FieldName::Kind),
        ("doc", FieldName::DocNumber),
        ("number", FieldName::Number),
        ("date", FieldName::Date),
        ("outcome", FieldName::Outcome),
    ];

    fn parse(name: &str) -> Option<FieldName> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// Fields holding numbers (ranges), not text.
    fn is_numeric(self) -> bool {
        matches!(self, FieldName::Number | FieldName::Date)
    }
}

/// A numeric field compared with a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeField {
    /// The proposal number.
    Number,
    /// The reply date (else the publish date) as `yyyymmdd`.
    Date,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A bare term: segmented, every piece must be present.
    Term {
        text: String,
        field: Option<FieldName>,
    },
    /// A quoted string: must be present literally.
    Phrase {
        text: String,
        field: Option<FieldName>,
    },
    /// A numeric field within `[lo, hi]` (inclusive; open when `None`).
    Range {
        field: RangeField,
        lo: Option<u64>,
        hi: Option<u64>,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

/// A query the parser could not read, with the characters at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Character range `[start, end)` in the query.
    pub start: usize,
    pub end: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.start + 1)
    }
}

impl std::error::Error for QueryError {}

fn err<T>(message: impl Into<String>, start: usize, end: usize) -> Result<T, QueryError> {
    Err(QueryError {
        message: message.into(),
        start,
        end,
    })
}

struct Parser {
    toks: Vec<Spanned>,
    pos: usize,
    len: usize,
    /// Nesting of parentheses and negations, bounded so that no query can
    /// exhaust the stack.
    depth: usize,
}

/// Deepest nesting of `(` and `-`/`NOT` a query may have.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Spanned> {
        self.toks.get(self.pos)
    }

    fn next_is(&self, tok: &Tok) -> bool {
        self.peek().is_some_and(|s| &s.tok == tok)
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.and()?];
        while self.next_is(&Tok::Or) {
            let op = self.toks[self.pos].clone();
            self.pos += 1;
            if self
                .peek()
                .is_none_or(|s| matches!(s.tok, Tok::RParen | Tok::Or))
            {
                return err("`OR` needs a term on both sides", op.start, op.end);
            }
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = Vec::new();
        loop {
            match self.peek().map(|s| s.tok.clone()) {
                None | Some(Tok::RParen) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    let op = self.toks[self.pos].clone();
                    self.pos += 1;
                    if items.is_empty()
                        || self
                            .peek()
                            .is_none_or(|s| matches!(s.tok, Tok::RParen | Tok::Or | Tok::And))
                    {
                        return err("`AND` needs a term on both sides", op.start, op.end);
                    }
                }
                Some(_) => items.push(self.unary()?),
            }
        }
        match items.len() {
            0 => {
                let (start, end) = self
                    .peek()
                    .map_or((self.len, self.len), |s| (s.start, s.end));
                err("expected a term here", start, end)
            }
            1 => Ok(items.remove(0)),
            _ => Ok(Expr::And(items)),
        }
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let Some(s) = self.peek().cloned() else {
            return err("expected a term", self.len, self.len);
        };
        if self.depth >= MAX_DEPTH {
            return err(format!("nested more than {MAX_DEPTH} deep"), s.start, s.end);
        }
        self.depth += 1;
        let result = self.unary_inner(s);
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self, s: Spanned) -> Result<Expr, QueryError> {
        match s.tok {
            Tok::Minus | Tok::Not => {
                self.pos += 1;
                if self
                    .peek()
                    .is_none_or(|n| matches!(n.tok, Tok::RParen | Tok::Or | Tok::And))
                {
                    return err("nothing to exclude after this", s.start, s.end);
                }
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            _ => self.primary(None),
        }
    }

    fn primary(&mut self, field: Option<FieldName>) -> Result<Expr, QueryError> {
        let Some(s) = self.peek().cloned() else {
            return err("expected a term", self.len, self.len);
        };
        self.pos += 1;
        match s.tok {
            Tok::LParen => {
                let inner = self.or()?;
                if !self.next_is(&Tok::RParen) {
                    return err("unclosed `(`: add the matching `)`", s.start, s.end);
                }
                self.pos += 1;
                Ok(match field {
                    Some(f) => with_field(inner, f),
                    None => inner,
                })
            }
            Tok::Field(f) => {
                if field.is_some() {
                    return err("a field inside a field", s.start, s.end);
                }
                if f.is_numeric() && self.next_is(&Tok::LParen) {
                    return err(
                        format!(
                            "`{}:` takes one value or range; combine several with OR",
                            f.name()
                        ),
                        s.start,
                        s.end,
                    );
                }
                self.primary(Some(f))
            }
            Tok::Word(text) | Tok::Quoted(text) if field.is_some_and(FieldName::is_numeric) => {
                let f = field.unwrap_or(FieldName::Number);
                parse_range(f, &text).map_err(|message| QueryError {
                    message,
                    start: s.start,
                    end: s.end,
                })
            }
            Tok::Word(text) => Ok(Expr::Term { text, field }),
            Tok::Quoted(text) => {
                if text.is_empty() {
                    return err(
                        "empty quotes: put the text to find between them",
                        s.start,
                        s.end,
                    );
                }
                Ok(Expr::Phrase { text, field })
            }
            Tok::RParen => err("unbalanced `)`: no `(` before it", s.start, s.end),
            Tok::Or | Tok::And | Tok::Not | Tok::Minus => {
                err("an operator cannot stand here", s.start, s.end)
            }
        }
    }
}

/// Restrict every term under `expr` to `field`.
fn with_field(expr: Expr, f: FieldName) -> Expr {
    match expr {
        Expr::Term { text, .. } => Expr::Term {
            text,
            field: Some(f),
        },
        Expr::Phrase { text, .. } => Expr::Phrase {
            text,
            field: Some(f),
        },
        Expr::And(v) => Expr::And(v.into_iter().map(|e| with_field(e, f)).collect()),
        Expr::Or(v) => Expr::Or(v.into_iter().map(|e| with_field(e, f)).collect()),
        Expr::Not(e) => Expr::Not(Box::new(with_field(*e, f))),
        range @ Expr::Range { .. } => range,
    }
}

/// Parse a query string.
/// Longest query, in characters: a query is typed or generated, never a
/// document pasted whole.
pub const MAX_QUERY_CHARS: usize = 4096;
/// Most terms, phrases and ranges in one query (after merging duplicates):
/// each costs a pass over its postings.
pub const MAX_CLAUSES: usize = 64;

/// A parsed query, with hints about what it may not mean as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub expr: Expr,
    /// One line each, for stderr.
    pub hints: Vec<String>,
}

/// Parse a query string.
pub fn parse(query: &str) -> Result<Expr, QueryError> {
    parse_with_hints(query).map(|p| p.expr)
}

/// Parse a query string, keeping the hints.
pub fn parse_with_hints(query: &str) -> Result<Parsed, QueryError> {
    let len = query.chars().count();
    if len > MAX_QUERY_CHARS {
        return err(
            format!("query too long: {len} characters (at most {MAX_QUERY_CHARS})"),
            MAX_QUERY_CHARS,
            len,
        );
    }
    let (toks, hints) = lex(query)?;
    if toks.is_empty() {
        return err("empty query", 0, len);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        len,
        depth: 0,
    };
    let expr = p.or()?;
    if let Some(s) = p.peek() {
        return match s.tok {
            Tok::RParen => err("unbalanced `)`: no `(` before it", s.start, s.end),
            _ => err("unexpected text", s.start, s.end),
        };
    }
    let expr = without_duplicates(expr);
    let clauses = expr.clauses();
    if clauses > MAX_CLAUSES {
        return err(
            format!("too many terms: {clauses} (at most {MAX_CLAUSES})"),
            0,
            len,
        );
    }
    Ok(Parsed { expr, hints })
}

/// `expr` with repeated items of an AND or an OR merged: `的 的 的` is `的`.
fn without_duplicates(expr: Expr) -> Expr {
    let merge = |items: Vec<Expr>| {
        let mut out: Vec<Expr> = Vec::with_capacity(items.len());
        for item in items.into_iter().map(without_duplicates) {
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    };
    let single = |mut v: Vec<Expr>, f: fn(Vec<Expr>) -> Expr| {
        if v.len() == 1 { v.remove(0) } else { f(v) }
    };
    match expr {
        Expr::And(items) => single(merge(items), Expr::And),
        Expr::Or(items) => single(merge(items), Expr::Or),
        Expr::Not(inner) => Expr::Not(Box::new(without_duplicates(*inner))),
        leaf => leaf,
    }
}

impl Expr {
    /// Terms, phrases and ranges in the query.
    pub fn clauses(&self) -> usize {
        match self {
            Expr::And(items) | Expr::Or(items) => items.iter().map(Expr::clauses).sum(),
            Expr::Not(inner) => inner.clauses(),
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Expr {
        Expr::Term {
            text: t.into(),
            field: None,
        }
    }

    #[test]
    fn parses_the_language() {
        assert_eq!(
            parse("科技 成果").unwrap(),
            Expr::And(vec![term("科技"), term("成果")])
        );
        assert_eq!(
            parse("a OR b -c").unwrap(),
            Expr::Or(vec![
                term("a"),
                Expr::And(vec![term("b"), Expr::Not(Box::new(term("c")))])
            ])
        );
        assert_eq!(
            parse("\"科技 成果\" NOT (x OR y)").unwrap(),
            Expr::And(vec![
                Expr::Phrase {
                    text: "科技 成果".into(),
                    field: None
                },
                Expr::Not(Box::new(Expr::Or(vec![term("x"), term("y")])))
            ])
        );
        assert_eq!(
            parse("title:(答复 OR \"函\")").unwrap(),
            Expr::Or(vec![
                Expr::Term {
                    text: "答复".into(),
                    field: Some(FieldName::Title)
                },
                Expr::Phrase {
                    text: "函".into(),
                    field: Some(FieldName::Title)
                },
            ])
        );
        assert_eq!(
            parse("a AND b").unwrap(),
            Expr::And(vec![term("a"), term("b")])
        );
        assert_eq!(
            parse("x-y 12:30").unwrap(),
            Expr::And(vec![term("x-y"), term("12:30")])
        );
        assert_eq!(
            parse(r#""a\"b""#).unwrap(),
            Expr::Phrase {
                text: "a\"b".into(),
                field: None
            }
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("科技 (成果").unwrap_err();
        assert_eq!((e.start, e.end), (3, 4));
        assert!(e.message.contains("unclosed"));
        let e = parse("科技 成果)").unwrap_err();
        assert_eq!(e.start, 5);
        assert!(parse("\"abc").unwrap_err().message.contains("unterminated"));
        assert_eq!(parse("foo:bar").unwrap(), term("foo:bar"));
        assert!(parse("a OR").is_err());
        assert!(parse("OR a").is_err());
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
        assert!(parse("()").is_err());
        assert!(parse("\"\"").is_err());
        assert!(parse("title:").is_err());
        assert!(parse("a -").is_ok()); // a lone dash is text
        assert!(
            parse("date:2023-13")
                .unwrap_err()
                .message
                .contains("not a date")
        );
        assert!(parse("number:abc").is_err());
        assert!(parse("date:..").is_err());
        assert!(parse("date:(2023 OR 2024)").is_err());
        assert!(
            parse("number:<0")
                .unwrap_err()
                .message
                .contains("nothing is below")
        );
        let deep = format!("{}a", "-".repeat(3000));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let deep = format!("{}a{}", "(".repeat(2000), ")".repeat(2000));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        assert!(parse(&format!("{}a{}", "(".repeat(30), ")".repeat(30))).is_ok());
        let long = "科".repeat(MAX_QUERY_CHARS + 1);
        assert!(parse(&long).unwrap_err().message.contains("too long"));
        let many: Vec<String> = (0..=MAX_CLAUSES).map(|i| format!("w{i}")).collect();
        assert!(
            parse(&many.join(" "))
                .unwrap_err()
                .message
                .contains("too many")
        );
    }

    #[test]
    fn repeated_terms_are_merged() {
        assert_eq!(parse(&"的 ".repeat(1000)).unwrap(), term("的"));
        assert_eq!(
            parse("a b a (c OR c)").unwrap(),
            Expr::And(vec![term("a"), term("b"), term("c")])
        );
    }

    #[test]
    fn ranges() {
        let r = |q: &str| match parse(q).unwrap() {
            Expr::Range { lo, hi, .. } => (lo, hi),
            e => panic!("{e:?}"),
        };
        assert_eq!(r("number:1085"), (Some(1085), Some(1085)));
        assert_eq!(r("number:100..200"), (Some(100), Some(200)));
        assert_eq!(r("date:2023"), (Some(20230101), Some(20231231)));
        assert_eq!(r("date:2023-01..2023-06"), (Some(20230101), Some(20230631)));
        assert_eq!(r("date:>=2024-01-01"), (Some(20240101), None));
        assert_eq!(r("date:<2024"), (None, Some(20240100)));
        assert_eq!(r("date:>2023"), (Some(20231232), None));
        assert_eq!(r("date:2023/5/31"), (Some(20230531), Some(20230531)));
        assert_eq!(r("date:..2022"), (None, Some(20221231)));
    }
}
