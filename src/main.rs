//! Entry point of the WebAssembly app: installs the panic panel and mounts
//! the backlog into every element marked `data-dpg-backlog`.

mod app;
mod components;
mod config;
mod data;
mod pages;
mod panic_panel;
mod router;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    panic_panel::install();
    let _ = console_log::init_with_level(log::Level::Warn);
    let document = document();
    let Ok(mounts) = document.query_selector_all("[data-dpg-backlog]") else {
        log::error!("cannot look up the elements marked data-dpg-backlog");
        return;
    };
    for position in 0..mounts.length() {
        let Some(element) = mounts
            .item(position)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let config = config::Config::from_element(&element, position);
        // The element holds a loading message or prerendered HTML; the app
        // replaces it with the same content once it runs.
        element.set_inner_html("");
        leptos::mount::mount_to(
            element,
            move || view! { <app::App config=config.clone() /> },
        )
        .forget();
    }
}
