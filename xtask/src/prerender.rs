//! Writes every route of the site as static HTML during the post-build
//! step: the app's own components render each page into the `index.html`
//! template, with its title, description, canonical URL and link-preview
//! tags, so the first view, previews and search engines need no wasm.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use backlog_core::model::LoadedBacklog;
use backlog_core::route::{Page, Route};
use backlog_core::sanitize::escape;
use dpg_backlog::config::Config;
use dpg_backlog::data::Library;
use dpg_backlog::meta::PageMeta;
use dpg_backlog::prerender::render_route;

/// Comments around the content of the mount element in `index.html`.
const MOUNT_START: &str = "<!-- page -->";
const MOUNT_END: &str = "<!-- /page -->";
/// Attribute of the element the app mounts into.
const MOUNT_ATTRIBUTE: &str = " data-dpg-backlog";

/// Renders home, tags, every entry and the not-found page into `dir`, from
/// the `index.html` template and `backlog.json` found there.
pub fn prerender_site(dir: &Path, base_path: &str, site_url: &str) -> anyhow::Result<usize> {
    let template = std::fs::read_to_string(dir.join("index.html"))
        .with_context(|| format!("cannot read {}", dir.join("index.html").display()))?;
    if template.contains("rel=\"canonical\"") {
        anyhow::bail!(
            "{} is already prerendered; build again with trunk",
            dir.display()
        );
    }
    let json = std::fs::read_to_string(dir.join("backlog.json"))
        .with_context(|| format!("cannot read {}", dir.join("backlog.json").display()))?;
    let loaded = LoadedBacklog::from_json(&json).context("cannot read backlog.json")?;
    let library = Arc::new(Library::new(loaded.backlog, loaded.skipped, None));
    let config = Config::for_site(base_path);
    let mut pages = vec![
        (String::new(), Page::Home),
        ("tags/".to_string(), Page::Tags),
        ("embed/".to_string(), Page::Embed),
    ];
    let slugs = library
        .backlog
        .about
        .iter()
        .chain(&library.backlog.entries)
        .map(|e| e.slug.clone());
    pages.extend(slugs.map(|slug| (format!("{slug}/"), Page::Entry(slug))));
    for (path, page) in &pages {
        let route = Route {
            page: page.clone(),
            ..Route::default()
        };
        let rendered = render_route(&config, library.clone(), route);
        let canonical = format!("{site_url}{path}");
        let image = rendered
            .meta
            .image
            .as_ref()
            .map(|name| format!("{site_url}img/{name}"));
        let page_path = format!("{base_path}{path}");
        let start = match page {
            Page::Embed => AppStart::Now,
            _ => AppStart::OnIntent(&page_path),
        };
        let html = fill_template(
            &template,
            &rendered.body,
            &rendered.meta,
            &canonical,
            image.as_deref(),
            &start,
        )?;
        let target = dir.join(path).join("index.html");
        std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
        std::fs::write(&target, html)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    let not_found = render_route(
        &config,
        library,
        Route {
            page: Page::NotFound,
            ..Route::default()
        },
    );
    // A static host serves `404.html` at any unknown address. The app
    // starts there at once, since its data may be newer than this build.
    let html = fill_template(
        &template,
        &not_found.body,
        &not_found.meta,
        site_url,
        None,
        &AppStart::Now,
    )?;
    std::fs::write(dir.join("404.html"), html).context("cannot write 404.html")?;
    Ok(pages.len())
}

/// When the start script loads the app on a prerendered page, written on
/// the page's mount element.
enum AppStart<'a> {
    /// When the reader reaches for a control, as long as the address is
    /// the page's path (`data-prerendered`).
    OnIntent(&'a str),
    /// At once (`data-start="now"`).
    Now,
}

impl AppStart<'_> {
    fn attributes(&self) -> String {
        match self {
            AppStart::OnIntent(path) => format!(" data-prerendered=\"{}\"", escape(path)),
            AppStart::Now => " data-start=\"now\"".to_string(),
        }
    }
}

/// Puts the page's markup into the mount element, marks it for the start
/// script, and puts the page's metadata into the head of the template.
fn fill_template(
    template: &str,
    body: &str,
    meta: &PageMeta,
    canonical: &str,
    image: Option<&str>,
    start: &AppStart,
) -> anyhow::Result<String> {
    let html = replace_between(template, "<title>", "</title>", &escape(&meta.title))?;
    let html = replace_between(
        &html,
        "<meta name=\"description\" content=\"",
        "\"",
        &escape(&meta.description),
    )?;
    let mut head = format!(
        "<link rel=\"canonical\" href=\"{url}\">\n    \
         <meta property=\"og:type\" content=\"website\">\n    \
         <meta property=\"og:title\" content=\"{title}\">\n    \
         <meta property=\"og:description\" content=\"{description}\">\n    \
         <meta property=\"og:url\" content=\"{url}\">\n    \
         <meta name=\"twitter:card\" content=\"{card}\">\n",
        url = escape(canonical),
        title = escape(&meta.title),
        description = escape(&meta.description),
        card = if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    );
    if let Some(image) = image {
        head.push_str(&format!(
            "    <meta property=\"og:image\" content=\"{}\">\n",
            escape(image)
        ));
    }
    let head_end = html.find("</head>").context("index.html has no </head>")?;
    let html = format!("{}{head}  {}", &html[..head_end], &html[head_end..]);
    let mount_end = html
        .find(MOUNT_ATTRIBUTE)
        .context("index.html has no element marked data-dpg-backlog")?
        + MOUNT_ATTRIBUTE.len();
    let html = format!(
        "{}{}{}",
        &html[..mount_end],
        start.attributes(),
        &html[mount_end..]
    );
    replace_between(&html, MOUNT_START, MOUNT_END, body)
}

/// Replaces the text between the first `open` and the next `close`.
fn replace_between(
    text: &str,
    open: &str,
    close: &str,
    replacement: &str,
) -> anyhow::Result<String> {
    let start = text
        .find(open)
        .with_context(|| format!("index.html has no `{open}`"))?
        + open.len();
    let end = start
        + text[start..]
            .find(close)
            .with_context(|| format!("index.html has no `{close}` after `{open}`"))?;
    Ok(format!("{}{replacement}{}", &text[..start], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<html><head><title>Old</title>\
        <meta name=\"description\" content=\"Old\"></head>\
        <body><div id=\"app\" data-dpg-backlog><!-- page --><p>Loading</p><!-- /page --></div></body></html>";

    const ENTRY_START: AppStart = AppStart::OnIntent("/backlog/primero/");

    fn meta() -> PageMeta {
        PageMeta {
            title: "A & B".into(),
            description: "Say \"hi\"".into(),
            image: None,
        }
    }

    #[test]
    fn template_gets_body_and_escaped_metadata() {
        let html = fill_template(
            TEMPLATE,
            "<main>Body</main>",
            &meta(),
            "https://x.org/a/",
            None,
            &ENTRY_START,
        )
        .unwrap();
        assert!(html.contains("<title>A &amp; B</title>"), "{html}");
        assert!(html.contains("content=\"Say &quot;hi&quot;\""), "{html}");
        assert!(
            html.contains("<!-- page --><main>Body</main><!-- /page -->"),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://x.org/a/\">"),
            "{html}"
        );
        assert!(!html.contains("Loading"), "{html}");
        assert!(
            html.contains("data-dpg-backlog data-prerendered=\"/backlog/primero/\">"),
            "{html}"
        );
    }

    #[test]
    fn template_without_mount_element_is_an_error() {
        let template =
            "<html><head><title>T</title><meta name=\"description\" content=\"D\"></head></html>";
        assert!(
            fill_template(template, "", &meta(), "https://x.org/", None, &ENTRY_START).is_err()
        );
    }
}
