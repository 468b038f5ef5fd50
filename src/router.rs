//! Keeps the route signal and the browser's address bar in step: reads the
//! location at start, writes history entries on navigation, follows
//! back/forward, and turns clicks on site links into navigation.

use backlog_core::route::{strip_base, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::Config;

/// Whether a navigation adds a history entry or replaces the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryMode {
    Push,
    /// Used while typing, so each keystroke is not a step of "back".
    Replace,
}

/// The route of one mounted app and the element to scroll to after render.
#[derive(Clone, Copy)]
pub struct Router {
    pub route: RwSignal<Route>,
    /// Id of an element (from the URL's `#fragment`) to bring into view.
    pub scroll_target: RwSignal<Option<String>>,
    /// Counts changes of page (not of filters), so the app can move focus
    /// to the new page's heading but leave it in the search box or filter.
    pub page_changes: RwSignal<u32>,
}

impl Router {
    /// Creates a router showing `route`, for rendering outside a browser.
    pub fn new(route: Route) -> Self {
        Router {
            route: RwSignal::new(route),
            scroll_target: RwSignal::new(None),
            page_changes: RwSignal::new(0),
        }
    }

    /// Reads the current location into a new router.
    pub fn from_location(config: &Config) -> Self {
        let (route, hash) = current_location(config);
        Router {
            route: RwSignal::new(route),
            scroll_target: RwSignal::new(hash),
            page_changes: RwSignal::new(0),
        }
    }

    /// Shows `route`, writing it to the address bar.
    pub fn navigate(&self, config: &Config, route: Route, hash: Option<String>, mode: HistoryMode) {
        let mut url = config.href(&route.to_relative_url());
        if let Some(hash) = &hash {
            url.push('#');
            url.push_str(hash);
        }
        write_history(&url, mode);
        self.show(route, hash);
    }

    /// Sets the route and fragment, counting a change of page.
    fn show(&self, route: Route, hash: Option<String>) {
        if self
            .route
            .with_untracked(|current| current.page != route.page)
        {
            self.page_changes.update(|count| *count += 1);
        }
        self.scroll_target.set(hash);
        if self.route.get_untracked() != route {
            self.route.set(route);
        }
    }

    /// Follows back and forward buttons for as long as the app lives.
    pub fn follow_history(&self, config: Config) {
        let router = *self;
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let (route, hash) = current_location(&config);
            router.show(route, hash);
        });
        on_cleanup(move || handle.remove());
    }

    /// Handles a click anywhere in the app: a plain left click on a link to
    /// a page of this site navigates without reloading.
    pub fn intercept_link_click(&self, config: &Config, event: &web_sys::MouseEvent) {
        let has_modifier =
            event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.default_prevented() || event.button() != 0 || has_modifier {
            return;
        }
        let Some(anchor) = crate::config::event_element(event)
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !anchor.target().is_empty() || anchor.has_attribute("download") {
            return;
        }
        let Ok(url) = web_sys::Url::new(&anchor.href()) else {
            return;
        };
        let origin = window().location().origin().unwrap_or_default();
        if url.origin() != origin {
            return;
        }
        let pathname = url.pathname();
        let Some(path) = strip_base(&pathname, &config.base_path) else {
            return;
        };
        let route = Route::parse(path, &url.search());
        let hash = fragment(&url.hash());
        event.prevent_default();
        self.navigate(config, route, hash, HistoryMode::Push);
    }
}

/// Reads the route and fragment of the page's current URL.
fn current_location(config: &Config) -> (Route, Option<String>) {
    let location = window().location();
    let pathname = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let route = match strip_base(&pathname, &config.base_path) {
        Some(path) => Route::parse(path, &search),
        None => Route::default(),
    };
    (route, fragment(&location.hash().unwrap_or_default()))
}

/// Returns the decoded fragment without `#`, or `None` when empty.
fn fragment(hash: &str) -> Option<String> {
    let hash = hash.trim_start_matches('#');
    (!hash.is_empty()).then(|| backlog_core::route::percent_decode(hash))
}

fn write_history(url: &str, mode: HistoryMode) {
    let Ok(history) = window().history() else {
        return;
    };
    let result = match mode {
        HistoryMode::Push => {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        }
        HistoryMode::Replace => {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        }
    };
    if let Err(error) = result {
        log::error!("cannot write {url} to the browser history: {error:?}");
    }
}

/// Brings the element with `id` into view, or the top of the page when
/// there is none, after the browser has laid out the new content.
pub fn scroll_into_view(id: Option<String>, focus_selector: &'static str) {
    request_animation_frame(move || {
        let document = document();
        let target = id.as_deref().and_then(|id| document.get_element_by_id(id));
        match target {
            Some(element) => element.scroll_into_view(),
            None => {
                window().scroll_to_with_x_and_y(0.0, 0.0);
                let heading = document.query_selector(focus_selector).ok().flatten();
                if let Some(heading) =
                    heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus();
                }
            }
        }
    });
}
