//! The state kept in the URL: which page is open and which filters apply.
//!
//! Parsing accepts any path and query string: unknown parameters are
//! ignored, malformed percent-encoding is read as written, and overlong
//! values are cut, so every URL gives a page.

use crate::search::{SortOrder, TagMode};

/// Path segments of the site's own pages, which no entry may use as a slug.
pub const RESERVED_SLUGS: &[&str] = &["tags", "embed", "img", "index.html"];

/// Maximum length of the search text kept from a URL, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most tags kept from a URL.
pub const MAX_TAGS: usize = 50;
/// Maximum length of a tag kept from a URL, in characters.
const MAX_TAG_CHARS: usize = 100;

/// A page of the site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Home,
    Tags,
    /// The page where a web team sets up an embedded backlog.
    Embed,
    /// An entry, the About entry included, by slug.
    Entry(String),
    /// A path that names no page.
    NotFound,
}

/// Filters of the list of goods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub query: String,
    pub tags: Vec<String>,
    pub mode: TagMode,
    /// Order chosen by the reader; `None` means relevance while searching
    /// and newest first otherwise.
    pub sort: Option<SortOrder>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.query.trim().is_empty() && self.tags.is_empty()
    }
}

/// State a URL encodes: the page and the list's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    pub filters: Filters,
}

impl Route {
    /// Reads a route from the path below the site's base (`primero`,
    /// `tags/`, or empty for home) and the query string, with or without
    /// its leading `?`.
    pub fn parse(path: &str, query_string: &str) -> Route {
        Route {
            page: parse_page(path),
            filters: parse_filters(query_string),
        }
    }

    /// Returns the path and query below the site's base: `primero`,
    /// `?q=python&tag=Health`, or empty for the unfiltered home page.
    pub fn to_relative_url(&self) -> String {
        let path = match &self.page {
            Page::Home | Page::NotFound => String::new(),
            Page::Tags => "tags".to_string(),
            Page::Embed => "embed".to_string(),
            Page::Entry(slug) => percent_encode(slug),
        };
        let query = match self.page {
            Page::Home => filters_query_string(&self.filters),
            _ => String::new(),
        };
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    }
}

/// Returns the part of `pathname` below `base` (`/backlog/primero` with
/// base `/backlog/` gives `primero`), or `None` when the path lies outside.
pub fn strip_base<'a>(pathname: &'a str, base: &str) -> Option<&'a str> {
    let base_without_slash = base.trim_end_matches('/');
    if pathname == base_without_slash {
        return Some("");
    }
    pathname.strip_prefix(base_without_slash)?.strip_prefix('/')
}

/// Returns the query string of the list filters, without `?`.
pub fn filters_query_string(filters: &Filters) -> String {
    let mut pairs = Vec::new();
    if !filters.query.trim().is_empty() {
        pairs.push(format!("q={}", percent_encode(&filters.query)));
    }
    for tag in &filters.tags {
        pairs.push(format!("tag={}", percent_encode(tag)));
    }
    if filters.mode == TagMode::All && !filters.tags.is_empty() {
        pairs.push("match=all".to_string());
    }
    if let Some(sort) = filters.sort {
        pairs.push(format!("sort={}", sort.name()));
    }
    pairs.join("&")
}

fn parse_page(path: &str) -> Page {
    let path = path.trim_start_matches('/');
    let path = match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Page::Home;
    }
    if path.contains('/') {
        return Page::NotFound;
    }
    let segment = percent_decode(path);
    if segment == "tags" {
        Page::Tags
    } else if segment == "embed" {
        Page::Embed
    } else if segment
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Page::Entry(segment)
    } else {
        Page::NotFound
    }
}

fn parse_filters(query_string: &str) -> Filters {
    let mut filters = Filters::default();
    let query_string = query_string.strip_prefix('?').unwrap_or(query_string);
    for pair in query_string.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "q" => filters.query = truncate_chars(&percent_decode(value), MAX_QUERY_CHARS),
            "tag" => add_tag(&mut filters.tags, &percent_decode(value)),
            "match" if value == "all" => filters.mode = TagMode::All,
            "sort" => filters.sort = SortOrder::from_name(value),
            _ => {}
        }
    }
    filters
}

fn add_tag(tags: &mut Vec<String>, tag: &str) {
    let tag = truncate_chars(tag.trim(), MAX_TAG_CHARS);
    let key = crate::text::tag_key(&tag);
    let is_new = !tags.iter().any(|known| crate::text::tag_key(known) == key);
    if !tag.is_empty() && is_new && tags.len() < MAX_TAGS {
        tags.push(tag);
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Percent-encodes everything but unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Decodes `%XX` sequences and `+` as a space; malformed sequences and
/// invalid UTF-8 are kept as U+FFFD or as written, never rejected.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .filter(|pair| pair.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (byte, hex) {
            (b'%', Some(value)) => {
                decoded.push(value);
                index += 3;
            }
            (b'+', _) => {
                decoded.push(b' ');
                index += 1;
            }
            _ => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_from_paths() {
        assert_eq!(Route::parse("", "").page, Page::Home);
        assert_eq!(Route::parse("tags/", "").page, Page::Tags);
        assert_eq!(Route::parse("embed", "").page, Page::Embed);
        assert_eq!(
            Route::parse("primero/", "").page,
            Page::Entry("primero".into())
        );
        assert_eq!(Route::parse("a/b", "").page, Page::NotFound);
        assert_eq!(Route::parse("%3Cscript%3E", "").page, Page::NotFound);
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let filters = Filters {
            query: "child protection & c#".into(),
            tags: vec!["Gender Equality".into(), "a/b".into()],
            mode: TagMode::All,
            sort: Some(SortOrder::Title),
        };
        let route = Route {
            page: Page::Home,
            filters: filters.clone(),
        };
        let url = route.to_relative_url();
        let (_, query) = url.split_once('?').unwrap();
        assert_eq!(Route::parse("", query).filters, filters);
    }

    #[test]
    fn foreign_and_malformed_parameters_are_tolerated() {
        let route = Route::parse("", "?fbclid=x&q=%E0%A4%A&tag=%ZZ&tag=Health&tag=health");
        assert_eq!(
            route.filters.tags,
            vec!["%ZZ".to_string(), "Health".to_string()]
        );
        assert!(route.filters.query.contains('\u{FFFD}'));
    }

    #[test]
    fn overlong_values_are_cut() {
        let long = "a".repeat(100_000);
        let route = Route::parse("", &format!("q={long}"));
        assert_eq!(route.filters.query.len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn base_is_stripped_from_paths() {
        assert_eq!(strip_base("/backlog/primero", "/backlog/"), Some("primero"));
        assert_eq!(strip_base("/backlog", "/backlog/"), Some(""));
        assert_eq!(strip_base("/other", "/backlog/"), None);
        assert_eq!(strip_base("/primero", "/"), Some("primero"));
    }
}
