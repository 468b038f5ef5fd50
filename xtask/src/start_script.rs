//! Replaces trunk's inline start-up script with `start-<hash>.js`, which
//! loads the app only when a page needs it.
//!
//! Every page arrives prerendered: it reads, and its links work, without
//! the app. So the app's script, its WebAssembly and the data load when the
//! reader reaches for a control (the search box, a tag, the sort order).
//! On a phone on a slow network the first view is then the HTML and its
//! images alone. Trunk's preload links for the script and the wasm are
//! removed too, since they would fetch both at once.
//!
//! The app loads at once when the address requests more than the HTML
//! shows (a search, a filter, an embedded frame), or when the page is
//! marked `data-start="now"` (the embed builder, which works only with the
//! app, and `404.html`). Other query parameters, such as a campaign tag, do
//! not start it. Until the app runs, the script also keeps in-page links
//! such as "Skip to content" on the page.

use std::path::Path;

use anyhow::{bail, Context};

const SCRIPT_OPEN: &str = "<script type=\"module\">";
const SCRIPT_CLOSE: &str = "</script>";

/// Writes the start script into `dir` and returns `html` loading it in
/// place of trunk's inline script, without trunk's preload links.
pub fn write_start_script(html: &str, dir: &Path) -> anyhow::Result<String> {
    let Some(start) = html.find(SCRIPT_OPEN) else {
        bail!("no inline start-up script found in index.html; has trunk's output changed?");
    };
    let body_start = start + SCRIPT_OPEN.len();
    let body_length = html[body_start..]
        .find(SCRIPT_CLOSE)
        .context("the inline start-up script in index.html is not closed")?;
    let trunk_script = &html[body_start..body_start + body_length];
    let app = quoted_after(trunk_script, " from ")
        .context("trunk's start-up script imports no app script; has trunk's output changed?")?;
    let wasm = quoted_after(trunk_script, "module_or_path:")
        .context("trunk's start-up script names no wasm file; has trunk's output changed?")?;
    let script = start_source(app, wasm);
    let name = format!("start-{:016x}.js", fnv1a(script.as_bytes()));
    let path = dir.join(&name);
    std::fs::write(&path, script).with_context(|| format!("cannot write {}", path.display()))?;
    // A relative `src` resolves against `<base href>`, so it also works
    // when the site lives under a sub-path.
    let tag = format!("<script type=\"module\" src=\"{name}\"></script>");
    let end = body_start + body_length + SCRIPT_CLOSE.len();
    let html = format!("{}{tag}{}", &html[..start], &html[end..]);
    Ok(without_preloads(&html, &[app, wasm]))
}

/// Returns the first single- or double-quoted string after `marker`.
fn quoted_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = text[text.find(marker)? + marker.len()..].trim_start();
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let value = &rest[1..];
    Some(&value[..value.find(quote)?])
}

/// Removes the `<link>` tags whose `href` is one of `files`.
fn without_preloads(html: &str, files: &[&str]) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link ") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..=start + length];
        let preloads_a_file = files
            .iter()
            .any(|file| tag.contains(&format!("href=\"{file}\"")));
        kept.push_str(&rest[..start]);
        if preloads_a_file {
            // Drop the line break and indentation the tag stood on.
            kept.truncate(kept.trim_end_matches([' ', '\n']).len());
        } else {
            kept.push_str(tag);
        }
        rest = &rest[start + length + 1..];
    }
    kept.push_str(rest);
    kept
}

fn start_source(app: &str, wasm: &str) -> String {
    format!(
        r##"// Starts the backlog app when this page needs it; see xtask/src/start_script.rs.
const mount = document.querySelector("[data-dpg-backlog]");
const intents = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown"];
const controls = "form, input, select, textarea, button, label, summary";
// Query parameters the HTML does not show: a search, a filter, a frame.
const appParameters = ["q", "tag", "match", "sort", "embed"];
let started = false;

function start() {{
  if (started) return;
  started = true;
  for (const type of intents) document.removeEventListener(type, onIntent, true);
  // The data, its search index, the script and the wasm download side by
  // side. The index sits beside the data (`index_url` in backlog-core).
  const data = new URL(mount?.dataset.dataUrl ?? "backlog.json", document.baseURI);
  preload(data.href);
  if (data.pathname.endsWith(".json")) {{
    const index = new URL(data);
    index.pathname = index.pathname.replace(/\.json$/, "-index.bin");
    preload(index.href);
  }}
  import("{app}")
    .then((app) => app.default({{ module_or_path: "{wasm}" }}))
    .catch((error) => {{
      // The page stays readable; the next reach for a control tries again.
      console.warn("The backlog app could not start:", error);
      started = false;
      waitForIntent();
    }});
}}

function preload(href) {{
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = href;
  document.head.append(link);
}}

function onIntent(event) {{
  if (event.target instanceof Element && event.target.closest(controls)) start();
}}

function waitForIntent() {{
  for (const type of intents) document.addEventListener(type, onIntent, {{ capture: true, passive: true }});
}}

// True when the app can wait: the page is not marked to start at once, and
// the address is the page the HTML was rendered for, with no search or filter.
function canWait() {{
  const rendered = mount?.dataset.prerendered;
  if (rendered === undefined || mount.dataset.start === "now") return false;
  const parameters = new URLSearchParams(location.search);
  if (appParameters.some((name) => parameters.has(name))) return false;
  const path = (url) => url.pathname.replace(/(\/index\.html)?\/*$/, "");
  return path(new URL(rendered, document.baseURI)) === path(location);
}}

// Under `<base href>`, a link to `#main` would lead to the home page, so
// until the app handles such links, move to the target on this page.
function followFragmentLink(event) {{
  const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
  const target = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!target || event.defaultPrevented) return;
  event.preventDefault();
  target.scrollIntoView();
  target.focus({{ preventScroll: true }});
}}

document.addEventListener("click", followFragmentLink);
if (!canWait() || document.activeElement?.closest(controls)) start();
else waitForIntent();
"##
    )
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

    const TRUNK_HTML: &str = "<head>\n    \
        <link rel=\"modulepreload\" href=\"/backlog/app-1a.js\" crossorigin=\"anonymous\">\n    \
        <link rel=\"preload\" href=\"/backlog/app-1a_bg.wasm\" as=\"fetch\" type=\"application/wasm\">\n    \
        <link rel=\"alternate\" href=\"feed.xml\">\n\
        <script type=\"module\">\nimport init, * as bindings from '/backlog/app-1a.js';\n\
        const wasm = await init({ module_or_path: '/backlog/app-1a_bg.wasm' });\n</script></head>";

    #[test]
    fn start_script_replaces_trunks_script_and_preloads() {
        let dir = std::env::temp_dir().join(format!("start-script-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let html = write_start_script(TRUNK_HTML, &dir).unwrap();
        let name = html
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let script = std::fs::read_to_string(dir.join(name)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!html.contains("import init"), "{html}");
        assert!(!html.contains("app-1a"), "{html}");
        assert!(
            html.contains("<link rel=\"alternate\" href=\"feed.xml\">"),
            "{html}"
        );
        assert!(
            script.contains("import(\"/backlog/app-1a.js\")"),
            "{script}"
        );
        assert!(
            script.contains("module_or_path: \"/backlog/app-1a_bg.wasm\""),
            "{script}"
        );
    }

    #[test]
    fn html_without_trunks_script_is_an_error() {
        let error = write_start_script("<head></head>", Path::new(".")).unwrap_err();
        assert!(error.to_string().contains("trunk's output"), "{error}");
    }
}
