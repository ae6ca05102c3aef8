//! Width and case normalization, one character to one character, so that
//! character positions in normalized text are positions in the original.

/// Normalize one character: full-width ASCII to half-width, the ideographic
/// space to a space, Latin lowercased when that stays a single character.
pub fn normalize_char(c: char) -> char {
    // Han ideographs and CJK punctuation have no case and no width variant.
    if matches!(c as u32, 0x3001..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
        return c;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Normalize a string character by character.
pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// Normalized text plus the original byte offset of every character (and
/// one past the end), so token offsets can point into the original.
pub(super) struct Normalized {
    pub(super) text: String,
    pub(super) orig_offsets: Vec<usize>,
}

pub(super) fn normalize_with_offsets(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut orig_offsets = Vec::with_capacity(text.len() / 2 + 1);
    for (i, c) in text.char_indices() {
        orig_offsets.push(i);
        out.push(normalize_char(c));
    }
    orig_offsets.push(text.len());
    Normalized {
        text: out,
        orig_offsets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_char_for_char() {
        let s = "ＡＢＣ１２３　科技ＧＭＳ，Ｘｙ";
        let n = normalize(s);
        assert_eq!(n, "abc123 科技gms,xy");
        assert_eq!(n.chars().count(), s.chars().count());
        // A character whose lowercase is two characters is kept as is.
        assert_eq!(normalize_char('İ'), 'İ');
    }
}
