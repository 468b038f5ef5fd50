//! Settings of one mounted app, read from the mount element's `data-`
//! attributes and the page's `<base href>`.

use wasm_bindgen::JsCast;

/// Where the app finds its data and how it forms its URLs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Path of the site below its origin, with a trailing slash: `/` or `/backlog/`.
    pub base_path: String,
    /// URL of the backlog JSON, `data-data-url` or `backlog.json` below the base.
    pub data_url: String,
    /// Prefix for image URLs: the folder that holds the data file, plus `img/`.
    pub images_url: String,
    /// Prefix for element ids, so two mounts on one page do not clash.
    pub id_prefix: String,
}

impl Config {
    /// Reads the settings of the app mounted in `element`, the `index`-th
    /// mount of the page.
    pub fn from_element(element: &web_sys::HtmlElement, index: u32) -> Self {
        let dataset = element.dataset();
        let base_url = document_base_url();
        let base_path = dataset
            .get("basePath")
            .map(|path| with_slashes(&path))
            .unwrap_or_else(|| with_slashes(&url_pathname(&base_url)));
        let data_url = dataset
            .get("dataUrl")
            .and_then(|url| absolute_url(&url, &base_url))
            .unwrap_or_else(|| format!("{}backlog.json", base_url_folder(&base_url)));
        let images_url = format!("{}img/", base_url_folder(&data_url));
        let id_prefix = if index == 0 {
            String::new()
        } else {
            format!("m{index}-")
        };
        Config {
            base_path,
            data_url,
            images_url,
            id_prefix,
        }
    }

    /// Settings of the site itself, served from `base_path` with its data
    /// and images beside it; used when rendering pages at build time.
    pub fn for_site(base_path: &str) -> Self {
        let base_path = with_slashes(base_path);
        Config {
            data_url: format!("{base_path}backlog.json"),
            images_url: format!("{base_path}img/"),
            id_prefix: String::new(),
            base_path,
        }
    }

    /// Returns an element id unique to this mount.
    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.id_prefix)
    }

    /// Returns the URL of an entry's page. The slug is percent-encoded, so
    /// a slug from foreign data such as `//evil.example` stays a path of
    /// this site.
    pub fn entry_href(&self, slug: &str) -> String {
        self.href(&backlog_core::route::percent_encode(slug))
    }

    /// Returns the site URL of a path below the base: `tags` → `/backlog/tags`.
    pub fn href(&self, relative: &str) -> String {
        format!("{}{relative}", self.base_path)
    }
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
        .map(|url| url.pathname())
        .unwrap_or_else(|_| "/".into())
}

/// Returns the URL up to and including its last `/`, without query or hash.
fn base_url_folder(url: &str) -> String {
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

/// Returns the element a DOM event started on, when it is an element.
pub fn event_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}
