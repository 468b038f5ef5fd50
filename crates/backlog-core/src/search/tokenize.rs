//! Splitting text into search terms. Technical names survive: `c++`, `c#`,
//! `.net` and `node.js` stay whole and also yield their parts, camel case
//! (`ElasticSearch`) yields its words, and runs of Chinese, Japanese or
//! Korean characters, written without spaces, yield overlapping pairs.

use crate::text::fold;

/// One term found in a text, with its byte range in that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The folded term: lowercase, without accents.
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// Returns the folded terms of `text`, extra forms included, for indexing.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for word in words(text) {
        push_forms(&text[word.start..word.end], &mut terms);
    }
    terms
}

/// Returns the words of `text` with their byte ranges and folded form,
/// without extra forms; used for queries and for highlighting.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for word in words(text) {
        let original = &text[word.start..word.end];
        if word.cjk {
            tokens.extend(cjk_pairs(original, word.start));
        } else {
            tokens.push(Token {
                term: fold(original),
                start: word.start,
                end: word.end,
            });
        }
    }
    tokens
}

struct Word {
    start: usize,
    end: usize,
    cjk: bool,
}

/// Finds the words of a text: runs of letters and digits, with `.` inside
/// (`node.js`), a leading `.` (`.net`) and trailing `+` or `#` (`c++`, `c#`).
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        let next_is_alphanumeric = chars
            .get(index + 1)
            .is_some_and(|(_, n)| n.is_alphanumeric());
        let at_word_start = index == 0 || !chars[index - 1].1.is_alphanumeric();
        let leading_dot = c == '.' && next_is_alphanumeric && at_word_start;
        if !(c.is_alphanumeric() || leading_dot) {
            index += 1;
            continue;
        }
        let cjk = is_cjk(c);
        let mut end_index = index + 1;
        while let Some(&(_, next)) = chars.get(end_index) {
            let joins = if cjk {
                is_cjk(next)
            } else if next == '.' {
                chars
                    .get(end_index + 1)
                    .is_some_and(|(_, after)| after.is_alphanumeric() && !is_cjk(*after))
            } else {
                next.is_alphanumeric() && !is_cjk(next)
            };
            if !joins {
                break;
            }
            end_index += 1;
        }
        if !cjk {
            while let Some(&(_, suffix)) = chars.get(end_index) {
                if suffix != '+' && suffix != '#' {
                    break;
                }
                end_index += 1;
            }
        }
        let end = chars
            .get(end_index)
            .map_or(text.len(), |(offset, _)| *offset);
        words.push(Word { start, end, cjk });
        index = end_index;
    }
    words
}

/// Adds the folded word and its extra forms: for `Node.js` also `nodejs`,
/// `node` and `js`; for `ElasticSearch` also `elastic` and `search`.
fn push_forms(word: &str, terms: &mut Vec<String>) {
    if word.chars().next().is_some_and(is_cjk) {
        terms.extend(cjk_pairs(word, 0).into_iter().map(|token| token.term));
        return;
    }
    let folded = fold(word);
    let core = folded.trim_start_matches('.').trim_end_matches(['+', '#']);
    let parts: Vec<&str> = core.split('.').filter(|part| !part.is_empty()).collect();
    if parts.len() > 1 {
        terms.push(parts.concat());
        terms.extend(parts.iter().map(|part| part.to_string()));
    } else if core != folded && !core.is_empty() && folded.starts_with('.') {
        terms.push(core.to_string());
    }
    for part in camel_case_parts(word) {
        terms.push(fold(part));
    }
    terms.push(folded);
}

/// Splits `ElasticSearch` into `Elastic` and `Search`, and `NodeJS` into
/// `Node` and `JS`; returns nothing for a word without such a change.
fn camel_case_parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (offset, c) in word.char_indices() {
        if let Some(before) = previous {
            if before.is_lowercase() && c.is_uppercase() {
                parts.push(&word[start..offset]);
                start = offset;
            }
        }
        previous = Some(c);
    }
    if parts.is_empty() {
        return parts;
    }
    parts.push(&word[start..]);
    parts.retain(|part| part.chars().any(char::is_alphanumeric));
    parts
}

/// Returns overlapping pairs of characters of a CJK run (or the single
/// character of a one-character run), since these scripts do not separate
/// words with spaces.
fn cjk_pairs(run: &str, offset: usize) -> Vec<Token> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    if chars.len() == 1 {
        return vec![Token {
            term: fold(run),
            start: offset,
            end: offset + run.len(),
        }];
    }
    chars
        .windows(2)
        .map(|pair| {
            let start = pair[0].0;
            let end = pair[1].0 + pair[1].1.len_utf8();
            Token {
                term: fold(&run[start..end]),
                start: offset + start,
                end: offset + end,
            }
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FFFF) // CJK extensions B and later
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut terms = index_terms(text);
        terms.sort();
        terms
    }

    #[test]
    fn technical_names_survive() {
        assert_eq!(terms("C++"), vec!["c++"]);
        assert_eq!(terms("C#"), vec!["c#"]);
        assert_eq!(terms("F#"), vec!["f#"]);
        assert_eq!(terms(".NET"), vec![".net", "net"]);
        assert_eq!(terms("Node.js"), vec!["js", "node", "node.js", "nodejs"]);
        assert_eq!(terms("H5P"), vec!["h5p"]);
    }

    #[test]
    fn camel_case_yields_its_words() {
        assert_eq!(
            terms("ElasticSearch"),
            vec!["elastic", "elasticsearch", "search"]
        );
        assert_eq!(terms("NodeJS"), vec!["js", "node", "nodejs"]);
    }

    #[test]
    fn sentence_punctuation_is_not_part_of_words() {
        let words: Vec<String> = tokens("Go. Ruby, (Rails) end.")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(words, vec!["go", "ruby", "rails", "end"]);
    }

    #[test]
    fn cjk_runs_become_pairs() {
        let words: Vec<String> = tokens("儿童保护").into_iter().map(|t| t.term).collect();
        assert_eq!(words, vec!["儿童", "童保", "保护"]);
    }

    #[test]
    fn token_ranges_point_into_the_text() {
        let text = "Educación y más";
        let first = &tokens(text)[0];
        assert_eq!(&text[first.start..first.end], "Educación");
        assert_eq!(first.term, "educacion");
    }
}
