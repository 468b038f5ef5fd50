//! Text folding for matching: case, accents and Unicode normalisation forms
//! are ignored, while the original text is kept for display.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: decomposes it (so NFC and NFD forms agree),
/// drops combining marks such as accents, and lowercases it.
///
/// `"Educación"` and `"EDUCACION"` both fold to `"educacion"`. Letters that
/// do not decompose, such as `ø` or `ß`, are only lowercased.
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// Returns the key that identifies a tag: folded and with surrounding
/// whitespace trimmed, so "Humanitarian" and "humanitarian " are one tag.
pub fn tag_key(tag: &str) -> String {
    fold(tag.trim())
}

/// Shortens text to at most `max_chars` characters at a word boundary,
/// adding an ellipsis when something was cut.
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(fold("Educación"), "educacion");
        assert_eq!(fold("ÉCOLE"), "ecole");
    }

    #[test]
    fn fold_makes_nfc_and_nfd_equal() {
        let composed = "caf\u{e9}";
        let decomposed = "cafe\u{301}";
        assert_eq!(fold(composed), fold(decomposed));
    }

    #[test]
    fn tag_key_trims_and_folds() {
        assert_eq!(tag_key("Humanitarian"), tag_key("humanitarian "));
    }

    #[test]
    fn truncate_words_cuts_at_a_space() {
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }
}
