//! The card of one good on the home page, and the About highlight.

use backlog_core::text::format_date;
use backlog_core::Entry;
use leptos::prelude::*;

use crate::components::tag_list::{TagLinks, TechnologyList};
use crate::config::Config;

#[component]
pub fn Card(entry: Entry) -> impl IntoView {
    let config = expect_context::<Config>();
    let href = config.href(&entry.slug);
    let projects = match entry.projects.len() {
        1 => "1 project".to_string(),
        count => format!("{count} projects"),
    };

    view! {
        <article class="card">
            {cover_image(&config, &entry, "card-image")}
            <div class="card-body">
                <h2><a href=href>{entry.title.clone()}</a></h2>
                <p class="card-meta">
                    <span class="project-count">{projects}</span>
                    " · "
                    <time datetime=entry.date.clone()>{format_date(&entry.date)}</time>
                </p>
                <p class="excerpt">{entry.excerpt.clone()}</p>
                <TechnologyList technologies=entry.technologies.clone() />
                <TagLinks tags=entry.tags.clone() />
            </div>
        </article>
    }
}

/// The About entry, highlighted above the goods as on the original site.
#[component]
pub fn AboutCard(entry: Entry) -> impl IntoView {
    let config = expect_context::<Config>();
    let title_id = config.id("about-title");
    let labelled_by = title_id.clone();

    view! {
        <section class="about-card" aria-labelledby=labelled_by>
            <h2 id=title_id><a href=config.href(&entry.slug)>{entry.title.clone()}</a></h2>
            <p>{entry.excerpt.clone()}</p>
        </section>
    }
}

/// Returns the entry's image with its size set, or nothing without one.
/// The image is decorative next to the title, so its text is empty.
pub fn cover_image(config: &Config, entry: &Entry, class: &'static str) -> Option<impl IntoView> {
    let name = entry.image.as_ref()?;
    let src = format!(
        "{}{}",
        config.images_url,
        backlog_core::route::percent_encode(name)
    );
    Some(view! {
        <img
            class=class
            src=src
            alt=""
            width=entry.image_width
            height=entry.image_height
            loading="lazy"
            decoding="async"
        />
    })
}
