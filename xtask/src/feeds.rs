//! Files for search engines and feed readers, written by the post-build step
//! next to `backlog.json`: `sitemap.xml`, `robots.txt` and the Atom feed
//! `feed.xml`, all with absolute URLs.

use std::path::Path;

use anyhow::{bail, Context, Result};
use backlog_core::route::{Page, Route};
use backlog_core::{Backlog, Entry, LoadedBacklog};

/// Origin of the public site, used when `BACKLOG_SITE_URL` is not set.
pub const DEFAULT_SITE_URL: &str = "https://backlog.digitalpublicgoods.net/";
const FEED_TITLE: &str = "Digital Public Goods Backlog";
const FEED_SUBTITLE: &str = "Features from the roadmaps of digital public goods that a team can \
                             build in one to three months.";
const FEED_AUTHOR: &str = "Digital Public Goods Alliance and UNICEF";

/// Writes `sitemap.xml`, `robots.txt` and `feed.xml` into `dir` from the
/// `backlog.json` there. The site URL comes from `BACKLOG_SITE_URL` (default
/// [`DEFAULT_SITE_URL`]) joined with trunk's `TRUNK_PUBLIC_URL`.
pub fn write_feeds(dir: &Path) -> Result<()> {
    let data = dir.join("backlog.json");
    let text = std::fs::read_to_string(&data).with_context(|| {
        format!(
            "cannot read {}; run `cargo xtask build` first",
            data.display()
        )
    })?;
    let loaded = LoadedBacklog::from_json(&text)
        .with_context(|| format!("cannot use {}", data.display()))?;
    if loaded.skipped > 0 {
        eprintln!(
            "warning: {} entries of {} do not match the schema and are left out of the \
             sitemap and feed; rebuild it with `cargo xtask build`",
            loaded.skipped,
            data.display()
        );
    }
    let site = crate::post_build::site_url(&crate::post_build::public_path())?;

    let backlog = &loaded.backlog;
    write(&dir.join("sitemap.xml"), &sitemap(backlog, &site))?;
    write(&dir.join("robots.txt"), &robots(&site))?;
    write(&dir.join("feed.xml"), &atom_feed(backlog, &site))?;
    println!("wrote sitemap.xml, robots.txt and feed.xml for {site}");
    Ok(())
}

/// Joins a site URL with trunk's public URL path into the absolute URL of
/// the site's root folder, ending with `/`.
///
/// The path is not added again when the site URL already ends with it, so
/// `https://example.org/backlog/` with `/backlog/` stays as it is. A public
/// URL that is itself absolute is used alone.
pub fn site_url(site: &str, public_url: &str) -> Result<String> {
    if is_absolute_url(public_url) {
        return Ok(with_trailing_slash(public_url));
    }
    if !is_absolute_url(site) {
        bail!("invalid site URL `{site}`: expected an absolute URL such as {DEFAULT_SITE_URL}");
    }
    let site = with_trailing_slash(site);
    let path = public_url.trim_matches('/');
    if path.is_empty() {
        return Ok(site);
    }
    let path = format!("/{path}/");
    if site.ends_with(&path) {
        Ok(site)
    } else {
        Ok(format!("{}{path}", site.trim_end_matches('/')))
    }
}

fn is_absolute_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && text
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty())
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Returns the absolute URL of a page. Pages other than home end with `/`,
/// like the canonical URLs of the prerendered `<path>/index.html` files, so
/// static hosts serve them without a redirect.
pub fn page_url(site: &str, page: Page) -> String {
    let route = Route {
        page,
        ..Route::default()
    };
    let path = route.to_relative_url();
    if path.is_empty() {
        site.to_string()
    } else {
        format!("{site}{path}/")
    }
}

fn entry_url(site: &str, entry: &Entry) -> String {
    page_url(site, Page::Entry(entry.slug.clone()))
}

/// Returns the sitemap: the home page, the tags page and every entry, the
/// About entry included, each entry with its date as `lastmod`.
pub fn sitemap(backlog: &Backlog, site: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in [Page::Home, Page::Tags] {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_xml(&page_url(site, page))
        ));
    }
    for entry in backlog.about.iter().chain(&backlog.entries) {
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
            escape_xml(&entry_url(site, entry)),
            escape_xml(&entry.date)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Returns `robots.txt`: every crawler may fetch every page, and the sitemap
/// is named.
///
/// Crawlers read `robots.txt` only at the root of a host, so a site under a
/// sub-path needs this `Sitemap` line in the host's own file.
pub fn robots(site: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {site}sitemap.xml\n")
}

/// Returns the Atom feed (RFC 4287) of the goods, newest first, without
/// the About entry.
pub fn atom_feed(backlog: &Backlog, site: &str) -> String {
    // The importer sorts the goods newest first, so the first date is the latest.
    let updated = backlog
        .entries
        .first()
        .or(backlog.about.as_ref())
        .map_or("1970-01-01T00:00:00Z", |entry| entry.date.as_str());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         \x20 <title>{title}</title>\n\
         \x20 <subtitle>{subtitle}</subtitle>\n\
         \x20 <link href=\"{feed}\" rel=\"self\" type=\"application/atom+xml\"/>\n\
         \x20 <link href=\"{home}\" rel=\"alternate\" type=\"text/html\"/>\n\
         \x20 <id>{home}</id>\n\
         \x20 <updated>{updated}</updated>\n\
         \x20 <author><name>{author}</name></author>\n",
        title = escape_xml(FEED_TITLE),
        subtitle = escape_xml(FEED_SUBTITLE),
        feed = escape_xml(&format!("{site}feed.xml")),
        home = escape_xml(site),
        updated = escape_xml(updated),
        author = escape_xml(FEED_AUTHOR),
    );
    for entry in &backlog.entries {
        let url = escape_xml(&entry_url(site, entry));
        xml.push_str(&format!(
            "  <entry>\n\
             \x20   <title>{title}</title>\n\
             \x20   <link href=\"{url}\" rel=\"alternate\" type=\"text/html\"/>\n\
             \x20   <id>{url}</id>\n\
             \x20   <updated>{updated}</updated>\n\
             \x20   <summary>{summary}</summary>\n",
            title = escape_xml(&entry.title),
            updated = escape_xml(&entry.date),
            summary = escape_xml(&entry.excerpt),
        ));
        for tag in &entry.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", escape_xml(tag)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Escapes text for XML content and attribute values, and drops the control
/// characters that XML 1.0 does not allow at all (everything below U+0020
/// except tab, line feed and carriage return, and U+FFFE, U+FFFF).
pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => escaped.push(character),
        }
    }
    escaped
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, title: &str, date: &str, excerpt: &str, tags: &[&str]) -> Entry {
        let json = serde_json::json!({
            "slug": slug,
            "title": title,
            "date": date,
            "excerpt": excerpt,
            "tags": tags,
        });
        serde_json::from_value(json).unwrap()
    }

    fn backlog() -> Backlog {
        Backlog {
            schema_version: backlog_core::model::SCHEMA_VERSION,
            revision: None,
            about: Some(entry(
                "about",
                "About",
                "2020-01-01T00:00:00+00:00",
                "",
                &[],
            )),
            entries: vec![
                entry(
                    "primero",
                    "Primero & <Friends>",
                    "2021-02-15T13:32:20+03:00",
                    "Case \"management\" for children's services",
                    &["Children", "R&D"],
                ),
                entry(
                    "open crvs",
                    "OpenCRVS",
                    "2021-02-01T10:00:00+00:00",
                    "",
                    &[],
                ),
            ],
        }
    }

    #[test]
    fn escape_replaces_markup_characters() {
        assert_eq!(
            escape_xml(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;"
        );
    }

    #[test]
    fn escape_encodes_entities_again() {
        assert_eq!(escape_xml("&amp;"), "&amp;amp;");
    }

    #[test]
    fn escape_drops_characters_xml_forbids() {
        assert_eq!(escape_xml("a\u{0}b\u{1b}c\u{ffff}d"), "abcd");
        assert_eq!(escape_xml("tab\tline\nreturn\r"), "tab\tline\nreturn\r");
        assert_eq!(escape_xml("Zaʿatari · café 🌍"), "Zaʿatari · café 🌍");
    }

    #[test]
    fn site_url_joins_the_public_path() {
        let cases = [
            ("https://example.org/", "/", "https://example.org/"),
            ("https://example.org", "/", "https://example.org/"),
            ("https://example.org/", "", "https://example.org/"),
            (
                "https://example.org/",
                "/backlog/",
                "https://example.org/backlog/",
            ),
            (
                "https://example.org",
                "backlog",
                "https://example.org/backlog/",
            ),
            ("https://example.org/", "/a/b/", "https://example.org/a/b/"),
            (
                "https://example.org/backlog/",
                "/backlog/",
                "https://example.org/backlog/",
            ),
            (
                "https://example.org/backlog",
                "/backlog/",
                "https://example.org/backlog/",
            ),
            (
                "https://example.org/",
                "https://cdn.example.org/x",
                "https://cdn.example.org/x/",
            ),
            (
                "http://127.0.0.1:8080/",
                "/backlog/",
                "http://127.0.0.1:8080/backlog/",
            ),
        ];
        for (site, public_url, expected) in cases {
            assert_eq!(
                site_url(site, public_url).unwrap(),
                expected,
                "site {site:?} with public URL {public_url:?}"
            );
        }
    }

    #[test]
    fn site_url_must_be_absolute() {
        assert!(site_url("example.org", "/").is_err());
        assert!(site_url("/backlog/", "/").is_err());
        assert!(site_url("https://", "/").is_err());
    }

    #[test]
    fn page_urls_follow_the_app_routes() {
        let site = "https://example.org/backlog/";
        assert_eq!(page_url(site, Page::Home), site);
        assert_eq!(
            page_url(site, Page::Tags),
            "https://example.org/backlog/tags/"
        );
        assert_eq!(
            page_url(site, Page::Entry("open crvs".into())),
            "https://example.org/backlog/open%20crvs/"
        );
    }

    #[test]
    fn sitemap_lists_home_tags_and_every_entry() {
        let xml = sitemap(&backlog(), "https://example.org/");
        assert!(xml.contains("<loc>https://example.org/</loc>"), "{xml}");
        assert!(
            xml.contains("<loc>https://example.org/tags/</loc>"),
            "{xml}"
        );
        assert!(
            xml.contains("<loc>https://example.org/about/</loc>"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<loc>https://example.org/primero/</loc><lastmod>2021-02-15T13:32:20+03:00</lastmod>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<loc>https://example.org/open%20crvs/</loc>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<url>").count(), 5);
    }

    #[test]
    fn feed_has_escaped_goods_without_about() {
        let xml = atom_feed(&backlog(), "https://example.org/");
        assert!(
            xml.contains("<title>Primero &amp; &lt;Friends&gt;</title>"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<summary>Case &quot;management&quot; for children&apos;s services</summary>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<category term=\"R&amp;D\"/>"), "{xml}");
        assert!(
            xml.contains("<updated>2021-02-15T13:32:20+03:00</updated>"),
            "{xml}"
        );
        assert!(
            xml.contains("<id>https://example.org/primero/</id>"),
            "{xml}"
        );
        assert!(!xml.contains("https://example.org/about"), "{xml}");
        assert_eq!(xml.matches("<entry>").count(), 2);
    }

    #[test]
    fn robots_allows_all_and_names_the_sitemap() {
        assert_eq!(
            robots("https://example.org/backlog/"),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/backlog/sitemap.xml\n"
        );
    }

    #[test]
    fn feeds_are_written_from_backlog_json() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("backlog.json"),
            serde_json::to_string(&backlog()).unwrap(),
        )
        .unwrap();
        write_feeds(dir.path()).unwrap();
        for name in ["sitemap.xml", "robots.txt", "feed.xml"] {
            assert!(dir.path().join(name).is_file(), "{name} is missing");
        }
    }
}
