//! Keeps the route signal and the browser's address bar in step: reads the
//! location at start, writes history entries on navigation, follows
//! back/forward, and turns clicks on site links into navigation.

use std::cell::RefCell;
use std::time::Duration;

use backlog_core::route::{strip_base, Page, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::{Config, Mode};

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

    /// Creates the router of a mounted app, starting at the page its
    /// address names (the site or an iframe), at the host's `dpg` parameter
    /// (a widget that opted in to history), or at the home page with the
    /// host's initial filters.
    pub fn from_location(config: &Config) -> Self {
        let (mut route, hash) = match config.mode {
            Mode::Site | Mode::Frame => current_location(config),
            Mode::Widget if config.options.history => (widget_location(), None),
            Mode::Widget => (Route::default(), None),
        };
        if route.page == Page::Home && route.filters.is_empty() {
            route.filters.query = config.options.search.clone();
            route.filters.tags = config.options.tags.clone();
        }
        Router {
            route: RwSignal::new(route),
            scroll_target: RwSignal::new(hash),
            page_changes: RwSignal::new(0),
        }
    }

    /// Shows `route`, writing it to the address bar when this app may.
    pub fn navigate(&self, config: &Config, route: Route, hash: Option<String>, mode: HistoryMode) {
        if let Some(url) = history_url(config, &route, hash.as_deref()) {
            write_history(&url, mode);
        }
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

    /// Follows back and forward buttons for as long as the app lives, when
    /// its state is in the address bar.
    pub fn follow_history(&self, config: Config) {
        let follows = match config.mode {
            Mode::Site => true,
            Mode::Widget => config.options.history,
            Mode::Frame => false,
        };
        if !follows {
            return;
        }
        let router = *self;
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            discard_pending_replace();
            let (route, hash) = match config.mode {
                Mode::Widget => (widget_location(), None),
                _ => current_location(&config),
            };
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
        let Some(site) = web_sys::Url::new(&absolute_site_url(config)).ok() else {
            return;
        };
        if url.origin() != site.origin() {
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

/// Name of the host page's URL parameter that contains a widget's state when
/// the host opts in to history.
pub const WIDGET_PARAMETER: &str = "dpg";

/// Returns the URL to write to the address bar for `route`, or `None` when
/// this app must not touch the page's URL.
fn history_url(config: &Config, route: &Route, hash: Option<&str>) -> Option<String> {
    let relative = route.to_relative_url();
    match config.mode {
        Mode::Site => {
            let mut url = config.href(&relative);
            if let Some(hash) = hash {
                url.push('#');
                url.push_str(hash);
            }
            Some(url)
        }
        Mode::Widget if config.options.history => Some(host_url_with_state(&relative)),
        Mode::Widget | Mode::Frame => None,
    }
}

/// Returns the host page's URL with the widget's state in its own
/// parameter, keeping the host's path, other parameters and fragment.
fn host_url_with_state(relative: &str) -> String {
    let location = window().location();
    let pathname = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(WIDGET_PARAMETER))
        .map(str::to_string)
        .collect();
    if !relative.is_empty() {
        pairs.push(format!(
            "{WIDGET_PARAMETER}={}",
            backlog_core::route::percent_encode(relative)
        ));
    }
    let query = if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    };
    format!("{pathname}{query}{hash}")
}

/// Reads a widget's route from the host page's `dpg` parameter.
fn widget_location() -> Route {
    let search = window().location().search().unwrap_or_default();
    let state = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(WIDGET_PARAMETER)?.strip_prefix('='))
        .map(backlog_core::route::percent_decode)
        .unwrap_or_default();
    let (path, query) = state.split_once('?').unwrap_or((&state, ""));
    Route::parse(path, query)
}

/// Returns the site's absolute URL, resolving a path against the page.
fn absolute_site_url(config: &Config) -> String {
    let page = window().location().href().unwrap_or_default();
    web_sys::Url::new_with_base(&config.site_url, &page)
        .map(|url| url.href())
        .unwrap_or_default()
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

thread_local! {
    /// Address of the latest keystroke, not yet written to the history.
    static PENDING_REPLACE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn write_history(url: &str, mode: HistoryMode) {
    match mode {
        HistoryMode::Push => {
            write_pending_replace();
            write_history_now(url, mode);
        }
        HistoryMode::Replace => defer_replace(url),
    }
}

/// Writes the address of a keystroke once the browser has painted its
/// results, since writing the history took about a millisecond per
/// keystroke in a Chromium trace.
/// Keystrokes in between only change the address to write.
fn defer_replace(url: &str) {
    let first = PENDING_REPLACE
        .with(|pending| pending.borrow_mut().replace(url.to_string()))
        .is_none();
    if first {
        request_animation_frame(|| set_timeout(write_pending_replace, Duration::ZERO));
    }
}

fn write_pending_replace() {
    if let Some(url) = PENDING_REPLACE.with(|pending| pending.borrow_mut().take()) {
        write_history_now(&url, HistoryMode::Replace);
    }
}

/// Drops the address of a keystroke not yet written: after back or
/// forward, it would overwrite the entry the reader went to.
fn discard_pending_replace() {
    PENDING_REPLACE.with(|pending| pending.borrow_mut().take());
}

fn write_history_now(url: &str, mode: HistoryMode) {
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

/// Brings the element with `id` inside `root` into view, or else the top of
/// the app, focusing its heading, after the browser has laid out the new
/// content. Looks inside `root` because a widget lives in a shadow root,
/// where the document cannot find its elements by id.
pub fn scroll_into_view(
    root: web_sys::HtmlElement,
    id: Option<String>,
    focus_selector: &'static str,
) {
    request_animation_frame(move || {
        let by_id = |id: &str| {
            let selector = format!("[id=\"{}\"]", id.replace(['"', '\\'], ""));
            root.query_selector(&selector).ok().flatten()
        };
        match id.as_deref().and_then(by_id) {
            Some(element) => element.scroll_into_view(),
            None => {
                let top = root.get_bounding_client_rect().top();
                if top < 0.0 {
                    root.scroll_into_view();
                }
                let heading = root.query_selector(focus_selector).ok().flatten();
                if let Some(heading) =
                    heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus_with_options(&focus_without_scroll());
                }
            }
        }
    });
}

fn focus_without_scroll() -> web_sys::FocusOptions {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    options
}
