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
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// Appends the folded form of `text` to `folded`, as `fold` returns it.
pub fn fold_into(text: &str, folded: &mut String) {
    // ASCII text has no marks and nothing to decompose, so lowercasing it
    // is all folding does; most backlog text takes this path.
    if text.is_ascii() {
        let start = folded.len();
        folded.push_str(text);
        folded[start..].make_ascii_lowercase();
        return;
    }
    folded.extend(
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats the date part of an RFC 3339 date for readers: `15 February 2021`.
/// Returns the text unchanged when it is not such a date.
pub fn format_date(rfc3339: &str) -> String {
    let parts: Vec<&str> = rfc3339.get(..10).unwrap_or("").split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return rfc3339.to_string();
    };
    let month_name = month
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (day.parse::<u32>(), month_name) {
        (Ok(day), Some(month)) => format!("{day} {month} {year}"),
        _ => rfc3339.to_string(),
    }
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
    fn format_date_names_the_month() {
        assert_eq!(format_date("2021-02-15T13:32:20+03:00"), "15 February 2021");
        assert_eq!(format_date("soon"), "soon");
    }

    #[test]
    fn truncate_words_cuts_at_a_space() {
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }
}
