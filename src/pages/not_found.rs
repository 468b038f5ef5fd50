//! The page for a URL that names no page.

use leptos::prelude::*;

use crate::config::Config;

#[component]
pub fn NotFound() -> impl IntoView {
    let config = expect_context::<Config>();
    view! {
        <div class="not-found">
            <h1 tabindex="-1">"Page not found"</h1>
            <p>"No good or page of the backlog has this address. It may have been renamed."</p>
            <p><a href=config.href("")>"See all goods"</a>" or "<a href=config.href("tags")>"browse the tags"</a>"."</p>
        </div>
    }
}
