//! The tags page: every tag with its count and the goods that carry it.

use std::sync::Arc;

use backlog_core::text::tag_key;
use leptos::prelude::*;

use crate::components::tag_list::tag_href;
use crate::config::Config;
use crate::data::Library;

#[component]
pub fn TagsPage(library: Arc<Library>) -> impl IntoView {
    let config = expect_context::<Config>();
    let entries = &library.backlog.entries;
    let all: Vec<usize> = (0..entries.len()).collect();
    let counts = library.index.tag_counts(&all);
    let tag_count = counts.len();

    let sections = counts
        .into_iter()
        .map(|count| {
            let key = tag_key(&count.name);
            let goods: Vec<_> = entries
                .iter()
                .filter(|entry| entry.tags.iter().any(|tag| tag_key(tag) == key))
                .map(|entry| view! { <li><a href=config.entry_href(&entry.slug)>{entry.title.clone()}</a></li> })
                .collect();
            let heading_id = config.id(&format!("tag-{}", backlog_core::route::percent_encode(&key)));
            let labelled_by = heading_id.clone();
            view! {
                <section class="tag-section" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{count.name.clone()}" "<span class="count">{format!("({})", count.count)}</span></h2>
                    <ul>{goods}</ul>
                    <p><a href=tag_href(&config, &count.name)>{format!("Show the goods tagged {}", count.name)}</a></p>
                </section>
            }
        })
        .collect_view();

    view! {
        <div class="tags-page">
            <h1 tabindex="-1">"Tags"</h1>
            <p>{format!("{tag_count} tags across {} goods.", entries.len())}</p>
            {sections}
        </div>
    }
}
