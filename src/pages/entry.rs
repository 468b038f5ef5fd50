//! The page of one entry: cover, overview and its projects, each with a
//! stable `#project-N` anchor.

use backlog_core::markdown::render;
use backlog_core::sanitize::{sanitize_html, UrlBase};
use backlog_core::text::format_date;
use backlog_core::{Entry, Project};
use leptos::prelude::*;

use crate::components::card::{cover_image, ImageSlot};
use crate::components::tag_list::{TagLinks, TechnologyList};
use crate::config::Config;

#[component]
pub fn EntryPage(entry: Entry) -> impl IntoView {
    let config = expect_context::<Config>();
    let pages = config.href("");
    let base = UrlBase {
        images: &config.images_url,
        pages: &pages,
    };
    let overview = render(&entry.overview, &base);
    let caption = entry
        .caption
        .as_deref()
        .map(|caption| sanitize_html(caption, &base));
    let page_href = config.entry_href(&entry.slug);
    let projects = entry
        .projects
        .iter()
        .map(|project| project_section(project, &page_href, &base))
        .collect_view();
    let project_count = match entry.projects.len() {
        0 => None,
        1 => Some("1 project".to_string()),
        count => Some(format!("{count} projects")),
    };

    view! {
        <article class="entry">
            <p class="back-link"><a href=config.href("")>"← All goods"</a></p>
            <h1 tabindex="-1">{entry.title.clone()}</h1>
            <p class="entry-meta">
                <time datetime=entry.date.clone()>{format_date(&entry.date)}</time>
                {project_count.map(|count| view! { " · " {count} })}
            </p>
            <TagLinks tags=entry.tags.clone() />
            {entry.image.is_some().then(|| view! {
                <figure class="cover">
                    {cover_image(&config, &entry, ImageSlot::Cover)}
                    {caption.map(|caption| view! { <figcaption inner_html=caption></figcaption> })}
                </figure>
            })}
            <div class="markdown overview" inner_html=overview></div>
            {(!entry.technologies.is_empty()).then(|| view! {
                <h2 class="technologies-heading">"Technologies"</h2>
                <TechnologyList technologies=entry.technologies.clone() />
            })}
            {projects}
        </article>
    }
}

fn project_section(project: &Project, page_href: &str, base: &UrlBase) -> impl IntoView {
    let anchor = Entry::project_anchor(project.number);
    let heading_id = format!("{anchor}-title");
    let labelled_by = heading_id.clone();
    let href = format!("{page_href}#{anchor}");
    let heading = format!("Project {}: {}", project.number, project.title);
    let body = render(&project.markdown, base);

    view! {
        <section id=anchor.clone() class="project" aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {heading}
                " "
                <a class="anchor" href=href aria-label=format!("Link to project {}", project.number)>"#"</a>
            </h2>
            <div class="markdown" inner_html=body></div>
        </section>
    }
}
