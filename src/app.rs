//! The app shell: header, footer, the data's loading states and the page
//! the route names.

use backlog_core::route::Page;
use leptos::prelude::*;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::config::Config;
use crate::data::{load, LoadState};
use crate::pages::{entry::EntryPage, home::HomePage, not_found::NotFound, tags::TagsPage};
use crate::router::{scroll_into_view, Router};

/// One mounted backlog.
#[component]
pub fn App(config: Config) -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    let router = Router::from_location(&config);

    provide_context(config.clone());
    provide_context(router);
    router.follow_history(config.clone());
    load(config.data_url.clone(), state);

    // Once the data is shown, and after each change of page, bring the
    // `#fragment` target into view, or else the top of the new page.
    Effect::new(move |previous: Option<u32>| {
        let page_changes = router.page_changes.get();
        let target = router.scroll_target.get();
        let ready = state.with(|state| matches!(state, LoadState::Ready(_)));
        let page_changed = previous.is_some_and(|previous| previous != page_changes);
        if ready && (target.is_some() || page_changed) {
            scroll_into_view(target, "main h1");
        }
        page_changes
    });

    let click_config = config.clone();
    let on_click =
        move |event: web_sys::MouseEvent| router.intercept_link_click(&click_config, &event);
    let main_id = config.id("main");
    let retry_url = config.data_url.clone();

    view! {
        <div class="dpg-backlog" on:click=on_click>
            <SiteHeader />
            <main id=main_id tabindex="-1">
                {move || match state.get() {
                    LoadState::Loading => view! {
                        <p class="loading" role="status">"Loading the backlog…"</p>
                    }.into_any(),
                    LoadState::Failed(message) => {
                        let retry_url = retry_url.clone();
                        view! {
                            <div class="load-error" role="alert">
                                <h1>"The backlog could not be loaded"</h1>
                                <p>{message}</p>
                                <p>"Check your connection, then try again."</p>
                                <button type="button" on:click=move |_| load(retry_url.clone(), state)>
                                    "Try again"
                                </button>
                            </div>
                        }.into_any()
                    }
                    LoadState::Ready(library) => {
                        move || match router.route.with(|route| route.page.clone()) {
                            Page::Home => view! { <HomePage library=library.clone() /> }.into_any(),
                            Page::Tags => view! { <TagsPage library=library.clone() /> }.into_any(),
                            Page::Entry(slug) => match library.backlog.find(&slug) {
                                Some(entry) => view! { <EntryPage entry=entry.clone() /> }.into_any(),
                                None => view! { <NotFound /> }.into_any(),
                            },
                            Page::NotFound => view! { <NotFound /> }.into_any(),
                        }
                    }.into_any(),
                }}
            </main>
            <SiteFooter />
        </div>
    }
}
