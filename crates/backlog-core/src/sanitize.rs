//! Allow-list HTML sanitiser for everything content puts into the page.
//!
//! The input is tokenised and written out again from the tokens: only
//! allowed elements and attributes survive, attribute values are quoted and
//! escaped, text is escaped, and URLs must use a safe scheme. Because the
//! output is produced by this file rather than copied, a browser parses it
//! into exactly the elements listed here, whatever tricks the input used.

/// Elements kept, without their attributes except those `write_start_tag` copies.
const ALLOWED_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Elements removed together with everything inside them, because their
/// content is script, styles, foreign markup or form controls.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "textarea",
    "title",
    "xmp",
    "svg",
    "math",
    "select",
    "form",
    "frameset",
    "head",
    "plaintext",
];

/// Elements without an end tag.
const VOID_ELEMENTS: &[&str] = &["br", "hr", "img"];

/// Base URLs that relative URLs in content resolve against.
#[derive(Clone, Debug)]
pub struct UrlBase<'a> {
    /// Prefix for relative image paths, such as `img/`.
    pub images: &'a str,
    /// Prefix for relative links, which name pages of the site: with `/`,
    /// `primero` becomes `/primero`. An embedded app passes the site's
    /// absolute URL, so such links do not point into the host's site.
    pub pages: &'a str,
}

impl Default for UrlBase<'_> {
    fn default() -> Self {
        UrlBase {
            images: "img/",
            pages: "",
        }
    }
}

/// Returns `html` with everything outside the allow-list removed.
///
/// Unknown elements are dropped but their text is kept; script-like
/// elements are dropped with their content; comments are dropped. Links get
/// `rel="noopener noreferrer"`, and external ones open in a new tab with the
/// class `external`.
pub fn sanitize_html(html: &str, base: &UrlBase) -> String {
    let mut output = String::with_capacity(html.len());
    let mut tokens = Tokenizer {
        input: html,
        position: 0,
    };
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Text(text) => escape_text(text, &mut output),
            Token::StartTag(tag) if DROPPED_WITH_CONTENT.contains(&tag.name.as_str()) => {
                if !tag.self_closing {
                    tokens.skip_past_end_tag(&tag.name);
                }
            }
            Token::StartTag(tag) => write_start_tag(&tag, base, &mut output),
            Token::EndTag(name) => {
                let allowed = ALLOWED_ELEMENTS.contains(&name.as_str());
                if allowed && !VOID_ELEMENTS.contains(&name.as_str()) {
                    output.push_str("</");
                    output.push_str(&name);
                    output.push('>');
                }
            }
        }
    }
    output
}

/// Returns the escaped text of an attribute-free HTML string, for plain text
/// such as titles placed next to sanitised markup.
pub fn escape(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped_char(c, &mut output);
    }
    output
}

/// Kinds of URL, because images and links allow different schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    Image,
}

/// A URL that passed the scheme check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeUrl {
    pub url: String,
    /// True for `http:`, `https:` and protocol-relative URLs.
    pub external: bool,
}

/// Checks a URL (already entity-decoded) the way a browser would read it:
/// tabs and newlines inside are removed and control characters and spaces
/// at the ends are trimmed before the scheme is read. Allows `http`,
/// `https`, `mailto` (links only) and relative URLs; rejects everything
/// else, such as `javascript:`, `vbscript:` and `data:`.
pub fn check_url(raw: &str, kind: UrlKind) -> Option<SafeUrl> {
    // Browsers read `\` as `/` in web URLs, so `/\evil.example` would be
    // the protocol-relative `//evil.example`.
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_string();
    if cleaned.chars().any(char::is_control) {
        return None;
    }
    let external = cleaned.starts_with("//");
    match url_scheme(&cleaned) {
        None => Some(SafeUrl {
            url: cleaned,
            external,
        }),
        Some(scheme) => match (scheme.as_str(), kind) {
            ("http" | "https", _) => Some(SafeUrl {
                url: cleaned,
                external: true,
            }),
            ("mailto", UrlKind::Link) => Some(SafeUrl {
                url: cleaned,
                external: false,
            }),
            _ => None,
        },
    }
}

/// Returns the lowercased scheme of a URL, or `None` for a relative URL.
fn url_scheme(url: &str) -> Option<String> {
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') {
        return None;
    }
    // Anything before the colon that cannot be a scheme still makes the
    // browser treat the URL as absolute or invalid, so it counts as one.
    Some(url[..end].to_ascii_lowercase())
}

fn write_start_tag(tag: &StartTag, base: &UrlBase, output: &mut String) {
    let name = tag.name.as_str();
    if !ALLOWED_ELEMENTS.contains(&name) {
        return;
    }
    let mut attributes: Vec<(&str, String)> = Vec::new();
    match name {
        "a" => {
            if let Some(href) = tag
                .attribute("href")
                .and_then(|h| check_url(h, UrlKind::Link))
            {
                attributes.push(("href", resolve_link(&href, base)));
                if href.external {
                    attributes.push(("class", "external".into()));
                    attributes.push(("target", "_blank".into()));
                }
                attributes.push(("rel", "noopener noreferrer".into()));
            }
            copy_text_attribute(tag, "title", &mut attributes);
        }
        "img" => {
            let Some(src) = tag
                .attribute("src")
                .and_then(|s| check_url(s, UrlKind::Image))
            else {
                return;
            };
            attributes.push(("src", resolve_image(&src, base)));
            attributes.push(("alt", tag.attribute("alt").unwrap_or_default().to_string()));
            copy_text_attribute(tag, "title", &mut attributes);
            copy_number_attribute(tag, "width", &mut attributes);
            copy_number_attribute(tag, "height", &mut attributes);
            attributes.push(("loading", "lazy".into()));
            attributes.push(("decoding", "async".into()));
        }
        "ol" => copy_number_attribute(tag, "start", &mut attributes),
        "td" | "th" => {
            copy_number_attribute(tag, "colspan", &mut attributes);
            copy_number_attribute(tag, "rowspan", &mut attributes);
        }
        _ => {}
    }
    output.push('<');
    output.push_str(name);
    for (attribute, value) in attributes {
        output.push(' ');
        output.push_str(attribute);
        output.push_str("=\"");
        for c in value.chars() {
            push_escaped_char(c, output);
        }
        output.push('"');
    }
    output.push('>');
}

fn resolve_link(href: &SafeUrl, base: &UrlBase) -> String {
    let is_relative_path = !href.external && !href.url.starts_with(['/', '#', '?']);
    if is_relative_path && url_scheme(&href.url).is_none() {
        format!("{}{}", base.pages, href.url.trim_start_matches("./"))
    } else {
        href.url.clone()
    }
}

fn resolve_image(src: &SafeUrl, base: &UrlBase) -> String {
    let is_relative_path = !src.external && !src.url.starts_with(['/', '#']);
    if is_relative_path && url_scheme(&src.url).is_none() {
        format!("{}{}", base.images, src.url.trim_start_matches("./"))
    } else {
        src.url.clone()
    }
}

fn copy_text_attribute(tag: &StartTag, name: &'static str, into: &mut Vec<(&str, String)>) {
    if let Some(value) = tag.attribute(name) {
        into.push((name, value.to_string()));
    }
}

fn copy_number_attribute(tag: &StartTag, name: &'static str, into: &mut Vec<(&str, String)>) {
    if let Some(value) = tag.attribute(name) {
        let value = value.trim();
        if !value.is_empty() && value.len() <= 6 && value.bytes().all(|b| b.is_ascii_digit()) {
            into.push((name, value.to_string()));
        }
    }
}

/// Escapes text, keeping character references that are well formed so
/// `&nbsp;` stays a non-breaking space; a lone `&` becomes `&amp;`.
fn escape_text(text: &str, output: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            let reference_length = character_reference_length(rest);
            if reference_length > 0 {
                output.push_str(&rest[..reference_length]);
                rest = &rest[reference_length..];
                continue;
            }
        }
        push_escaped_char(c, output);
        rest = &rest[c.len_utf8()..];
    }
}

/// Returns the length of a `&name;`, `&#123;` or `&#x1F;` reference at the
/// start of `text`, or 0 when there is none.
fn character_reference_length(text: &str) -> usize {
    let body = &text[1..];
    let (digits, skip): (fn(&u8) -> bool, usize) =
        if body.starts_with("#x") || body.starts_with("#X") {
            (u8::is_ascii_hexdigit, 2)
        } else if body.starts_with('#') {
            (u8::is_ascii_digit, 1)
        } else {
            (u8::is_ascii_alphanumeric, 0)
        };
    let count = body.as_bytes()[skip..]
        .iter()
        .take_while(|b| digits(b))
        .count();
    let is_terminated = body.as_bytes().get(skip + count) == Some(&b';');
    if count == 0 || count > 32 || !is_terminated {
        return 0;
    }
    1 + skip + count + 1
}

fn push_escaped_char(c: char, output: &mut String) {
    match c {
        '&' => output.push_str("&amp;"),
        '<' => output.push_str("&lt;"),
        '>' => output.push_str("&gt;"),
        '"' => output.push_str("&quot;"),
        '\'' => output.push_str("&#39;"),
        '\0' => output.push('\u{FFFD}'),
        c => output.push(c),
    }
}

enum Token<'a> {
    Text(&'a str),
    StartTag(StartTag),
    EndTag(String),
}

struct StartTag {
    name: String,
    /// Attribute names lowercased and values entity-decoded, in order.
    attributes: Vec<(String, String)>,
    self_closing: bool,
}

impl StartTag {
    /// Returns the first value of an attribute, as browsers use the first.
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A small HTML tokenizer following the browser's rules closely enough for
/// an allow-list: tag names end at whitespace, `/` or `>`; attribute values
/// may be quoted or bare; comments and declarations are skipped.
struct Tokenizer<'a> {
    input: &'a str,
    position: usize,
}

impl<'a> Tokenizer<'a> {
    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = &self.input[self.position..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.position += end;
                return Some(Token::Text(&rest[..end]));
            }
            let after = &rest[1..];
            if after.starts_with("!--") {
                self.skip_comment();
            } else if after.starts_with(['!', '?']) {
                self.skip_past('>');
            } else if after.starts_with('/')
                && after[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                self.position += 2;
                let name = self.read_tag_name();
                self.skip_past('>');
                return Some(Token::EndTag(name));
            } else if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                self.position += 1;
                match self.read_start_tag() {
                    Some(tag) => return Some(Token::StartTag(tag)),
                    None => return None,
                }
            } else {
                self.position += 1;
                return Some(Token::Text("<"));
            }
        }
    }

    fn skip_comment(&mut self) {
        let rest = &self.input[self.position + 4..];
        self.position = match rest.find("-->") {
            Some(end) => self.position + 4 + end + 3,
            None => self.input.len(),
        };
    }

    fn skip_past(&mut self, delimiter: char) {
        let rest = &self.input[self.position..];
        self.position += rest.find(delimiter).map_or(rest.len(), |end| end + 1);
    }

    /// Skips to just after `</name`'s closing `>`, counting nested elements
    /// of the same name.
    fn skip_past_end_tag(&mut self, name: &str) {
        let mut depth = 1;
        while let Some(token) = self.next_token() {
            match token {
                Token::StartTag(tag) if tag.name == name && !tag.self_closing => depth += 1,
                Token::EndTag(end) if end == name => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn read_tag_name(&mut self) -> String {
        let rest = &self.input[self.position..];
        let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>');
        let end = end.unwrap_or(rest.len());
        self.position += end;
        rest[..end].to_ascii_lowercase()
    }

    /// Reads a start tag after its `<`; returns `None` when the input ends
    /// inside it, as browsers then drop the tag.
    fn read_start_tag(&mut self) -> Option<StartTag> {
        let name = self.read_tag_name();
        let mut tag = StartTag {
            name,
            attributes: Vec::new(),
            self_closing: false,
        };
        loop {
            self.skip_while(|c| c.is_ascii_whitespace());
            let rest = &self.input[self.position..];
            let next = rest.chars().next()?;
            match next {
                '>' => {
                    self.position += 1;
                    return Some(tag);
                }
                '/' => {
                    self.position += 1;
                    tag.self_closing = self.input[self.position..].starts_with('>');
                }
                _ => {
                    let (name, value) = self.read_attribute();
                    tag.attributes
                        .push((name, decode_character_references(&value)));
                }
            }
        }
    }

    fn read_attribute(&mut self) -> (String, String) {
        let rest = &self.input[self.position..];
        // The first character belongs to the name even when it is `=`.
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let end = rest[first..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
            .map_or(rest.len(), |end| end + first);
        let name = rest[..end].to_ascii_lowercase();
        self.position += end;
        self.skip_while(|c| c.is_ascii_whitespace());
        if !self.input[self.position..].starts_with('=') {
            return (name, String::new());
        }
        self.position += 1;
        self.skip_while(|c| c.is_ascii_whitespace());
        let rest = &self.input[self.position..];
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &rest[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                self.position += 1 + end + usize::from(end < inner.len());
                inner[..end].to_string()
            }
            _ => {
                let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '>');
                let end = end.unwrap_or(rest.len());
                self.position += end;
                rest[..end].to_string()
            }
        };
        (name, value)
    }

    fn skip_while(&mut self, predicate: impl Fn(char) -> bool) {
        let rest = &self.input[self.position..];
        let end = rest.find(|c: char| !predicate(c)).unwrap_or(rest.len());
        self.position += end;
    }
}

/// Named references decoded in attribute values. Any other reference ending
/// in `;` decodes to U+FFFD, so a name this table lacks can never turn into
/// a character that changes a URL's meaning.
const NAMED_REFERENCES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("colon", ':'),
    ("tab", '\t'),
    ("newline", '\n'),
    ("sol", '/'),
    ("period", '.'),
    ("comma", ','),
    ("lpar", '('),
    ("rpar", ')'),
    ("num", '#'),
    ("quest", '?'),
    ("equals", '='),
];

/// Decodes character references in an attribute value as a browser does,
/// including numeric references without the closing `;`.
fn decode_character_references(value: &str) -> String {
    let mut decoded = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        rest = &rest[start + 1..];
        let (character, consumed) = decode_one_reference(rest);
        decoded.push(character);
        rest = &rest[consumed..];
    }
    decoded.push_str(rest);
    decoded
}

/// Decodes the reference after an `&`; returns the character and the bytes
/// used. A lone `&` decodes to itself.
fn decode_one_reference(text: &str) -> (char, usize) {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b'#') {
        let hex = matches!(bytes.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let digits = bytes[start..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return ('&', 0);
        }
        let number = &text[start..start + digits];
        let code = u32::from_str_radix(number, if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let character = char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}');
        let semicolon = usize::from(bytes.get(start + digits) == Some(&b';'));
        return (character, start + digits + semicolon);
    }
    let length = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if length == 0 {
        return ('&', 0);
    }
    // Without `;` browsers decode only legacy names such as `&amp`, none of
    // which yields a character that matters in a URL scheme, and in query
    // strings (`?a=1&b=2`) the text must stay as written.
    if bytes.get(length) != Some(&b';') {
        return ('&', 0);
    }
    let name = text[..length].to_ascii_lowercase();
    let character = NAMED_REFERENCES
        .iter()
        .find(|(known, _)| *known == name)
        .map_or('\u{FFFD}', |(_, character)| *character);
    (character, length + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_read_as_slashes_in_urls() {
        let url = check_url("/\\evil.example/x", UrlKind::Link).unwrap();
        assert_eq!(url.url, "//evil.example/x");
        assert!(url.external);
    }

    #[test]
    fn relative_links_resolve_against_the_site() {
        let base = UrlBase {
            images: "img/",
            pages: "https://site.org/backlog/",
        };
        let html = sanitize_html("<a href=\"primero#project-2\">x</a>", &base);
        assert!(
            html.contains("href=\"https://site.org/backlog/primero#project-2\""),
            "{html}"
        );
        let html = sanitize_html("<a href=\"#top\">x</a>", &base);
        assert!(html.contains("href=\"#top\""), "{html}");
    }

    #[test]
    fn relative_images_resolve_against_the_image_folder() {
        let html = sanitize_html("<img src=\"x.png\">", &UrlBase::default());
        assert!(html.contains("src=\"img/x.png\""), "{html}");
    }
}
