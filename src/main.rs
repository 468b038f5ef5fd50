//! Entry point of the WebAssembly app: installs the panic panel and mounts
//! the backlog into every element marked `data-dpg-backlog`.

use dpg_backlog::{app, config, panic_panel};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    panic_panel::install();
    let _ = console_log::init_with_level(log::Level::Warn);
    let Ok(mounts) = document().query_selector_all("[data-dpg-backlog]") else {
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
        mount(element, position);
    }
}

/// Mounts one app into a hidden child of `element`. The element's own
/// content, prerendered HTML or a loading message, stays in view until the
/// app has its data and swaps itself in.
fn mount(element: web_sys::HtmlElement, position: u32) {
    let config = config::Config::from_element(&element, position);
    let Ok(container) = document().create_element("div") else {
        return;
    };
    let _ = container.set_attribute("class", app::MOUNT_CLASS);
    let _ = container.set_attribute("hidden", "");
    if element.append_child(&container).is_err() {
        return;
    }
    let Ok(container) = container.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    leptos::mount::mount_to(
        container,
        move || view! { <app::App config=config.clone() /> },
    )
    .forget();
}
