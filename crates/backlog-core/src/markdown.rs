//! Markdown to safe HTML, and markdown to plain text for excerpts and search.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::sanitize::{sanitize_html, UrlBase};

/// Renders markdown to HTML that is safe to insert into the page: raw HTML
/// in the markdown is allowed, then everything passes the sanitiser.
pub fn render(markdown: &str, base: &UrlBase) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    sanitize_html(&html, base)
}

/// Returns the visible text, without markup, with blocks separated
/// by spaces. Raw HTML tags are left out; `&nbsp;` becomes a space.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// Returns the text of markdown for the search index without parsing it,
/// which makes it several times faster than `plain_text`. Link destinations, link reference definitions,
/// HTML tags and entities become spaces. Other markup characters stay,
/// since the tokenizer splits words at them anyway. Unlike `plain_text`, it
/// also drops tags written inside code and keeps the language names of
/// fenced code blocks.
pub fn searchable_text(markdown: &str) -> String {
    let bytes = markdown.as_bytes();
    let mut text = String::with_capacity(markdown.len());
    let mut copied = 0;
    let mut index = 0;
    while index < bytes.len() {
        let line_start = index == 0 || bytes[index - 1] == b'\n';
        let skipped = if line_start {
            link_definition_end(bytes, index)
        } else {
            None
        };
        let skipped = skipped.or_else(|| match bytes[index] {
            b'<' => html_tag_end(bytes, index),
            b'&' => entity_end(bytes, index),
            b']' => link_destination_end(bytes, index + 1),
            _ => None,
        });
        match skipped {
            Some(end) => {
                // Every delimiter is ASCII, so `index` and `end` fall on
                // character boundaries.
                text.push_str(&markdown[copied..index]);
                text.push(' ');
                index = end;
                copied = end;
            }
            None => index += 1,
        }
    }
    text.push_str(&markdown[copied..]);
    text
}

/// Maximum length of a tag or link destination that `searchable_text`
/// removes, in bytes. Bounding the search keeps text full of unclosed `<a` or `](`
/// linear; longer markup is indexed as text.
const MAX_MARKUP_BYTES: usize = 2048;

/// Returns the end of `<tag …>`, `</tag>` or `<!-- … -->` at `start`.
fn html_tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let next = *bytes.get(start + 1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
        return None;
    }
    let close = bytes[start..]
        .iter()
        .take(MAX_MARKUP_BYTES)
        .position(|&byte| byte == b'>')?;
    Some(start + close + 1)
}

/// Returns the end of an entity such as `&nbsp;` or `&#160;` at `start`.
fn entity_end(bytes: &[u8], start: usize) -> Option<usize> {
    const MAX_ENTITY_NAME: usize = 32;
    let name = bytes.get(start + 1..)?;
    let length = name
        .iter()
        .take(MAX_ENTITY_NAME)
        .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'#'))?;
    (length > 0 && name[length] == b';').then_some(start + length + 2)
}

/// Returns the end of `(destination "title")` right after a link's `]`,
/// with nested brackets balanced.
fn link_destination_end(bytes: &[u8], start: usize) -> Option<usize> {
    if bytes.get(start) != Some(&b'(') {
        return None;
    }
    let mut depth = 0usize;
    for (offset, &byte) in bytes[start..].iter().take(MAX_MARKUP_BYTES).enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(start + offset + 1);
                }
            }
            b'\n' if bytes.get(start + offset + 1) == Some(&b'\n') => return None,
            _ => {}
        }
    }
    None
}

/// Returns the end of the line when a link reference definition,
/// `[label]: destination`, starts at `start`.
fn link_definition_end(bytes: &[u8], start: usize) -> Option<usize> {
    let line_end = bytes[start..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(bytes.len(), |offset| start + offset);
    let line = &bytes[start..line_end];
    let indent = line.iter().take_while(|&&byte| byte == b' ').count();
    if indent > 3 || line.get(indent) != Some(&b'[') {
        return None;
    }
    let label_end = line.iter().position(|&byte| byte == b']')?;
    (line.get(label_end + 1) == Some(&b':')).then_some(line_end)
}

/// Returns the plain text of the first paragraph, for card excerpts.
pub fn first_paragraph(markdown: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => {
                let paragraph = collapse_whitespace(&text);
                if !paragraph.is_empty() {
                    return paragraph;
                }
                inside = false;
            }
            Event::Text(part) | Event::Code(part) if inside => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenize::index_terms;

    #[test]
    fn plain_text_drops_markup_and_nbsp() {
        let text = plain_text("**Bold** [link](https://x.org)\n\n<p>&nbsp;</p>\n\nEnd");
        assert_eq!(text, "Bold link End");
    }

    #[test]
    fn searchable_text_has_the_words_of_plain_text() {
        let markdown = "# Title\n\n**Bold** and _emphasis_ with [a link](https://x.org/path \"t\") \
            and ![an image](img/a.png).\n\n<p>&nbsp;</p>\n\n* Item `code`\n* <b>Tagged</b> &amp; more\n\n\
            | a | b |\n|---|---|\n| c++ | Node.js |\n\n[ref]: https://example.org/hidden\n";
        let mut expected = index_terms(&plain_text(markdown));
        let mut found = index_terms(&searchable_text(markdown));
        expected.sort();
        found.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn searchable_text_keeps_lone_delimiters() {
        let text = searchable_text("a < b & c ] (d) [e]");
        assert_eq!(text, "a < b & c ] (d) [e]");
    }

    #[test]
    fn first_paragraph_skips_empty_ones() {
        assert_eq!(
            first_paragraph("<p>&nbsp;</p>\n\nHello *world*.\n\nNext"),
            "Hello world."
        );
    }

    #[test]
    fn render_keeps_links_and_marks_external_ones() {
        let html = render("[Primero](https://www.primero.org/)", &UrlBase::default());
        assert!(
            html.contains(r#"href="https://www.primero.org/""#),
            "{html}"
        );
        assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
        assert!(html.contains(r#"class="external""#), "{html}");
    }

    #[test]
    fn render_keeps_nbsp_paragraphs() {
        assert_eq!(
            render("<p>&nbsp;</p>", &UrlBase::default()).trim(),
            "<p>&nbsp;</p>"
        );
    }

    #[test]
    fn render_drops_script_link_in_markdown() {
        let html = render("[x](javascript:alert(1))", &UrlBase::default());
        assert!(!html.contains("javascript"), "{html}");
    }
}
