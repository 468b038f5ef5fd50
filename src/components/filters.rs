//! The search box and the tag filter of the home page.

use std::collections::HashMap;

use backlog_core::route::Filters;
use backlog_core::search::{SortOrder, TagCount, TagMode};
use backlog_core::text::tag_key;
use leptos::prelude::*;

use crate::config::Config;
use crate::router::HistoryMode;

/// The search field; each keystroke replaces the URL's `q`.
#[component]
pub fn SearchBox(
    filters: Memo<Filters>,
    set_filters: Callback<(Filters, HistoryMode)>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let input_id = config.id("search");

    let on_input = move |event| {
        let mut next = filters.get_untracked();
        next.query = event_target_value(&event);
        set_filters.run((next, HistoryMode::Replace));
    };

    view! {
        <div class="search-box">
            <label for=input_id.clone()>"Search the backlog"</label>
            <input
                id=input_id
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                placeholder="python, health, offline…"
                prop:value=move || filters.with(|f| f.query.clone())
                on:input=on_input
            />
        </div>
    }
}

/// Tags listed before "Show all tags" is pressed.
const COLLAPSED_TAGS: usize = 24;

/// One checkbox per tag with its count among the current results.
#[component]
pub fn TagFilter(
    filters: Memo<Filters>,
    counts: Memo<Vec<TagCount>>,
    set_filters: Callback<(Filters, HistoryMode)>,
) -> impl IntoView {
    let expanded = RwSignal::new(false);

    let config = expect_context::<Config>();
    let mode_id = config.id("match-all");

    let toggle = move |tag: String| {
        let mut next = filters.get_untracked();
        let key = tag_key(&tag);
        let before = next.tags.len();
        next.tags.retain(|selected| tag_key(selected) != key);
        if next.tags.len() == before {
            next.tags.push(tag);
        }
        set_filters.run((next, HistoryMode::Push));
    };
    let set_mode = move |event| {
        let mut next = filters.get_untracked();
        next.mode = if event_target_checked(&event) {
            TagMode::All
        } else {
            TagMode::Any
        };
        set_filters.run((next, HistoryMode::Push));
    };
    let is_selected =
        move |tag: &str| filters.with(|f| f.tags.iter().any(|t| tag_key(t) == tag_key(tag)));
    // Only the most frequent tags, and the selected ones, until the reader
    // asks for all: a backlog can have thousands of tags.
    let shown_counts = Memo::new(move |_| {
        // Read once: reading the filters for each of thousands of tags
        // took longer than the search.
        let selected: Vec<String> = filters.with(|f| f.tags.iter().map(|t| tag_key(t)).collect());
        counts.with(|counts| {
            let all = expanded.get() || counts.len() <= COLLAPSED_TAGS;
            counts
                .iter()
                .enumerate()
                .filter(|(position, count)| {
                    let is_selected = || selected.contains(&tag_key(&count.name));
                    all || *position < COLLAPSED_TAGS || (!selected.is_empty() && is_selected())
                })
                .map(|(_, count)| count.clone())
                .collect::<Vec<_>>()
        })
    });
    // Rows are keyed by tag alone and read their count, so a keystroke
    // that changes the counts updates numbers instead of rebuilding rows.
    let shown_names = move || {
        shown_counts.with(|shown| {
            shown
                .iter()
                .map(|count| count.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let count_by_name = Memo::new(move |_| {
        shown_counts.with(|shown| {
            shown
                .iter()
                .map(|count| (count.name.clone(), count.count))
                .collect::<HashMap<_, _>>()
        })
    });
    let count_of = move |name: &str| count_by_name.with(|counts| counts.get(name).copied());
    let tag_total = move || counts.with(Vec::len);

    view! {
        <fieldset class="tag-filter">
            <legend>"Filter by tag"</legend>
            <ul>
                <For
                    each=shown_names
                    key=|name| name.clone()
                    children=move |name| {
                        let checked_name = name.clone();
                        let toggled_name = name.clone();
                        let counted_name = name.clone();
                        let count = Memo::new(move |_| count_of(&counted_name));
                        view! {
                            <li class:empty=move || count.get() == Some(0)>
                                <label>
                                    <input
                                        type="checkbox"
                                        name="tag"
                                        value=name.clone()
                                        prop:checked=move || is_selected(&checked_name)
                                        on:change=move |_| toggle(toggled_name.clone())
                                    />
                                    {name}
                                    " "
                                    <span class="count">{count}</span>
                                </label>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || { tag_total() > COLLAPSED_TAGS }>
                <button
                    type="button"
                    class="show-tags"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|open| *open = !*open)
                >
                    {move || if expanded.get() { "Show fewer tags".to_string() } else { format!("Show all {} tags", tag_total()) }}
                </button>
            </Show>
            <p class="match-mode">
                <input
                    id=mode_id.clone()
                    type="checkbox"
                    name="match"
                    value="all"
                    prop:checked=move || filters.with(|f| f.mode == TagMode::All)
                    on:change=set_mode
                />
                <label for=mode_id>"Only goods with all selected tags"</label>
            </p>
        </fieldset>
    }
}

/// The order of the list; "Best match" applies while searching.
#[component]
pub fn SortSelect(
    filters: Memo<Filters>,
    set_filters: Callback<(Filters, HistoryMode)>,
) -> impl IntoView {
    let config = expect_context::<Config>();
    let select_id = config.id("sort");

    let on_change = move |event| {
        let mut next = filters.get_untracked();
        next.sort = SortOrder::from_name(&event_target_value(&event));
        set_filters.run((next, HistoryMode::Push));
    };
    let selected = move || {
        filters.with(|f| {
            let searching = !f.query.trim().is_empty();
            let automatic = if searching {
                SortOrder::Relevance
            } else {
                SortOrder::Newest
            };
            f.sort.unwrap_or(automatic).name()
        })
    };
    let label = |order: SortOrder| match order {
        SortOrder::Relevance => "Best match",
        SortOrder::Newest => "Newest",
        SortOrder::Title => "Title",
        SortOrder::Projects => "Most projects",
    };

    view! {
        <p class="sort-select">
            <label for=select_id.clone()>"Sort by"</label>
            // No `name`: the form sent without the app would always carry the
            // shown order, and an explicit order overrides "Best match".
            <select id=select_id prop:value=selected on:change=on_change>
                {SortOrder::ALL
                    .into_iter()
                    .map(|order| view! {
                        <option value=order.name() selected=move || selected() == order.name()>
                            {label(order)}
                        </option>
                    })
                    .collect_view()}
            </select>
        </p>
    }
}
