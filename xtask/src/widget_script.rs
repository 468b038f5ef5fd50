//! Writes `widget.js`, the script another site loads to mount the backlog
//! into its own page (`<div data-dpg-backlog="widget">`). It is written at
//! build time because it must name the hashed files of this build.

use std::path::Path;

use anyhow::Context;

/// Writes `widget.js` into `dir`, taking the names of the app's script,
/// wasm and stylesheet from the built `index.html`.
pub fn write_widget_script(dir: &Path, index_html: &str) -> anyhow::Result<()> {
    let files = referenced_files(index_html);
    let find = |what: &str, matches: &dyn Fn(&str) -> bool| {
        files
            .iter()
            .find(|name| matches(name))
            .cloned()
            .with_context(|| format!("index.html names no {what}; has trunk's output changed?"))
    };
    let script = find("app script", &|name| {
        name.starts_with("dpg-backlog-") && name.ends_with(".js")
    })?;
    let wasm = find("wasm module", &|name| name.ends_with("_bg.wasm"))?;
    let stylesheet = find("stylesheet", &|name| name.ends_with(".css"))?;
    let source = widget_source(&script, &wasm, &stylesheet);
    let path = dir.join("widget.js");
    std::fs::write(&path, source).with_context(|| format!("cannot write {}", path.display()))
}

/// Returns the file names (without folders) of every `href` and `src`.
fn referenced_files(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for part in html.split(attribute).skip(1) {
            let value = part.split('"').next().unwrap_or("");
            let name = value.rsplit('/').next().unwrap_or(value);
            names.push(name.to_string());
        }
    }
    names
}

fn widget_source(script: &str, wasm: &str, stylesheet: &str) -> String {
    format!(
        r#"// Mounts the Digital Public Goods Backlog into the elements of this page
// marked `data-dpg-backlog="widget"`, each in a shadow root with its own
// stylesheet. Options are `data-` attributes of the element.
//
//   <div data-dpg-backlog="widget" data-tags="Health"></div>
//   <script type="module" src="https://SITE/widget.js"></script>
const site = new URL(".", import.meta.url);
for (const element of document.querySelectorAll('[data-dpg-backlog="widget"]')) {{
  element.dataset.siteUrl ??= site.href;
  element.dataset.stylesheet ??= new URL("{stylesheet}", site).href;
}}
const app = await import(new URL("{script}", site).href);
await app.default({{ module_or_path: new URL("{wasm}", site) }});
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_names_the_hashed_files() {
        let html = r#"<link rel="stylesheet" href="/backlog/main-1a2b.css">
            <link rel="modulepreload" href="/backlog/dpg-backlog-3c4d.js">
            <link rel="preload" href="/backlog/dpg-backlog-3c4d_bg.wasm" as="fetch">
            <script type="module" src="start-5e6f.js"></script>"#;
        let dir = std::env::temp_dir().join(format!("widget-script-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        write_widget_script(&dir, html).unwrap();
        let source = std::fs::read_to_string(dir.join("widget.js")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            source.contains(r#"new URL("dpg-backlog-3c4d.js", site)"#),
            "{source}"
        );
        assert!(
            source.contains(r#"new URL("dpg-backlog-3c4d_bg.wasm", site)"#),
            "{source}"
        );
        assert!(
            source.contains(r#"new URL("main-1a2b.css", site)"#),
            "{source}"
        );
    }
}
