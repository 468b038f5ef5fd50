//! Snippets for search results: the plain text around the first match,
//! with the matched words marked for highlighting.

use std::ops::Range;

use super::fuzzy::{allowed_typos, bounded_distance};
use super::query::ParsedQuery;
use super::tokenize::tokens;
use crate::markdown::plain_text;
use crate::model::Entry;

/// Characters of context kept before the first match.
const CONTEXT_BEFORE: usize = 60;
/// Maximum snippet length, in characters.
const SNIPPET_CHARS: usize = 220;

/// Plain text with byte ranges to highlight. The text is not escaped: the
/// view escapes it, as any text, when it inserts it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// Decides whether a word of the text matches the query, the same way the
/// index does: exactly, as the prefix being typed, or within the typos
/// allowed.
pub struct Matcher<'a> {
    query: &'a ParsedQuery,
    term_chars: Vec<Vec<char>>,
}

impl<'a> Matcher<'a> {
    pub fn new(query: &'a ParsedQuery) -> Self {
        let term_chars = query
            .terms
            .iter()
            .map(|term| term.chars().collect())
            .collect();
        Matcher { query, term_chars }
    }

    /// True when the folded word matches a term of the query.
    pub fn matches(&self, word: &str) -> bool {
        let last = self.query.terms.len().saturating_sub(1);
        self.query.terms.iter().enumerate().any(|(position, term)| {
            if word == term {
                return true;
            }
            let typed_prefix = self.query.last_is_prefix && position == last;
            // The index also contains the parts of camel-case words, so
            // `rapid` finds `RapidPro`; mark such words too.
            let is_part = term.chars().count() >= 3;
            if (typed_prefix || is_part) && word.starts_with(term.as_str()) {
                return true;
            }
            let chars = &self.term_chars[position];
            let has_digits = chars.iter().any(char::is_ascii_digit);
            let typos = if has_digits {
                0
            } else {
                allowed_typos(chars.len())
            };
            // Most words differ too much in length to be a typo away, and
            // are rejected before their characters are collected.
            if typos == 0 || word.chars().count().abs_diff(chars.len()) > typos {
                return false;
            }
            let word_chars: Vec<char> = word.chars().collect();
            bounded_distance(chars, &word_chars, typos).is_some()
        })
    }
}

/// Builds the snippet of a project, or of the overview when `project` is
/// `None` or out of range.
pub fn make(entry: &Entry, project: Option<usize>, matcher: &Matcher) -> Snippet {
    let markdown = project
        .and_then(|index| entry.projects.get(index))
        .map_or(entry.overview.as_str(), |project| project.markdown.as_str());
    let text = plain_text(markdown);
    let matches: Vec<Range<usize>> = tokens(&text)
        .into_iter()
        .filter(|token| matcher.matches(&token.term))
        .map(|token| token.start..token.end)
        .collect();
    window(&text, &matches)
}

/// Cuts the text to about `SNIPPET_CHARS` characters around the first match
/// and shifts the highlight ranges into the cut text.
fn window(text: &str, matches: &[Range<usize>]) -> Snippet {
    let first = matches.first().map_or(0, |range| range.start);
    let mut start = floor_boundary(text, first.saturating_sub(CONTEXT_BEFORE * 4));
    let context: Vec<(usize, char)> = text[start..first].char_indices().collect();
    if context.len() > CONTEXT_BEFORE {
        start += context[context.len() - CONTEXT_BEFORE].0;
    }
    if start > 0 {
        // Start at a word so the snippet does not open mid-word.
        if let Some(space) = text[start..first].find(' ') {
            start += space + 1;
        }
    }
    let end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(offset, _)| start + offset);
    let end = if end < text.len() {
        text[start..end]
            .rfind(' ')
            .map_or(end, |space| start + space)
    } else {
        end
    };
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < text.len() { "…" } else { "" };
    let shift = prefix.len();
    let highlights = matches
        .iter()
        .filter(|range| range.start >= start && range.end <= end)
        .map(|range| range.start - start + shift..range.end - start + shift)
        .collect();
    Snippet {
        text: format!("{prefix}{}{suffix}", &text[start..end]),
        highlights,
    }
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_marks_matches_inside_the_cut() {
        let text = format!("{} python here", "word ".repeat(40));
        let start = text.find("python").unwrap();
        let snippet = window(&text, std::slice::from_ref(&(start..start + 6)));
        let range = snippet.highlights[0].clone();
        assert_eq!(&snippet.text[range], "python");
        assert!(snippet.text.starts_with('…'));
    }

    #[test]
    fn matcher_accepts_prefix_and_typo() {
        let query = ParsedQuery::parse("pyhton educ");
        let matcher = Matcher::new(&query);
        assert!(matcher.matches("python"));
        assert!(matcher.matches("education"));
        assert!(!matcher.matches("java"));
    }
}
