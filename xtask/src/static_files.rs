//! Request path mapping for the static server: the file in the site folder
//! that a path names, and the `Content-Type` and `Cache-Control` of each file.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Outcome of mapping a request target to the site folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file to send with status 200: the requested one, or the fallback
    /// page for an unknown app route such as `/no-such-good`.
    File(PathBuf),
    /// The base path without its trailing slash: redirect to the base.
    Redirect(String),
    /// A path with `..`, a backslash, a NUL byte or invalid UTF-8.
    BadRequest,
    /// Outside the base path, or a missing file with an extension.
    NotFound,
}

/// Maps a request target such as `/backlog/primero?q=x` to a file under
/// `root`, for a site served under `base` (which starts and ends with `/`).
pub fn resolve(root: &Path, base: &str, target: &str) -> Resolved {
    let (raw_path, query) = split_query(target);
    // Invalid UTF-8 is kept as U+FFFD: such a path names no file, so the
    // app gets it and shows its "not found" page.
    let path = percent_decode_str(raw_path).decode_utf8_lossy();
    if base != "/" && format!("{path}/") == base {
        return Resolved::Redirect(format!("{base}{query}"));
    }
    let Some(rest) = path.strip_prefix(base) else {
        return Resolved::NotFound;
    };

    let segments: Vec<&str> = rest
        .split('/')
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect();
    if segments.contains(&"..") {
        return Resolved::BadRequest;
    }
    if segments
        .iter()
        .any(|segment| segment.contains(['\\', '\0']))
    {
        return Resolved::File(fallback_page(root));
    }

    let mut file = root.to_path_buf();
    file.extend(&segments);
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        return Resolved::File(file);
    }
    if is_app_route(rest, segments.last().copied()) {
        return Resolved::File(fallback_page(root));
    }
    Resolved::NotFound
}

/// Returns the page for an app route with no file of its own: the
/// prerendered `404.html`, as on a static host, because the app starts there
/// at once and shows the address. A folder without it gets `index.html`.
fn fallback_page(root: &Path) -> PathBuf {
    let not_found = root.join("404.html");
    if not_found.is_file() {
        not_found
    } else {
        root.join("index.html")
    }
}

/// Returns the `Content-Type` for a file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Returns the `Cache-Control` for a file: files whose name carries trunk's
/// content hash never change, and every other file is revalidated.
pub fn cache_control(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("");
    if has_content_hash(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Checks for trunk's hash in a name such as `app-1f2e3d4c5b6a7980_bg.wasm`.
/// Trunk 0.21 writes the 64-bit hash with `{:x}`, which drops leading zeros,
/// so 12 to 16 hex digits count, followed by `.` or `_`.
fn has_content_hash(name: &str) -> bool {
    let bytes = name.as_bytes();
    for (dash, _) in name.match_indices('-') {
        let digits = bytes[dash + 1..]
            .iter()
            .take_while(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        let next = bytes.get(dash + 1 + digits);
        if (12..=16).contains(&digits) && matches!(next, Some(b'.') | Some(b'_')) {
            return true;
        }
    }
    false
}

/// Splits `/a?b` into `/a` and `?b`, dropping any fragment.
fn split_query(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    match target.find('?') {
        Some(index) => target.split_at(index),
        None => (target, ""),
    }
}

/// Checks whether a path names an app route instead of a file: the base
/// itself, a folder, or a last segment without an extension.
fn is_app_route(rest: &str, last_segment: Option<&str>) -> bool {
    match last_segment {
        None => true,
        Some(_) if rest.ends_with('/') => true,
        Some(segment) => Path::new(segment).extension().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "<!DOCTYPE html>").unwrap();
        fs::write(dir.path().join("backlog.json"), "{}").unwrap();
        fs::create_dir(dir.path().join("img")).unwrap();
        fs::write(dir.path().join("img/primero.png"), "png").unwrap();
        dir
    }

    #[test]
    fn existing_files_are_served() {
        let dir = site();
        let root = dir.path();
        assert_eq!(
            resolve(root, "/", "/backlog.json"),
            Resolved::File(root.join("backlog.json"))
        );
        assert_eq!(
            resolve(root, "/", "/img/primero.png?v=1"),
            Resolved::File(root.join("img/primero.png"))
        );
        assert_eq!(
            resolve(root, "/", "/"),
            Resolved::File(root.join("index.html"))
        );
    }

    #[test]
    fn app_routes_fall_back_to_index() {
        let dir = site();
        let root = dir.path();
        let index = Resolved::File(root.join("index.html"));
        for target in [
            "/primero",
            "/tags",
            "/tags/",
            "/primero?q=x#project-2",
            "/img",
            "/a/b",
        ] {
            assert_eq!(resolve(root, "/", target), index, "target {target}");
        }
    }

    #[test]
    fn prerendered_404_page_is_the_fallback() {
        let dir = site();
        let root = dir.path();
        fs::write(root.join("404.html"), "<!DOCTYPE html>").unwrap();
        assert_eq!(
            resolve(root, "/", "/no-such-good"),
            Resolved::File(root.join("404.html"))
        );
        assert_eq!(
            resolve(root, "/", "/"),
            Resolved::File(root.join("index.html"))
        );
    }

    #[test]
    fn missing_files_with_an_extension_are_not_found() {
        let dir = site();
        assert_eq!(resolve(dir.path(), "/", "/missing.png"), Resolved::NotFound);
        assert_eq!(
            resolve(dir.path(), "/", "/img/missing.js"),
            Resolved::NotFound
        );
    }

    #[test]
    fn traversal_is_rejected() {
        let dir = site();
        for target in ["/../etc/passwd", "/img/../../x", "/%2e%2e/x"] {
            assert_eq!(
                resolve(dir.path(), "/", target),
                Resolved::BadRequest,
                "target {target}"
            );
        }
    }

    #[test]
    fn odd_bytes_in_paths_reach_the_app() {
        let dir = site();
        let index = Resolved::File(dir.path().join("index.html"));
        for target in ["/a%5c..%5cb", "/%ff", "/%00", "/%E0%A4%A"] {
            assert_eq!(resolve(dir.path(), "/", target), index, "target {target}");
        }
    }

    #[test]
    fn sub_path_maps_under_the_base_only() {
        let dir = site();
        let root = dir.path();
        let base = "/backlog/";
        assert_eq!(
            resolve(root, base, "/backlog/backlog.json"),
            Resolved::File(root.join("backlog.json"))
        );
        assert_eq!(
            resolve(root, base, "/backlog/primero"),
            Resolved::File(root.join("index.html"))
        );
        assert_eq!(
            resolve(root, base, "/backlog/"),
            Resolved::File(root.join("index.html"))
        );
        assert_eq!(resolve(root, base, "/primero"), Resolved::NotFound);
        assert_eq!(resolve(root, base, "/backlog.json"), Resolved::NotFound);
        assert_eq!(resolve(root, base, "/"), Resolved::NotFound);
    }

    #[test]
    fn base_without_slash_redirects() {
        let dir = site();
        let resolved = resolve(dir.path(), "/backlog/", "/backlog?q=x");
        assert_eq!(resolved, Resolved::Redirect("/backlog/?q=x".to_string()));
    }

    #[test]
    fn content_types_follow_the_extension() {
        let cases = [
            ("a.wasm", "application/wasm"),
            ("a.js", "text/javascript"),
            ("a.css", "text/css"),
            ("a.json", "application/json"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.svg", "image/svg+xml"),
            ("a.html", "text/html; charset=utf-8"),
            ("feed.xml", "application/xml"),
            ("feed.atom", "application/atom+xml"),
            ("a", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type(Path::new(name)), expected, "file {name}");
        }
    }

    #[test]
    fn hashed_files_are_immutable() {
        let immutable = "public, max-age=31536000, immutable";
        for name in [
            "dpg-backlog-1f2e3d4c5b6a7980_bg.wasm",
            "dpg-backlog-1f2e3d4c5b6a7980.js",
            "main-f2e3d4c5b6a7980.css",
        ] {
            assert_eq!(cache_control(Path::new(name)), immutable, "file {name}");
        }
    }

    #[test]
    fn unhashed_files_are_revalidated() {
        for name in [
            "index.html",
            "backlog.json",
            "primero.png",
            "dpg-backlog.js",
            "x-2021.css",
            "a-1f2e3d4c5b6a79801.js",
        ] {
            assert_eq!(cache_control(Path::new(name)), "no-cache", "file {name}");
        }
    }
}
