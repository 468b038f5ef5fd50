//! Inlines the site's stylesheet into its HTML, so the first paint waits
//! for no second request, and allows exactly that style in the
//! Content-Security-Policy by its SHA-256 hash. The stylesheet file stays
//! for widgets, which load it into their shadow roots.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use sha2::{Digest, Sha256};

const STYLE_SOURCE: &str = "style-src 'self'";

/// Returns `html` with its `<link rel="stylesheet">` replaced by the
/// stylesheet's text, read from `dir`, and the policy updated to match.
pub fn inline_stylesheet(html: &str, dir: &Path) -> anyhow::Result<String> {
    let link_start = html
        .find("<link rel=\"stylesheet\"")
        .context("index.html has no stylesheet link")?;
    let link_end = link_start
        + html[link_start..]
            .find('>')
            .context("the stylesheet link is not closed")?
        + 1;
    let link = &html[link_start..link_end];
    let href = link
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("the stylesheet link has no href")?;
    let name = href.rsplit('/').next().unwrap_or(href);
    let path = dir.join(name);
    let css = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    // A `</style` inside the text would end the element early.
    anyhow::ensure!(
        !css.contains("</"),
        "{} contains `</`, which cannot be inlined",
        path.display()
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
    let html = format!(
        "{}<style>{css}</style>{}",
        &html[..link_start],
        &html[link_end..]
    );
    anyhow::ensure!(
        html.contains(STYLE_SOURCE),
        "the Content-Security-Policy has no `{STYLE_SOURCE}`"
    );
    Ok(html.replacen(STYLE_SOURCE, &format!("{STYLE_SOURCE} 'sha256-{hash}'"), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheet_is_inlined_and_hashed() {
        let dir = std::env::temp_dir().join(format!("inline-css-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("main-1.css"), "a{color:red}").unwrap();
        let html =
            "<meta content=\"style-src 'self'\"><link rel=\"stylesheet\" href=\"/main-1.css\">";
        let result = inline_stylesheet(html, &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(result.contains("<style>a{color:red}</style>"), "{result}");
        // printf 'a{color:red}' | openssl dgst -sha256 -binary | base64
        let policy = "style-src 'self' 'sha256-6hWWMOcF+mJesSJGYhmK2lkIIEw9Xc5XKGLPVzh8yxs='";
        assert!(result.contains(policy), "{result}");
        assert!(!result.contains("<link"), "{result}");
    }
}
