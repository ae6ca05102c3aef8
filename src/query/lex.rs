//! Cutting a query into tokens. People type with Chinese input methods, so
//! the full-width forms of the syntax (`：（）＂－`) and the Chinese quotes
//! (`“…”`, `‘…’`, `「…」`, `『…』`) work as their ASCII counterparts. What
//! probably was not meant (`or` in lowercase, `name:` that is no field) is
//! searched as text, with a hint.

use super::{FieldName, QueryError, err};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    LParen,
    RParen,
    Or,
    And,
    Not,
    /// `-` directly before a term, phrase or parenthesis.
    Minus,
    /// `name:` directly before a term, phrase or parenthesis.
    Field(FieldName),
    Word(String),
    Quoted(String),
}

#[derive(Debug, Clone)]
pub(super) struct Spanned {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// A character of the query syntax in its ASCII form: the full-width forms
/// an input method produces read as the ASCII ones.
fn syntax(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '：' => ':',
        '＂' => '"',
        '－' => '-',
        c => c,
    }
}

/// The closing quote of an opening quote character, if it is one.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' | '＂' => Some('"'),
        '“' => Some('”'),
        '‘' => Some('’'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn is_term_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(syntax(c), '(' | ')') && closing_quote(c).is_none()
}

/// The tokens of `query`, and hints about what it may not mean.
pub(super) fn lex(query: &str) -> Result<(Vec<Spanned>, Vec<String>), QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut hints = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let next = |tok, end| Spanned { tok, start, end };
        match syntax(c) {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(next(Tok::LParen, i + 1));
                i += 1;
            }
            ')' => {
                out.push(next(Tok::RParen, i + 1));
                i += 1;
            }
            _ if closing_quote(c).is_some() => {
                let (text, end) = lex_quoted(&chars, i)?;
                out.push(next(Tok::Quoted(text), end));
                i = end;
            }
            '-' if chars.get(i + 1).is_some_and(|&n| {
                matches!(syntax(n), '(') || closing_quote(n).is_some() || is_term_char(n)
            }) =>
            {
                out.push(next(Tok::Minus, i + 1));
                i += 1;
            }
            _ => {
                let mut end = i;
                while end < chars.len() && is_term_char(chars[end]) {
                    end += 1;
                }
                i = lex_word(&chars, start, end, &mut out, &mut hints)?;
            }
        }
    }
    Ok((out, hints))
}

/// The word `chars[start..end]`: a field prefix, an operator or a term.
/// Returns where lexing goes on.
fn lex_word(
    chars: &[char],
    start: usize,
    end: usize,
    out: &mut Vec<Spanned>,
    hints: &mut Vec<String>,
) -> Result<usize, QueryError> {
    let word: String = chars[start..end].iter().collect();
    if let Some((field, colon)) = field_prefix(chars, start, end, hints)? {
        out.push(Spanned {
            tok: Tok::Field(field),
            start,
            end: colon + 1,
        });
        return Ok(colon + 1);
    }
    let tok = match word.as_str() {
        "OR" | "||" => Tok::Or,
        "AND" | "&&" => Tok::And,
        "NOT" => Tok::Not,
        w => {
            if let Some(op) = ["OR", "AND", "NOT"]
                .into_iter()
                .find(|op| op.eq_ignore_ascii_case(w))
            {
                hints.push(format!(
                    "`{w}` is searched as a word; write `{op}` in capitals for the operator"
                ));
            }
            Tok::Word(word)
        }
    };
    out.push(Spanned { tok, start, end });
    Ok(end)
}

/// A quoted string starting at `chars[open]`, up to its closing quote;
/// inside ASCII quotes, `\"` and `\\` escape.
fn lex_quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let close = closing_quote(chars[open]).unwrap_or('"');
    let mut text = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            c if c == close || (close == '"' && c == '＂') => return Ok((text, i + 1)),
            '\\' if close == '"' && matches!(chars.get(i + 1), Some('"' | '\\')) => {
                text.push(chars[i + 1]);
                i += 2;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    err(
        format!("unterminated quote: add the closing {close}"),
        open,
        chars.len(),
    )
}

/// `name:rest` (or `name：rest`) where `name` is ASCII letters naming a
/// field is a field restriction: the field and the colon's position. Any
/// other `name:` is text, with a hint.
fn field_prefix(
    chars: &[char],
    start: usize,
    end: usize,
    hints: &mut Vec<String>,
) -> Result<Option<(FieldName, usize)>, QueryError> {
    let Some(colon) = (start..end).find(|&i| syntax(chars[i]) == ':') else {
        return Ok(None);
    };
    let name: String = chars[start..colon].iter().collect();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let Some(field) = FieldName::parse(&name) else {
        let known: Vec<&str> = FieldName::ALL.iter().map(|(n, _)| *n).collect();
        hints.push(format!(
            "`{name}:` is no field, so it is searched as text (fields: {})",
            known.join(", ")
        ));
        return Ok(None);
    };
    let value_follows = colon + 1 < end
        || chars
            .get(end)
            .is_some_and(|&c| syntax(c) == '(' || closing_quote(c).is_some());
    if !value_follows {
        return err(
            format!("`{name}:` needs a value right after the colon"),
            start,
            colon + 1,
        );
    }
    Ok(Some((field, colon)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(q: &str) -> Vec<Tok> {
        lex(q).unwrap().0.into_iter().map(|s| s.tok).collect()
    }

    #[test]
    fn full_width_syntax_reads_as_ascii() {
        assert_eq!(toks("issuer：科技厅"), toks("issuer:科技厅"));
        assert_eq!(toks("（路灯 OR 公厕） 安装"), toks("(路灯 OR 公厕) 安装"));
        assert_eq!(toks("“学生交通安全”"), toks("\"学生交通安全\""));
        assert_eq!(
            toks("「学生」 ‘交通’ 『安全』"),
            toks("\"学生\" \"交通\" \"安全\"")
        );
        assert_eq!(toks("－公厕 路灯"), toks("-公厕 路灯"));
        // Other quotes inside a quote are text.
        assert_eq!(
            toks("\"关于“双减”\""),
            vec![Tok::Quoted("关于“双减”".into())]
        );
    }

    #[test]
    fn lowercase_operators_and_unknown_fields_are_text_with_a_hint() {
        let (t, hints) = lex("路灯 or 公厕").unwrap();
        assert_eq!(t[1].tok, Tok::Word("or".into()));
        assert!(hints[0].contains("`OR`"), "{hints:?}");
        let (t, hints) = lex("isuer:科技").unwrap();
        assert_eq!(t[0].tok, Tok::Word("isuer:科技".into()));
        assert!(hints[0].contains("no field"), "{hints:?}");
        assert!(lex("OR").unwrap().1.is_empty());
        assert!(lex("12:30").unwrap().1.is_empty());
    }
}
