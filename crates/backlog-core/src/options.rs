//! Options of an embedded backlog. The same names work as `data-` attributes
//! of a mounted element (`data-show-search="false"`) and as parameters of
//! the iframe's URL (`?embed=1&show-search=false`), so a web team learns one
//! list. Invalid values are ignored with a warning, never fatal.

use crate::route::percent_encode;
use crate::sanitize::{check_url, UrlKind};

/// Most entries a host may ask to show.
const MAX_ENTRIES_LIMIT: usize = 10_000;

/// Languages the interface is written in.
pub const LANGUAGES: &[&str] = &["en"];

/// Colour scheme of an embedded backlog.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the reader's system setting.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Options a host page chose for its embedded backlog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// URL of the backlog JSON; the site's own when `None`.
    pub data_url: Option<String>,
    /// Tags selected when the backlog opens.
    pub tags: Vec<String>,
    /// Search text when the backlog opens.
    pub search: String,
    pub show_search: bool,
    pub show_tags: bool,
    /// Most goods listed; all when `None`.
    pub max_entries: Option<usize>,
    pub theme: Theme,
    /// Language of the interface strings, one of `LANGUAGES`.
    pub lang: String,
    /// Whether the app may keep its state in the host page's URL, in the
    /// `dpg` parameter. Off unless the host opts in.
    pub history: bool,
    /// Origin of the page framing the backlog, the only one that receives
    /// its height messages: `https://example.org`.
    pub parent_origin: Option<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            data_url: None,
            tags: Vec::new(),
            search: String::new(),
            show_search: true,
            show_tags: true,
            max_entries: None,
            theme: Theme::Auto,
            lang: "en".to_string(),
            history: false,
            parent_origin: None,
        }
    }
}

impl EmbedOptions {
    /// Reads options from name and value pairs; returns them with a warning
    /// for each value that was ignored. Unknown names are skipped silently,
    /// since URLs carry parameters of others too.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut options = EmbedOptions::default();
        let mut warnings = Vec::new();
        for (name, value) in pairs {
            if let Err(message) = options.set(name, value.trim()) {
                warnings.push(format!("ignored option `{name}=\"{value}\"`: {message}"));
            }
        }
        (options, warnings)
    }

    fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "data-url" => self.data_url = Some(parse_data_url(value)?),
            "tags" => {
                self.tags = value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect()
            }
            "search" => self.search = value.chars().take(crate::route::MAX_QUERY_CHARS).collect(),
            "show-search" => self.show_search = parse_flag(value)?,
            "show-tags" => self.show_tags = parse_flag(value)?,
            "max-entries" => self.max_entries = Some(parse_count(value)?),
            "theme" => self.theme = parse_theme(value)?,
            "lang" => self.lang = parse_lang(value)?,
            "history" => self.history = parse_flag(value)?,
            "parent-origin" => self.parent_origin = Some(parse_origin(value)?),
            _ => {}
        }
        Ok(())
    }

    /// Returns the options that differ from the defaults as URL parameters,
    /// for the iframe's address.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        let defaults = EmbedOptions::default();
        let mut pairs = Vec::new();
        if let Some(url) = &self.data_url {
            pairs.push(("data-url", url.clone()));
        }
        if !self.tags.is_empty() {
            pairs.push(("tags", self.tags.join(",")));
        }
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        if self.show_search != defaults.show_search {
            pairs.push(("show-search", self.show_search.to_string()));
        }
        if self.show_tags != defaults.show_tags {
            pairs.push(("show-tags", self.show_tags.to_string()));
        }
        if let Some(count) = self.max_entries {
            pairs.push(("max-entries", count.to_string()));
        }
        if self.theme != defaults.theme {
            pairs.push(("theme", self.theme.name().to_string()));
        }
        if self.lang != defaults.lang {
            pairs.push(("lang", self.lang.clone()));
        }
        pairs
    }

    /// Returns the options as a query string, without `?`.
    pub fn to_query_string(&self) -> String {
        self.to_query_pairs()
            .into_iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "" | "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err("expected `true` or `false`".into()),
    }
}

fn parse_count(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(count) if (1..=MAX_ENTRIES_LIMIT).contains(&count) => Ok(count),
        _ => Err(format!(
            "expected a whole number from 1 to {MAX_ENTRIES_LIMIT}"
        )),
    }
}

fn parse_theme(value: &str) -> Result<Theme, String> {
    match value.to_ascii_lowercase().as_str() {
        "auto" => Ok(Theme::Auto),
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        _ => Err("expected `auto`, `light` or `dark`".into()),
    }
}

fn parse_lang(value: &str) -> Result<String, String> {
    let lang = value.to_ascii_lowercase();
    if LANGUAGES.contains(&lang.as_str()) {
        Ok(lang)
    } else {
        Err(format!("the interface exists in {}", LANGUAGES.join(", ")))
    }
}

/// Accepts `http(s)` and relative URLs, as the sanitiser does for links.
fn parse_data_url(value: &str) -> Result<String, String> {
    match check_url(value, UrlKind::Image) {
        Some(url) if !url.url.is_empty() => Ok(url.url),
        _ => Err("expected an `https:` URL or a path".into()),
    }
}

/// Accepts `scheme://host[:port]` with nothing after it.
fn parse_origin(value: &str) -> Result<String, String> {
    let invalid = || "expected an origin such as `https://example.org`".to_string();
    let (scheme, rest) = value.split_once("://").ok_or_else(invalid)?;
    let valid_scheme = matches!(scheme, "http" | "https");
    let valid_host = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if valid_scheme && valid_host {
        Ok(value.to_string())
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_by_name() {
        let (options, warnings) = EmbedOptions::from_pairs([
            ("tags", "Health, Children"),
            ("show-search", "false"),
            ("max-entries", "5"),
            ("theme", "dark"),
            ("parent-origin", "http://127.0.0.1:8080"),
            ("fbclid", "x"),
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(options.tags, vec!["Health", "Children"]);
        assert!(!options.show_search);
        assert_eq!(options.max_entries, Some(5));
        assert_eq!(options.theme, Theme::Dark);
        assert_eq!(
            options.parent_origin.as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn invalid_values_are_ignored_with_a_warning() {
        let (options, warnings) = EmbedOptions::from_pairs([
            ("data-url", "javascript:alert(1)"),
            ("max-entries", "0"),
            ("lang", "xx"),
            ("parent-origin", "https://a.org/path"),
            ("show-tags", "maybe"),
        ]);
        assert_eq!(options, EmbedOptions::default());
        assert_eq!(warnings.len(), 5, "{warnings:?}");
    }

    #[test]
    fn query_round_trips() {
        let (options, _) =
            EmbedOptions::from_pairs([("tags", "Gender Equality"), ("show-tags", "false")]);
        let query = options.to_query_string();
        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                (name.to_string(), crate::route::percent_decode(value))
            })
            .collect();
        let (read, _) =
            EmbedOptions::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        assert_eq!(read, options);
    }
}
