//! Renders a route to HTML at build time with the same components as the
//! browser build, so the first view needs no WebAssembly and the app
//! replaces it with identical markup.

use std::sync::Arc;

use backlog_core::route::Route;
use leptos::prelude::*;

use crate::app::Shell;
use crate::config::Config;
use crate::data::{Library, LoadState};
use crate::meta::{page_meta, PageMeta};
use crate::router::Router;

/// A page rendered to HTML: the markup for the mount element and the
/// page's title and description.
#[derive(Clone, Debug)]
pub struct RenderedPage {
    pub body: String,
    pub meta: PageMeta,
}

/// Renders the page `route` names for a site served at `config.base_path`.
pub fn render_route(config: &Config, library: Arc<Library>, route: Route) -> RenderedPage {
    let meta = page_meta(&route, &library);
    let owner = Owner::new();
    let body = owner.with(|| {
        let state = RwSignal::new(LoadState::Ready(library));
        let router = Router::new(route);
        let config = config.clone();
        view! { <Shell config state router /> }.to_html()
    });
    RenderedPage { body, meta }
}
