//! The app: `App` loads the data and follows the browser's location;
//! `Shell` draws the header, footer, loading states and the page the route
//! names, and is what the build renders to HTML for every route.

use backlog_core::route::Page;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::config::{Config, Mode};
use crate::data::{load, LoadState};
use crate::pages::{
    embed::EmbedPage, entry::EntryPage, home::HomePage, not_found::NotFound, tags::TagsPage,
};
use crate::router::{scroll_into_view, Router};
use crate::takeover::ReaderState;

/// Class of the element the browser build mounts into, inside the element
/// marked `data-dpg-backlog`.
pub const MOUNT_CLASS: &str = "dpg-mount";

/// One mounted backlog in the browser.
#[component]
pub fn App(config: Config) -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    let router = Router::from_location(&config);
    let root = NodeRef::<leptos::html::Div>::new();

    router.follow_history(config.clone());
    load(config.data_url.clone(), state);

    // When the data has arrived, replace what the page showed before the
    // app ran with the app itself, a frame later so the app has drawn its
    // page. When the data fails, a prerendered page stays readable with a
    // notice and a way to try again; a mount without one shows the failure.
    let prerendered = config.prerendered;
    let notice_url = config.data_url.clone();
    Effect::new(move |done: Option<Outcome>| {
        let done = done.unwrap_or(Outcome::Waiting);
        let ready = state.with(|state| matches!(state, LoadState::Ready(_)));
        let failed = state.with(|state| matches!(state, LoadState::Failed(_)));
        let Some(root) = root.get().filter(|_| done != Outcome::Swapped) else {
            return done;
        };
        if ready || (failed && !prerendered) {
            request_animation_frame(move || swap_in(&root));
            return Outcome::Swapped;
        }
        if failed && done == Outcome::Waiting {
            show_failure_notice(&root, state, notice_url.clone());
            return Outcome::NoticeShown;
        }
        done
    });

    // Once the data is shown, and after each change of page, bring the
    // `#fragment` target into view, or else the top of the new page. On a
    // prerendered page the browser has already scrolled to the fragment,
    // and the reader may have moved on since.
    Effect::new(move |previous: Option<u32>| {
        let page_changes = router.page_changes.get();
        let target = router.scroll_target.get();
        let ready = state.with(|state| matches!(state, LoadState::Ready(_)));
        let page_changed = previous.is_some_and(|previous| previous != page_changes);
        let first_target = target.is_some() && !prerendered;
        let wanted = ready && (first_target || page_changed);
        if let (true, Some(root)) = (wanted, root.get()) {
            scroll_into_view(root.into(), target, "main h1");
        }
        page_changes
    });

    // Keep the document title in step with the page; an embedded app
    // leaves the host's title alone.
    let owns_title = config.mode == Mode::Site;
    Effect::new(move |_| {
        if let (true, LoadState::Ready(library)) = (owns_title, state.get()) {
            let title = router
                .route
                .with(|route| crate::meta::page_meta(route, &library).title);
            document().set_title(&title);
        }
    });

    if let (Mode::Frame, Some(origin)) = (config.mode, config.options.parent_origin.clone()) {
        Effect::new(move |_| {
            if let Some(root) = root.get() {
                crate::frame::report_height(root.into(), origin.clone());
            }
        });
    }

    view! { <Shell config state router root /> }
}

/// Progress of the app's takeover of the mount element.
#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Waiting,
    /// The data failed and the prerendered page shows a notice.
    NoticeShown,
    Swapped,
}

/// Puts a notice at the top of the prerendered page's `main` saying that
/// the data failed, with a button to try again. It follows the load state,
/// and goes with the prerendered page when the app takes its place.
fn show_failure_notice(
    root: &web_sys::HtmlDivElement,
    state: RwSignal<LoadState>,
    data_url: String,
) {
    let prerendered_main = root
        .parent_element()
        .and_then(|container| container.parent_element())
        .and_then(|mount| {
            mount
                .query_selector(":scope > :not(.dpg-mount) main")
                .ok()
                .flatten()
        });
    let Some(main) = prerendered_main else {
        return;
    };
    let Ok(holder) = document().create_element("div") else {
        return;
    };
    if main.prepend_with_node_1(&holder).is_err() {
        return;
    }
    let Ok(holder) = holder.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    leptos::mount::mount_to(holder, move || view! { <StartFailure state data_url /> }).forget();
}

/// Shows the notice that `show_failure_notice` mounts: the failure with a
/// retry button, a loading message during the retry, nothing once ready.
#[component]
fn StartFailure(state: RwSignal<LoadState>, data_url: String) -> impl IntoView {
    move || match state.get() {
        LoadState::Failed(message) => {
            let data_url = data_url.clone();
            view! {
                <div class="load-error" role="alert">
                    <p><strong>"Search and filters could not start."</strong>" "{message}</p>
                    <button type="button" on:click=move |_| load(data_url.clone(), state)>
                        "Try again"
                    </button>
                </div>
            }
            .into_any()
        }
        LoadState::Loading => {
            view! { <p class="loading" role="status">"Loading the backlog…"</p> }.into_any()
        }
        LoadState::Ready(_) => ().into_any(),
    }
}

/// Removes the content the mount element held before the app (prerendered
/// HTML or a loading message) and shows the app in its place, with the
/// controls as the reader left them.
fn swap_in(root: &web_sys::HtmlDivElement) {
    let Some(container) = root.parent_element() else {
        return;
    };
    let Some(mount) = container.parent_element() else {
        return;
    };
    let children = mount.children();
    let mut stale = Vec::new();
    for position in 0..children.length() {
        if let Some(child) = children.item(position) {
            if child != container {
                stale.push(child);
            }
        }
    }
    let reader_state = ReaderState::read(&stale);
    stale.iter().for_each(web_sys::Element::remove);
    let _ = container.remove_attribute("hidden");
    reader_state.apply(&container);
}

/// The whole interface for a load state and route.
#[component]
pub fn Shell(
    config: Config,
    state: RwSignal<LoadState>,
    router: Router,
    #[prop(optional)] root: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    provide_context(config.clone());
    provide_context(router);

    let click_config = config.clone();
    let on_click =
        move |event: web_sys::MouseEvent| router.intercept_link_click(&click_config, &event);
    // Only a change of page rebuilds the page; filters update in place, so
    // the search box keeps its focus and the tag list its state.
    let page = Memo::new(move |_| router.route.with(|route| route.page.clone()));
    let main_id = config.id("main");
    let retry_url = config.data_url.clone();

    let chrome = config.shows_chrome();
    let theme = config.options.theme.name();
    let mode_class = match config.mode {
        Mode::Site => "dpg-backlog",
        Mode::Frame => "dpg-backlog is-framed",
        Mode::Widget => "dpg-backlog is-widget",
    };

    view! {
        <div class=mode_class data-theme=theme on:click=on_click node_ref=root>
            {chrome.then(|| view! { <SiteHeader /> })}
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
                        move || match page.get() {
                            Page::Home => view! { <HomePage library=library.clone() /> }.into_any(),
                            Page::Tags => view! { <TagsPage library=library.clone() /> }.into_any(),
                            Page::Entry(slug) => match library.backlog.find(&slug) {
                                Some(entry) => view! { <EntryPage entry=entry.clone() /> }.into_any(),
                                None => view! { <NotFound /> }.into_any(),
                            },
                            Page::Embed => view! { <EmbedPage library=library.clone() /> }.into_any(),
                            Page::NotFound => view! { <NotFound /> }.into_any(),
                        }
                    }.into_any(),
                }}
            </main>
            {chrome.then(|| view! { <SiteFooter /> })}
        </div>
    }
}
