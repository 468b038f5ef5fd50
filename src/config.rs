//! Settings of one mounted app: how it is embedded, where its data is, how
//! it forms links, and the host's options, read from the mount element's
//! `data-` attributes, the iframe's URL and the page's `<base href>`.

use backlog_core::options::EmbedOptions;
use wasm_bindgen::JsCast;

/// The three ways the app runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The hosted site: header and footer, state in the address bar.
    Site,
    /// Inside an iframe (`?embed=1`): no header or footer, state kept in
    /// memory, height sent to the framing page.
    Frame,
    /// Mounted into another site's page (`data-dpg-backlog="widget"`), in a
    /// shadow root; state in memory unless the host opts in.
    Widget,
}

/// Data location and URL settings of one mounted app.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub mode: Mode,
    /// Absolute URL of the site's folder, with a trailing slash:
    /// `https://example.org/backlog/`.
    pub site_url: String,
    /// Path of the site below its origin, with a trailing slash: `/` or `/backlog/`.
    pub base_path: String,
    /// URL of the backlog JSON: the `data-url` option or `backlog.json` of the site.
    pub data_url: String,
    /// Prefix for image URLs: the folder that contains the data file, plus `img/`.
    pub images_url: String,
    /// Stylesheet a widget loads into its shadow root.
    pub stylesheet_url: Option<String>,
    /// Prefix for element ids, so two mounts on one page do not clash.
    pub id_prefix: String,
    /// True when the mount element contains a prerendered page, which the
    /// app replaces once it has its data.
    pub prerendered: bool,
    pub options: EmbedOptions,
}

impl Config {
    /// Reads the settings of the app mounted in `element`, the `index`-th
    /// mount of the page. Invalid options are logged and ignored.
    pub fn from_element(element: &web_sys::HtmlElement, index: u32) -> Self {
        let dataset = element.dataset();
        let page_url = leptos::prelude::window()
            .location()
            .href()
            .unwrap_or_default();
        let mode = match dataset.get("dpgBacklog").as_deref() {
            Some("widget") => Mode::Widget,
            _ if page_flag(&page_url, "embed") => Mode::Frame,
            _ => Mode::Site,
        };
        let mut pairs = data_attributes(element);
        if mode == Mode::Frame {
            pairs.extend(url_parameters(&page_url));
        }
        let (options, warnings) =
            EmbedOptions::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for warning in warnings {
            log::warn!("{warning}");
        }
        let site_url = match (mode, dataset.get("siteUrl")) {
            (Mode::Widget, Some(url)) => folder(&absolute_url(&url, &page_url).unwrap_or(url)),
            _ => folder(&document_base_url()),
        };
        let data_url = options
            .data_url
            .as_deref()
            .and_then(|url| absolute_url(url, &site_url))
            .unwrap_or_else(|| format!("{site_url}backlog.json"));
        Config {
            mode,
            base_path: url_pathname(&site_url),
            images_url: format!("{}img/", folder(&data_url)),
            stylesheet_url: dataset.get("stylesheet"),
            prerendered: mode != Mode::Widget
                && element.query_selector("main").ok().flatten().is_some(),
            id_prefix: if index == 0 {
                String::new()
            } else {
                format!("m{index}-")
            },
            site_url,
            data_url,
            options,
        }
    }

    /// Settings of the site itself, served from `base_path` with its data
    /// and images beside it; used when rendering pages at build time.
    pub fn for_site(base_path: &str) -> Self {
        let base_path = with_slashes(base_path);
        Config {
            mode: Mode::Site,
            site_url: base_path.clone(),
            data_url: format!("{base_path}backlog.json"),
            images_url: format!("{base_path}img/"),
            stylesheet_url: None,
            id_prefix: String::new(),
            prerendered: false,
            base_path,
            options: EmbedOptions::default(),
        }
    }

    /// Returns an element id unique to this mount.
    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.id_prefix)
    }

    /// Returns the URL of a page below the site: `tags` → `/backlog/tags`,
    /// or an absolute URL in a widget, whose links must leave the host's site.
    pub fn href(&self, relative: &str) -> String {
        match self.mode {
            Mode::Widget => format!("{}{relative}", self.site_url),
            Mode::Site | Mode::Frame => format!("{}{relative}", self.base_path),
        }
    }

    /// Returns the URL of an entry's page. The slug is percent-encoded, so
    /// a slug from foreign data such as `//evil.example` stays a path of
    /// this site.
    pub fn entry_href(&self, slug: &str) -> String {
        self.href(&backlog_core::route::percent_encode(slug))
    }

    /// True when the site's own header, footer and navigation are shown.
    pub fn shows_chrome(&self) -> bool {
        self.mode == Mode::Site
    }
}

/// Reads the element's `data-*` attributes as option names without the
/// prefix: `data-show-search` gives `show-search`.
fn data_attributes(element: &web_sys::HtmlElement) -> Vec<(String, String)> {
    let attributes = element.attributes();
    (0..attributes.length())
        .filter_map(|position| attributes.item(position))
        .filter_map(|attribute| {
            let name = attribute.name();
            let option = name.strip_prefix("data-")?.to_string();
            Some((option, attribute.value()))
        })
        .collect()
}

fn url_parameters(url: &str) -> Vec<(String, String)> {
    let Ok(url) = web_sys::Url::new(url) else {
        return Vec::new();
    };
    let query = url.search();
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                backlog_core::route::percent_decode(name),
                backlog_core::route::percent_decode(value),
            )
        })
        .collect()
}

fn page_flag(url: &str, name: &str) -> bool {
    url_parameters(url)
        .iter()
        .any(|(key, value)| key == name && matches!(value.as_str(), "" | "1" | "true"))
}

fn document_base_url() -> String {
    let document = leptos::prelude::document();
    document.base_uri().ok().flatten().unwrap_or_else(|| {
        leptos::prelude::window()
            .location()
            .href()
            .unwrap_or_default()
    })
}

fn url_pathname(url: &str) -> String {
    web_sys::Url::new(url)
        .map(|url| with_slashes(&url.pathname()))
        .unwrap_or_else(|_| "/".into())
}

/// Returns the URL up to and including its last `/`, without query or hash.
fn folder(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    match url.rfind('/') {
        Some(end) => url[..=end].to_string(),
        None => format!("{url}/"),
    }
}

fn absolute_url(url: &str, base: &str) -> Option<String> {
    web_sys::Url::new_with_base(url, base)
        .ok()
        .map(|url| url.href())
}

fn with_slashes(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Returns the element a DOM event started on, looking through shadow
/// roots, where `target` would be the shadow host.
pub fn event_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    let first = event.composed_path().get(0);
    first
        .dyn_into::<web_sys::Element>()
        .ok()
        .or_else(|| event.target()?.dyn_into().ok())
}
