//! The card of one good on the home page, and the About highlight.

use std::sync::Arc;

use backlog_core::search::Snippet;
use backlog_core::text::format_date;
use backlog_core::Entry;
use leptos::prelude::*;

use crate::data::Library;

use crate::components::tag_list::{TagLinks, TechnologyList};
use crate::config::Config;

/// Most matching projects listed in a card.
const MAX_PROJECT_HITS: usize = 3;

/// The card of the good at `position` in the backlog; while searching it
/// lists the projects that match.
#[component]
pub fn Card(
    position: usize,
    matched_projects: Vec<usize>,
    query: Memo<String>,
    library: Arc<Library>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let entry = &library.backlog.entries[position];
    let href = config.entry_href(&entry.slug);
    let query = query.get_untracked();
    let hits = project_hits(&config, entry, &matched_projects, &query, &library);
    let projects = match entry.projects.len() {
        1 => "1 project".to_string(),
        count => format!("{count} projects"),
    };

    view! {
        <article class="card">
            {cover_image(&config, entry, ImageSlot::Card)}
            <div class="card-body">
                <h2><a href=href>{entry.title.clone()}</a></h2>
                <p class="card-meta">
                    <span class="project-count">{projects}</span>
                    " · "
                    <time datetime=entry.date.clone()>{format_date(&entry.date)}</time>
                </p>
                {if hits.is_empty() {
                    view! { <p class="excerpt">{entry.excerpt.clone()}</p> }.into_any()
                } else {
                    view! { <ul class="project-hits" aria-label="Matching projects">{hits}</ul> }.into_any()
                }}
                <TechnologyList technologies=entry.technologies.clone() />
                <TagLinks tags=entry.tags.clone() />
            </div>
        </article>
    }
}

/// Lists the best matching projects with a snippet each, linking to the
/// project's anchor.
fn project_hits(
    config: &Config,
    entry: &Entry,
    matched: &[usize],
    query: &str,
    library: &Library,
) -> Vec<AnyView> {
    matched
        .iter()
        .take(MAX_PROJECT_HITS)
        .filter_map(|&position| {
            entry
                .projects
                .get(position)
                .map(|project| (position, project))
        })
        .map(|(position, project)| {
            let anchor = Entry::project_anchor(project.number);
            let href = format!("{}#{anchor}", config.entry_href(&entry.slug));
            let snippet = library.index.snippet(entry, Some(position), query);
            view! {
                <li>
                    <a href=href>{format!("Project {}: {}", project.number, project.title)}</a>
                    <p class="snippet">{highlighted(&snippet)}</p>
                </li>
            }
            .into_any()
        })
        .collect()
}

/// Splits a snippet into text and `<mark>` parts. Text is inserted as text
/// nodes, so markup in content or in the query shows as typed.
fn highlighted(snippet: &Snippet) -> Vec<AnyView> {
    let mut parts = Vec::new();
    let mut position = 0;
    for range in &snippet.highlights {
        let in_order = range.start >= position && range.end <= snippet.text.len();
        let on_boundaries =
            snippet.text.is_char_boundary(range.start) && snippet.text.is_char_boundary(range.end);
        if !(in_order && on_boundaries) {
            continue;
        }
        parts.push(snippet.text[position..range.start].to_string().into_any());
        let marked = snippet.text[range.clone()].to_string();
        parts.push(view! { <mark>{marked}</mark> }.into_any());
        position = range.end;
    }
    parts.push(snippet.text[position..].to_string().into_any());
    parts
}

/// The About entry, highlighted above the goods as on the original site.
#[component]
pub fn AboutCard(entry: Entry) -> impl IntoView {
    let config = expect_context::<Config>();
    let title_id = config.id("about-title");
    let labelled_by = title_id.clone();

    view! {
        <section class="about-card" aria-labelledby=labelled_by>
            <h2 id=title_id><a href=config.entry_href(&entry.slug)>{entry.title.clone()}</a></h2>
            <p>{entry.excerpt.clone()}</p>
        </section>
    }
}

/// Where an image sits, which decides its sizes and loading priority.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ImageSlot {
    /// A card in the grid of goods, often below the fold.
    Card,
    /// The cover at the top of an entry page, usually its largest paint.
    Cover,
}

/// Returns the entry's image with its size set and its WebP variants in
/// `srcset`, or nothing without an image. The image is decorative next to
/// the title, so its text is empty.
pub fn cover_image(config: &Config, entry: &Entry, slot: ImageSlot) -> Option<impl IntoView> {
    let name = entry.image.as_ref()?;
    let original = format!(
        "{}{}",
        config.images_url,
        backlog_core::route::percent_encode(name)
    );
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    let variant = |width: u32| {
        let file = backlog_core::route::percent_encode(&format!("{stem}-{width}.webp"));
        format!("{}{file}", config.images_url)
    };
    let srcset = entry
        .image_widths
        .iter()
        .map(|&width| format!("{} {width}w", variant(width)))
        .collect::<Vec<_>>()
        .join(", ");
    // The smallest variant is the fallback: browsers without `srcset`
    // support are rare, and the original can weigh megabytes.
    let src = entry
        .image_widths
        .first()
        .map_or(original, |&width| variant(width));
    let (class, sizes, loading, priority) = match slot {
        ImageSlot::Card => (
            "card-image",
            "(min-width: 72em) 22em, (min-width: 44em) 45vw, 100vw",
            "lazy",
            "auto",
        ),
        ImageSlot::Cover => (
            "cover-image",
            "(min-width: 50em) 48em, 100vw",
            "eager",
            "high",
        ),
    };
    Some(view! {
        <img
            class=class
            src=src
            srcset=(!srcset.is_empty()).then_some(srcset)
            sizes=sizes
            alt=""
            width=entry.image_width
            height=entry.image_height
            loading=loading
            fetchpriority=priority
            decoding="async"
        />
    })
}
