//! Tags and technologies shown as small lists; tags link to the filtered list.

use backlog_core::route::{filters_query_string, Filters};
use leptos::prelude::*;

use crate::config::Config;

/// Returns the URL of the list filtered by one tag.
pub fn tag_href(config: &Config, tag: &str) -> String {
    let filters = Filters {
        tags: vec![tag.to_string()],
        ..Filters::default()
    };
    config.href(&format!("?{}", filters_query_string(&filters)))
}

#[component]
pub fn TagLinks(tags: Vec<String>) -> impl IntoView {
    let config = expect_context::<Config>();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tag-list" aria-label="Tags">
                {tags
                    .into_iter()
                    .map(|tag| view! { <li><a href=tag_href(&config, &tag)>{tag.clone()}</a></li> })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn TechnologyList(technologies: Vec<String>) -> impl IntoView {
    (!technologies.is_empty()).then(|| {
        view! {
            <ul class="technology-list" aria-label="Technologies">
                {technologies.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
            </ul>
        }
    })
}
