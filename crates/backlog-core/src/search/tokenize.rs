//! Splitting text into search terms. Technical names survive: `c++`, `c#`,
//! `.net` and `node.js` stay whole and also yield their parts, camel case
//! (`ElasticSearch`) yields its words, and runs of Chinese, Japanese or
//! Korean characters, written without spaces, yield overlapping pairs.

use crate::text::{fold, fold_into};

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
    let mut scratch = Scratch::default();
    for_each_word(text, |word| {
        push_forms(&text[word.start..word.end], &mut scratch, &mut |term| {
            terms.push(term.to_string())
        });
    });
    terms
}

/// Reusable buffers for `push_forms`, so indexing does not allocate per word.
#[derive(Default)]
pub(crate) struct Scratch {
    folded: String,
    form: String,
}

/// Calls `emit` with each folded term of `text`, extra forms included, and
/// `word` with the folded form of each word, as `index_terms` returns them.
pub(crate) fn for_each_index_term(
    text: &str,
    scratch: &mut Scratch,
    emit: &mut impl FnMut(&str),
    mut word_done: impl FnMut(&str),
) {
    for_each_word(text, |word| {
        push_forms(&text[word.start..word.end], scratch, emit);
        word_done(&scratch.folded);
    });
}

/// Returns the words of `text` with their byte ranges and folded form,
/// without extra forms; used for queries and for highlighting.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_word(text, |word| {
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
    });
    tokens
}

struct Word {
    start: usize,
    end: usize,
    cjk: bool,
}

/// Calls `found` with each word of a text: runs of letters and digits, with
/// `.` inside (`node.js`), a leading `.` (`.net`) and trailing `+` or `#`
/// (`c++`, `c#`).
fn for_each_word(text: &str, found: impl FnMut(Word)) {
    // ASCII text, most of the backlog, is read byte by byte; other text is
    // decoded once into characters and their offsets.
    if text.is_ascii() {
        scan_words(text.as_bytes(), |index| index, text.len(), found);
    } else {
        let (offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
        scan_words(&chars, |index| offsets[index], text.len(), found);
    }
}

/// A character as the word scanner reads it: a byte of ASCII text, or a
/// `char` of other text.
trait Letter: Copy {
    fn is_alphanumeric(self) -> bool;
    fn is_cjk(self) -> bool;
    fn is(self, ascii: u8) -> bool;
}

impl Letter for u8 {
    fn is_alphanumeric(self) -> bool {
        self.is_ascii_alphanumeric()
    }
    fn is_cjk(self) -> bool {
        false
    }
    fn is(self, ascii: u8) -> bool {
        self == ascii
    }
}

impl Letter for char {
    fn is_alphanumeric(self) -> bool {
        char::is_alphanumeric(self)
    }
    fn is_cjk(self) -> bool {
        is_cjk(self)
    }
    fn is(self, ascii: u8) -> bool {
        self == char::from(ascii)
    }
}

/// Finds the words among `letters`, where `offset(i)` is the byte offset of
/// letter `i` in the text and `end` is the text's length.
fn scan_words<L: Letter>(
    letters: &[L],
    offset: impl Fn(usize) -> usize,
    end: usize,
    mut found: impl FnMut(Word),
) {
    let alphanumeric_at = |index: usize| letters.get(index).is_some_and(|c| c.is_alphanumeric());
    let mut index = 0;
    while index < letters.len() {
        let c = letters[index];
        let at_word_start = index == 0 || !letters[index - 1].is_alphanumeric();
        let leading_dot = c.is(b'.') && alphanumeric_at(index + 1) && at_word_start;
        if !(c.is_alphanumeric() || leading_dot) {
            index += 1;
            continue;
        }
        let cjk = c.is_cjk();
        let mut end_index = index + 1;
        while let Some(&next) = letters.get(end_index) {
            let joins = if cjk {
                next.is_cjk()
            } else if next.is(b'.') {
                letters
                    .get(end_index + 1)
                    .is_some_and(|after| after.is_alphanumeric() && !after.is_cjk())
            } else {
                next.is_alphanumeric() && !next.is_cjk()
            };
            if !joins {
                break;
            }
            end_index += 1;
        }
        if !cjk {
            while letters
                .get(end_index)
                .is_some_and(|suffix| suffix.is(b'+') || suffix.is(b'#'))
            {
                end_index += 1;
            }
        }
        let word_end = if end_index < letters.len() {
            offset(end_index)
        } else {
            end
        };
        found(Word {
            start: offset(index),
            end: word_end,
            cjk,
        });
        index = end_index;
    }
}

/// Emits the folded word and its extra forms: for `Node.js` also `nodejs`,
/// `node` and `js`; for `ElasticSearch` also `elastic` and `search`. Leaves
/// the folded word in `scratch.folded`.
fn push_forms(word: &str, scratch: &mut Scratch, emit: &mut impl FnMut(&str)) {
    let Scratch { folded, form } = scratch;
    folded.clear();
    fold_into(word, folded);
    if is_plain_ascii_word(word) {
        emit(folded);
        return;
    }
    if word.chars().next().is_some_and(is_cjk) {
        for pair in cjk_pairs(word, 0) {
            emit(&pair.term);
        }
        return;
    }
    let core = folded.trim_start_matches('.').trim_end_matches(['+', '#']);
    let parts = core.split('.').filter(|part| !part.is_empty());
    let has_dots = parts.clone().nth(1).is_some();
    if has_dots {
        form.clear();
        parts.clone().for_each(|part| form.push_str(part));
        emit(form);
        parts.for_each(&mut *emit);
    } else if core.len() != folded.len() && !core.is_empty() && folded.starts_with('.') {
        emit(core);
    }
    for_each_camel_case_part(word, |part| {
        form.clear();
        fold_into(part, form);
        emit(form);
    });
    emit(folded);
}

/// True for a word of ASCII letters and digits without a lowercase letter
/// followed by an uppercase one, which has no extra forms.
fn is_plain_ascii_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().all(u8::is_ascii_alphanumeric)
        && !bytes
            .windows(2)
            .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase())
}

/// Calls `part` with each camel-case part of a word: `Elastic` and `Search`
/// for `ElasticSearch`, `Node` and `JS` for `NodeJS`. A word without such a
/// change of case gives no parts.
fn for_each_camel_case_part(word: &str, mut part: impl FnMut(&str)) {
    let is_boundary = |(before, c): (char, char)| before.is_lowercase() && c.is_uppercase();
    let mut pairs = word.chars().zip(word.chars().skip(1));
    if !pairs.any(is_boundary) {
        return;
    }
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (offset, c) in word.char_indices() {
        if previous.is_some_and(|before| is_boundary((before, c))) {
            emit_part(&word[start..offset], &mut part);
            start = offset;
        }
        previous = Some(c);
    }
    emit_part(&word[start..], &mut part);
}

fn emit_part(text: &str, part: &mut impl FnMut(&str)) {
    if text.chars().any(char::is_alphanumeric) {
        part(text);
    }
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
