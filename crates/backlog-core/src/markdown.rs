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

    #[test]
    fn plain_text_drops_markup_and_nbsp() {
        let text = plain_text("**Bold** [link](https://x.org)\n\n<p>&nbsp;</p>\n\nEnd");
        assert_eq!(text, "Bold link End");
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
