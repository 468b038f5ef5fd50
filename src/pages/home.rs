//! The home page: the About highlight, search and tag filters, and one card
//! per matching good, newest first.

use std::sync::Arc;

use backlog_core::route::{Filters, Page, Route};
use backlog_core::search::{sort_results, SortOrder, TagMode};
use leptos::prelude::*;

use crate::components::card::{AboutCard, Card};
use crate::components::filters::{SearchBox, SortSelect, TagFilter};
use crate::config::Config;
use crate::data::Library;
use crate::router::{HistoryMode, Router};

/// Cards rendered at first, and added by each "Show more". Twelve fill
/// several screens of a phone and four rows of a wide screen, and each
/// keystroke of a search redraws at most this many cards.
const PAGE_SIZE: usize = 12;

/// New cards drawn in the frame of a keystroke; the others follow in the
/// next frame. Six fill the first screen of a phone and two rows of a wide
/// screen, and drawing twelve new cards at once can take longer than a
/// frame with 10,000 entries.
const FIRST_FRAME_CARDS: usize = 6;

/// A card of the list: the good's position and its matching projects.
type CardKey = (usize, Vec<usize>);

#[component]
pub fn HomePage(library: Arc<Library>) -> impl IntoView {
    let shown = RwSignal::new(PAGE_SIZE);
    // False from a change of filters until the frame that shows it has been
    // painted, while only the first cards are new.
    let settled = RwSignal::new(true);
    let drawn = StoredValue::new(Vec::<CardKey>::new());

    let config = expect_context::<Config>();
    let router = expect_context::<Router>();
    let max_entries = config.options.max_entries.unwrap_or(usize::MAX);
    let show_search = config.options.show_search;
    let show_tags = config.options.show_tags;
    let chrome = config.shows_chrome();

    let filters = Memo::new(move |_| router.route.with(|route| route.filters.clone()));
    let search_library = library.clone();
    let results = Memo::new(move |_| {
        filters.with(|f| {
            let entries = &search_library.backlog.entries;
            let order = f.sort.unwrap_or(SortOrder::Relevance);
            // By relevance only the cards shown, and the best `max_entries`
            // kept below, need to be in order. Other orders break ties by
            // relevance, so they need all of it.
            let ordered = match order {
                SortOrder::Relevance if max_entries == usize::MAX => shown.get(),
                SortOrder::Relevance => shown.get().max(max_entries),
                _ => usize::MAX,
            };
            let index = &search_library.index;
            let mut results = index.results_best_first(entries, &f.query, &f.tags, f.mode, ordered);
            sort_results(entries, &mut results, order);
            results.truncate(max_entries);
            results
        })
    });
    let matches = Memo::new(move |_| {
        results.with(|r| r.iter().map(|result| result.entry).collect::<Vec<_>>())
    });
    let query = Memo::new(move |_| filters.with(|f| f.query.clone()));
    let count_library = library.clone();
    let tag_counts = Memo::new(move |_| {
        let f = filters.get();
        // With "any", a tag's count is how many goods selecting it would
        // add, so it counts over the search alone.
        // Without selected tags that is the list shown, already searched.
        let counted = match f.mode {
            TagMode::Any if !f.tags.is_empty() => {
                let entries = &count_library.backlog.entries;
                count_library
                    .index
                    .filter(entries, &f.query, &[], TagMode::Any)
            }
            TagMode::Any | TagMode::All => matches.get(),
        };
        count_library.index.tag_counts(&counted)
    });
    let total = library.backlog.entries.len().min(max_entries);
    let about_href = library
        .backlog
        .about
        .as_ref()
        .map(|about| config.entry_href(&about.slug));
    let form_action = config.href("");
    let set_filters = Callback::new(move |(next, mode): (Filters, HistoryMode)| {
        shown.set(PAGE_SIZE);
        settled.set(false);
        request_animation_frame(move || {
            set_timeout(move || settled.set(true), std::time::Duration::ZERO)
        });
        let route = Route {
            page: Page::Home,
            filters: next,
        };
        router.navigate(&config, route, None, mode);
    });
    let clear = move |_| set_filters.run((Filters::default(), HistoryMode::Push));

    // The cards to draw: the first `shown` results, except that until the
    // change is painted, new cards past the first few wait a frame.
    let visible = move || {
        let keys: Vec<CardKey> = results.with(|results| {
            let limit = shown.get().min(results.len());
            results[..limit]
                .iter()
                .map(|result| (result.entry, result.projects.clone()))
                .collect()
        });
        let keys: Vec<CardKey> = if settled.get() {
            keys
        } else {
            drawn.with_value(|drawn| {
                keys.into_iter()
                    .enumerate()
                    .filter(|(index, key)| *index < FIRST_FRAME_CARDS || drawn.contains(key))
                    .map(|(_, key)| key)
                    .collect()
            })
        };
        drawn.set_value(keys.clone());
        keys
    };
    let count_text = move || {
        let found = matches.with(Vec::len);
        let noun = if total == 1 { "good" } else { "goods" };
        format!("{found} of {total} {noun}")
    };
    // The About page is not a good, but a search for its words should
    // still lead to it.
    let about_library = library.clone();
    let about_match = move || {
        let query = query.get();
        let about = about_library.backlog.about.as_ref()?;
        let found = !query.trim().is_empty()
            && !about_library
                .about_index
                .results(
                    about_library.backlog.about.as_slice(),
                    &query,
                    &[],
                    TagMode::Any,
                )
                .is_empty();
        found.then(|| (about_href.clone().unwrap_or_default(), about.title.clone()))
    };
    let remaining = move || matches.with(Vec::len).saturating_sub(shown.get());
    let snippet_library = StoredValue::new(library.clone());

    view! {
        <div class="home">
            <div class="intro">
                <h1 tabindex="-1">"Digital Public Goods Backlog"</h1>
                <p class="tagline">
                    "Features from the roadmaps of digital public goods that a team can build in one to three months."
                </p>
            </div>
            {library.backlog.about.clone().filter(|_| chrome).map(|about| view! { <AboutCard entry=about /> })}
            // Before the app runs, or without JavaScript, the form loads the
            // home page with the search in its address. Once the app runs, it
            // filters as the reader types, so submitting does nothing.
            <form class="filters" role="search" action=form_action method="get" on:submit=|event| event.prevent_default()>
                {show_search.then(|| view! { <SearchBox filters=filters set_filters=set_filters /> })}
                {show_tags.then(|| view! { <TagFilter filters=filters counts=tag_counts set_filters=set_filters /> })}
                <SortSelect filters=filters set_filters=set_filters />
            </form>
            <p class="result-count" role="status">{count_text}</p>
            {move || about_match().map(|(href, title)| view! {
                <p class="about-match">"Also found on the page "<a href=href>{title}</a>"."</p>
            })}
            {(library.skipped > 0).then(|| view! {
                <p class="data-warning">
                    {match library.skipped {
                        1 => "1 entry of the data could not be read and is not shown.".to_string(),
                        count => format!("{count} entries of the data could not be read and are not shown."),
                    }}
                </p>
            })}
            <Show
                when=move || !matches.with(Vec::is_empty)
                fallback=move || view! {
                    <div class="empty-result">
                        <p>"No goods match these filters."</p>
                        <button type="button" on:click=clear>"Clear filters"</button>
                    </div>
                }
            >
                <ul class="cards">
                    <For
                        each=visible
                        key=|(position, projects)| (*position, projects.clone())
                        children=move |(position, projects)| {
                            let library = snippet_library.get_value();
                            view! { <li><Card position matched_projects=projects query library /></li> }
                        }
                    />
                </ul>
                <Show when=move || { remaining() > 0 }>
                    <button type="button" class="show-more" on:click=move |_| shown.update(|n| *n += PAGE_SIZE)>
                        {move || format!("Show {} more", remaining().min(PAGE_SIZE))}
                    </button>
                </Show>
            </Show>
        </div>
    }
}
