//! The step trunk runs after each build (`cargo xtask post-build`). It
//! writes the widget script and replaces trunk's inline start-up script with
//! a file, so the Content-Security-Policy can forbid inline scripts. Then it
//! inlines the stylesheet and writes every route as static HTML, a
//! `404.html` for static hosts, and the feeds.

use std::path::PathBuf;

use anyhow::Context;

/// Finishes the build in trunk's staging folder (`TRUNK_STAGING_DIR`), or in
/// `dist` when run by hand.
pub fn post_build() -> anyhow::Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::content::workspace_root().join("dist"));
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}; run `trunk build` first", index.display()))?;
    crate::widget_script::write_widget_script(&staging, &html)?;
    let html = crate::start_script::write_start_script(&html, &staging)?;
    let html = crate::inline_css::inline_stylesheet(&html, &staging)?;
    std::fs::write(&index, &html).with_context(|| format!("cannot write {}", index.display()))?;
    let base_path = public_path();
    let pages = crate::prerender::prerender_site(&staging, &base_path, &site_url(&base_path)?)?;
    println!("prerendered {pages} pages into {}", staging.display());
    crate::feeds::write_feeds(&staging)?;
    Ok(())
}

/// Path the site is served under, from trunk's `--public-url`: `/` or `/backlog/`.
pub fn public_path() -> String {
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_default();
    let trimmed = public_url.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Absolute URL of the site, for canonical links, feeds and the sitemap:
/// `BACKLOG_SITE_URL` or the original site's domain, joined with the path.
pub fn site_url(base_path: &str) -> anyhow::Result<String> {
    let configured = std::env::var("BACKLOG_SITE_URL").ok();
    crate::feeds::site_url(
        configured
            .as_deref()
            .unwrap_or(crate::feeds::DEFAULT_SITE_URL),
        base_path,
    )
}
