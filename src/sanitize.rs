//! What may reach a terminal: control characters in documents, paths and
//! queries are replaced, one character for one so that character ranges
//! (highlights) stay valid.

/// Replace a character that must never reach a terminal raw: control
/// characters (C0, DEL, C1: escape sequences, OSC 52 clipboard writes) and
/// invisible format characters (bidirectional overrides such as U+202E,
/// zero-width characters), which can make text read other than it is.
pub fn printable(c: char) -> char {
    match c {
        '\t' | '\r' | '\n' => ' ',
        c if c.is_control() || is_invisible_format(c) => '\u{FFFD}',
        c => c,
    }
}

/// Unicode format characters (category Cf) that change how text around
/// them is shown without being seen themselves.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
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
    fn invisible_and_c1_characters_are_replaced() {
        assert_eq!(
            line("a\u{202E}b\u{200B}c\u{9B}d"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(line("，。《》“”"), "，。《》“”");
    }

    #[test]
    fn controls_are_replaced_one_for_one() {
        assert_eq!(line("a\x1b[2Jb\tc"), "a\u{FFFD}[2Jb c");
        assert_eq!(text("a\nb\x07\tc"), "a\nb\u{FFFD}\tc");
        assert_eq!(line("科技").chars().count(), 2);
    }
}
