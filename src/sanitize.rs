//! What may reach a terminal: control characters in documents, paths and
//! queries are replaced, one character for one so that character ranges
//! (highlights) stay valid.

/// Replace a character that must never reach a terminal raw.
pub fn printable(c: char) -> char {
    match c {
        '\t' | '\r' | '\n' => ' ',
        c if c.is_control() => '\u{FFFD}',
        c => c,
    }
}

/// A one-line string safe to print.
pub fn line(s: &str) -> String {
    s.chars().map(printable).collect()
}

/// A document's text with control characters (other than line breaks and
/// tabs) replaced.
pub fn text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\n' || c == '\t' {
                c
            } else {
                printable(c)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_replaced_one_for_one() {
        assert_eq!(line("a\x1b[2Jb\tc"), "a\u{FFFD}[2Jb c");
        assert_eq!(text("a\nb\x07\tc"), "a\nb\u{FFFD}\tc");
        assert_eq!(line("科技").chars().count(), 2);
    }
}
