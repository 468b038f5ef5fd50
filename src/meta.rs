//! The title and description of each page, for the document title, and
//! for the meta and Open Graph tags of prerendered pages.

use backlog_core::route::{Page, Route};

use crate::data::Library;

/// Name of the site, the suffix of every page title.
pub const SITE_NAME: &str = "Digital Public Goods Backlog";

const SITE_DESCRIPTION: &str = "Features from the roadmaps of digital public goods that a team \
                                can build in one to three months.";

/// Metadata a page gives browsers, search engines and link previews.
#[derive(Clone, Debug, PartialEq)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Image file name in the site's `img/` folder, for link previews.
    pub image: Option<String>,
}

/// Returns the title, description and preview image of the page `route` names.
pub fn page_meta(route: &Route, library: &Library) -> PageMeta {
    let site = |title: &str| format!("{title} · {SITE_NAME}");
    match &route.page {
        Page::Home => PageMeta {
            title: SITE_NAME.to_string(),
            description: SITE_DESCRIPTION.to_string(),
            image: library
                .backlog
                .about
                .as_ref()
                .and_then(|about| about.image.clone()),
        },
        Page::Tags => PageMeta {
            title: site("Tags"),
            description: "Every tag of the backlog with the digital public goods that carry it."
                .to_string(),
            image: None,
        },
        Page::Entry(slug) => match library.backlog.find(slug) {
            Some(entry) => PageMeta {
                title: site(&entry.title),
                description: if entry.excerpt.is_empty() {
                    SITE_DESCRIPTION.to_string()
                } else {
                    entry.excerpt.clone()
                },
                image: entry.image.clone(),
            },
            None => not_found(&site),
        },
        Page::Embed => PageMeta {
            title: site("Embed the backlog"),
            description: "Show the backlog on your own site, in an iframe or as a widget."
                .to_string(),
            image: None,
        },
        Page::NotFound => not_found(&site),
    }
}

fn not_found(site: &dyn Fn(&str) -> String) -> PageMeta {
    PageMeta {
        title: site("Page not found"),
        description: SITE_DESCRIPTION.to_string(),
        image: None,
    }
}
