//! The step trunk runs after each build (`cargo xtask post-build`): moves
//! trunk's inline start-up script into a file, so the Content-Security-Policy
//! can forbid inline scripts, then writes every route as static HTML and a
//! `404.html` for static hosts.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

const SCRIPT_OPEN: &str = "<script type=\"module\">";
const SCRIPT_CLOSE: &str = "</script>";

/// Finishes the build in trunk's staging folder (`TRUNK_STAGING_DIR`), or in
/// `dist` when run by hand.
pub fn post_build() -> anyhow::Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::content::workspace_root().join("dist"));
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("cannot read {}; run `trunk build` first", index.display()))?;
    let html = externalize_start_script(&html, &staging)?;
    std::fs::write(&index, &html).with_context(|| format!("cannot write {}", index.display()))?;
    crate::widget_script::write_widget_script(&staging, &html)?;
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

/// Writes the inline module script of `html` to `start-<hash>.js` in `dir`
/// and returns the HTML loading it from there instead.
fn externalize_start_script(html: &str, dir: &Path) -> anyhow::Result<String> {
    let Some(start) = html.find(SCRIPT_OPEN) else {
        if html.contains("src=\"start-") {
            return Ok(html.to_string());
        }
        bail!("no inline start-up script found in index.html; has trunk's output changed?");
    };
    let body_start = start + SCRIPT_OPEN.len();
    let body_length = html[body_start..]
        .find(SCRIPT_CLOSE)
        .context("the inline start-up script in index.html is not closed")?;
    let script = &html[body_start..body_start + body_length];
    let name = format!("start-{:016x}.js", fnv1a(script.as_bytes()));
    let path = dir.join(&name);
    std::fs::write(&path, script).with_context(|| format!("cannot write {}", path.display()))?;
    // A relative `src` resolves against `<base href>`, so it also works
    // when the site lives under a sub-path.
    let tag = format!("<script type=\"module\" src=\"{name}\"></script>");
    let end = body_start + body_length + SCRIPT_CLOSE.len();
    Ok(format!("{}{tag}{}", &html[..start], &html[end..]))
}

/// 64-bit FNV-1a, enough to give each script version its own cacheable name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_script_moves_to_a_file() {
        let dir = std::env::temp_dir().join(format!("post-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let html = "<head><script type=\"module\">import x from '/a.js';</script></head>";
        let result = externalize_start_script(html, &dir).unwrap();
        assert!(!result.contains("import x"), "{result}");
        let name = result
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let script = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(script, "import x from '/a.js';");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
