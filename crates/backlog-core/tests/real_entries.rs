//! Imports the repository's own `content/_posts` with `content/img` and
//! checks the values the entries contain, so a change to the importer that
//! loses or alters real content fails here.

#![cfg(feature = "import")]

mod common;

use backlog_core::import::import_folder;
use backlog_core::{Backlog, Entry};

use common::{images_dir, posts_dir, TempFolder};

fn import_content() -> Backlog {
    match import_folder(&posts_dir(), Some(&images_dir())) {
        Ok(backlog) => backlog,
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("content/_posts failed to import:\n{}", lines.join("\n"));
        }
    }
}

fn entry<'a>(backlog: &'a Backlog, slug: &str) -> &'a Entry {
    backlog
        .entries
        .iter()
        .find(|entry| entry.slug == slug)
        .unwrap_or_else(|| panic!("no good with slug `{slug}`"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[test]
fn goods_are_newest_first() {
    let backlog = import_content();
    let slugs: Vec<&str> = backlog
        .entries
        .iter()
        .map(|entry| entry.slug.as_str())
        .collect();
    assert_eq!(
        slugs,
        ["opencrvs", "storyweaver", "curiouslearning", "primero"]
    );
}

#[test]
fn about_is_apart_from_goods() {
    let backlog = import_content();
    let about = backlog.about.as_ref().expect("no About entry");
    assert_eq!(about.slug, "backlog");
    assert_eq!(about.title, "About the Backlog");
    assert!(about.tags.is_empty(), "About has tags {:?}", about.tags);
    assert!(about.projects.is_empty());
    assert!(backlog.entries.iter().all(|entry| entry.slug != "backlog"));
}

#[test]
fn about_caption_keeps_raw_html_links() {
    let backlog = import_content();
    let caption = backlog
        .about
        .as_ref()
        .and_then(|about| about.caption.as_deref());
    let caption = caption.expect("About has no caption");
    let expected_links = [
        r#"<a href="https://www.flickr.com/photos/54258032@N00/2346458810" target="_blank">Backlog</a>"#,
        r#"<a href="https://www.flickr.com/photos/54258032@N00" target="_blank">Aeioux</a>"#,
        r#"<a href="https://creativecommons.org/licenses/by-nc/2.0/?ref=ccsearch&atype=rich" target="_blank">CC BY-NC 2.0</a>"#,
    ];
    for link in expected_links {
        assert!(caption.contains(link), "caption {caption:?} lacks {link:?}");
    }
}

#[test]
fn primero_fields() {
    let backlog = import_content();
    let primero = entry(&backlog, "primero");
    assert_eq!(primero.title, "Primero");
    assert_eq!(primero.date, "2021-02-15T13:32:20+03:00");
    assert_eq!(
        primero.tags,
        strings(&["Children", "Gender Equality", "Humanitarian"])
    );
    assert_eq!(
        primero.technologies,
        strings(&["Ruby on Rails", "Postgres", "Docker"])
    );
    assert_eq!(primero.image.as_deref(), Some("primero.png"));
    assert_eq!(primero.source, "2021-02-15-primero.md");
}

#[test]
fn primero_caption_drops_yaml_comment() {
    let backlog = import_content();
    let caption = entry(&backlog, "primero").caption.as_deref();
    let expected = r#"Photo by <a href="https://www.curiouslearning.org/new-page-1" target="_blank">Tinsley Galyean</a>"#;
    assert_eq!(caption, Some(expected));
}

#[test]
fn primero_overview_links() {
    let backlog = import_content();
    let links = &entry(&backlog, "primero").links;
    assert_eq!(links.website.as_deref(), Some("https://www.primero.org"));
    let registry = "https://digitalpublicgoods.net/registry/primero.html";
    assert_eq!(links.registry.as_deref(), Some(registry));
    assert_eq!(
        links.repositories,
        strings(&["https://github.com/primeroIMS/primero"])
    );
}

#[test]
fn primero_projects() {
    let backlog = import_content();
    let projects = &entry(&backlog, "primero").projects;
    let numbers: Vec<u32> = projects.iter().map(|project| project.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let titles: Vec<&str> = projects
        .iter()
        .map(|project| project.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Primero Platform integration with RapidPro",
            "Develop Primero GDPR compliance tools",
            "Primero user customization package",
            "Integrate Rapid Pro Courier Message Broker Module with Primero",
        ]
    );
    let tech_stack = "Ruby on Rails, Linux, comfortable with working on the Primero API";
    assert_eq!(projects[0].tech_stack.as_deref(), Some(tech_stack));
}

#[test]
fn primero_project_four_repositories() {
    let backlog = import_content();
    let project = &entry(&backlog, "primero").projects[3];
    let expected = strings(&[
        "https://github.com/nyaruka/courier",
        "https://rapidpro.github.io/rapidpro/docs/development/",
        "https://github.com/primeroIMS/primero/tree/development_v2",
    ]);
    assert_eq!(project.repositories, expected);
}

#[test]
fn storyweaver_project_one_fields() {
    let backlog = import_content();
    let project = &entry(&backlog, "storyweaver").projects[0];
    assert_eq!(project.title, "SDK for StoryWeaver reader experience");
    let deliverable = "SDK for reader experience with a dummy Android app using the SDK for the \
                       currently available PWA reader experience";
    assert_eq!(project.deliverable.as_deref(), Some(deliverable));
    let impact = "The easy to use web reader experience availability via SDK would encourage \
                  developers on mobile platforms to recreate the seamless reading experience on \
                  mobile.";
    assert_eq!(project.expected_impact.as_deref(), Some(impact));
    assert!(project
        .description
        .starts_with("StoryWeaver progressive web app (PWA)"));
    assert!(
        !project.description.contains("Expected Impact"),
        "{}",
        project.description
    );
}

#[test]
fn storyweaver_nested_repository_links() {
    let backlog = import_content();
    let storyweaver = entry(&backlog, "storyweaver");
    let expected = strings(&[
        "https://github.com/PrathamBooks/sw-core",
        "https://github.com/PrathamBooks/sw-web",
    ]);
    assert_eq!(storyweaver.links.repositories, expected);
}

#[test]
fn empty_caption_is_none() {
    let backlog = import_content();
    assert_eq!(entry(&backlog, "storyweaver").caption, None);
    assert_eq!(entry(&backlog, "opencrvs").caption, None);
}

#[test]
fn opencrvs_six_technologies() {
    let backlog = import_content();
    let expected = strings(&[
        "Typescript",
        "React and Redux",
        "NodeJS",
        "GraphQL",
        "FHIR",
        "MongoDB",
    ]);
    assert_eq!(entry(&backlog, "opencrvs").technologies, expected);
}

#[test]
fn curiouslearning_project_two_title() {
    let backlog = import_content();
    let projects = &entry(&backlog, "curiouslearning").projects;
    let expected = "H5P version of the Curious Reader authoring tool and rebuilding an existing \
                    Read With Akili story as and H5P capable app";
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[1].title, expected);
}

#[test]
fn excerpts_are_plain_text() {
    let backlog = import_content();
    let all = backlog.about.iter().chain(&backlog.entries);
    for entry in all {
        let excerpt = &entry.excerpt;
        assert!(!excerpt.is_empty(), "{}: empty excerpt", entry.slug);
        for markup in ["<", ">", "**", "](", "&nbsp;", "\n"] {
            assert!(
                !excerpt.contains(markup),
                "{}: excerpt {excerpt:?} has {markup:?}",
                entry.slug
            );
        }
    }
}

#[test]
fn primero_excerpt_drops_link_markup() {
    let backlog = import_content();
    let excerpt = &entry(&backlog, "primero").excerpt;
    assert!(
        excerpt.starts_with("Primero™ is an open source software platform"),
        "{excerpt}"
    );
}

/// A change applied to the bytes of every entry file.
type Transform = fn(&[u8]) -> Vec<u8>;

/// Copies every entry into a temporary folder, changed by `transform`, and
/// imports the copies with the real images.
fn import_transformed(label: &str, transform: Transform) -> Backlog {
    let folder = TempFolder::new(label);
    for item in std::fs::read_dir(posts_dir()).expect("content/_posts is not readable") {
        let path = item.expect("content/_posts is not readable").path();
        let bytes = std::fs::read(&path).expect("an entry is not readable");
        let name = path
            .file_name()
            .expect("an entry has no file name")
            .to_string_lossy();
        folder.write(&name, transform(&bytes));
    }
    match import_folder(folder.path(), Some(&images_dir())) {
        Ok(backlog) => backlog,
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("{label} copies failed to import:\n{}", lines.join("\n"));
        }
    }
}

fn with_byte_order_mark(bytes: &[u8]) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), bytes].concat()
}

fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).expect("an entry is not UTF-8");
    text.replace("\r\n", "\n")
        .replace('\n', "\r\n")
        .into_bytes()
}

fn with_both(bytes: &[u8]) -> Vec<u8> {
    with_byte_order_mark(&with_crlf(bytes))
}

#[test]
fn byte_order_mark_and_crlf_change_nothing() {
    let original = import_content();
    let variants: [(&str, Transform); 3] = [
        ("bom", with_byte_order_mark),
        ("crlf", with_crlf),
        ("bom-crlf", with_both),
    ];
    for (label, transform) in variants {
        let copy = import_transformed(label, transform);
        assert_eq!(copy, original, "{label} copies import to other values");
    }
}
