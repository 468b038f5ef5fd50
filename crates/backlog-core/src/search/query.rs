//! Parsing the search text: words, `"quoted phrases"`, `-excluded` words,
//! and whether the last word is still being typed.

use super::tokenize::tokens;

/// Words too common to narrow a search; dropped unless the query has
/// nothing else.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "this", "that", "to", "with",
];

/// A parsed query, with every term folded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedQuery {
    /// Terms that must all match (or, failing that, as many as possible).
    pub terms: Vec<String>,
    /// True when the last term may match as a prefix: it was typed last and
    /// is not followed by a space or a closing quote.
    pub last_is_prefix: bool,
    /// Phrases, folded, that must appear as written.
    pub phrases: Vec<String>,
    /// Terms that must not appear.
    pub excluded: Vec<String>,
}

impl ParsedQuery {
    /// Parses any text; unclosed quotes run to the end, and symbols that
    /// form no term are ignored.
    pub fn parse(text: &str) -> Self {
        let mut query = ParsedQuery::default();
        let mut rest = text;
        let mut last_term_open = false;
        while let Some(first) = rest.trim_start().chars().next() {
            rest = rest.trim_start();
            if first == '"' {
                let inner = &rest[1..];
                let end = inner.find('"').unwrap_or(inner.len());
                let phrase_terms: Vec<String> =
                    tokens(&inner[..end]).into_iter().map(|t| t.term).collect();
                if phrase_terms.len() > 1 {
                    query.phrases.push(phrase_terms.join(" "));
                }
                query.terms.extend(phrase_terms);
                last_term_open = false;
                rest = inner.get(end + 1..).unwrap_or("");
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            let (excluded, word) = match word.strip_prefix('-') {
                Some(body) if !body.is_empty() => (true, body),
                _ => (false, word),
            };
            let word_terms: Vec<String> = tokens(word).into_iter().map(|t| t.term).collect();
            if excluded {
                query.excluded.extend(word_terms);
                last_term_open = false;
            } else if !word_terms.is_empty() {
                query.terms.extend(word_terms);
                last_term_open = after.is_empty();
            }
            rest = after;
        }
        query.last_is_prefix = last_term_open;
        query.drop_stop_words();
        query
    }

    /// True when the query has nothing to match, like an empty text or one
    /// made only of symbols.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.excluded.is_empty()
    }

    fn drop_stop_words(&mut self) {
        let is_stop = |term: &String| STOP_WORDS.contains(&term.as_str());
        if self.terms.iter().all(is_stop) {
            return;
        }
        let last = self.terms.len() - 1;
        let last_kept = !is_stop(&self.terms[last]);
        self.terms.retain(|term| !is_stop(term));
        // The term being typed may be the start of a longer word ("an" of
        // "android"), so a dropped last term also ends prefix matching.
        self.last_is_prefix &= last_kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_exclusions_and_prefix_are_read() {
        let query = ParsedQuery::parse(r#"python "Child Protection" -java off"#);
        assert_eq!(query.terms, vec!["python", "child", "protection", "off"]);
        assert_eq!(query.phrases, vec!["child protection"]);
        assert_eq!(query.excluded, vec!["java"]);
        assert!(query.last_is_prefix);
        assert!(!ParsedQuery::parse("python ").last_is_prefix);
    }

    #[test]
    fn stop_words_are_dropped_unless_alone() {
        assert_eq!(
            ParsedQuery::parse("maps for the offline").terms,
            vec!["maps", "offline"]
        );
        assert_eq!(ParsedQuery::parse("the").terms, vec!["the"]);
    }

    #[test]
    fn symbols_only_give_an_empty_query() {
        for text in ["", "\"", "-", ": ~ ^ * \" -", "\"\"", "---"] {
            assert!(ParsedQuery::parse(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn technical_terms_are_kept() {
        assert_eq!(
            ParsedQuery::parse("c# .net c++").terms,
            vec!["c#", ".net", "c++"]
        );
    }
}
