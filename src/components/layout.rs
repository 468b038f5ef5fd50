//! The site header with its navigation, and the footer with the licence.

use backlog_core::route::Page;
use leptos::prelude::*;

use crate::config::Config;
use crate::router::Router;

/// Slug of the About entry, kept from the original site's URL `/backlog/`.
pub const ABOUT_SLUG: &str = "backlog";

#[component]
pub fn SiteHeader() -> impl IntoView {
    let config = expect_context::<Config>();
    let router = expect_context::<Router>();

    let current = move |page: Page| {
        let is_current = router.route.with(|route| route.page == page);
        is_current.then_some("page")
    };
    let main_id = config.id("main");
    let main_href = format!("#{main_id}");
    // With `<base href>` set, `#main` would resolve to the home page, so
    // the skip link moves focus itself.
    let skip_to_main = move |event: web_sys::MouseEvent| {
        event.prevent_default();
        let main = document().get_element_by_id(&main_id);
        if let Some(main) =
            main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = main.focus();
        }
    };

    view! {
        <a class="skip-link" href=main_href on:click=skip_to_main>"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href=config.href("")>
                <span class="brand-mark" aria-hidden="true">"DPG"</span>
                " Backlog"
            </a>
            <nav aria-label="Main">
                <ul>
                    <li><a href=config.href("") aria-current=move || current(Page::Home)>"Goods"</a></li>
                    <li><a href=config.href("tags") aria-current=move || current(Page::Tags)>"Tags"</a></li>
                    <li>
                        <a href=config.href(ABOUT_SLUG) aria-current=move || current(Page::Entry(ABOUT_SLUG.into()))>
                            "About"
                        </a>
                    </li>
                    <li><a href=config.href("embed") aria-current=move || current(Page::Embed)>"Embed"</a></li>
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Content by the Digital Public Goods Alliance and UNICEF, licensed under "
                <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">"CC BY-SA 4.0"</a>
                ", converted from the original Jekyll posts for this site. Source of the content: "
                <a href="https://github.com/unicef/publicgoods-backlog">"unicef/publicgoods-backlog"</a>
                "."
            </p>
        </footer>
    }
}
