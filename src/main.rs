//! Entry point of the WebAssembly app: installs the panic panel and mounts
//! the backlog into every element marked `data-dpg-backlog`.

use dpg_backlog::config::{Config, Mode};
use dpg_backlog::{app, panic_panel};
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
        let element = mounts
            .item(position)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            if let Err(error) = mount(element, position) {
                log::error!("cannot mount the backlog: {error:?}");
            }
        }
    }
}

/// Mounts one app. On the site and in a frame it goes into a hidden child
/// of the element, whose own content (prerendered HTML) stays in view until
/// the app has its data and swaps itself in. A widget goes into a shadow
/// root with its own stylesheet, so the host's styles and its own stay
/// apart.
fn mount(element: web_sys::HtmlElement, position: u32) -> Result<(), wasm_bindgen::JsValue> {
    let config = Config::from_element(&element, position);
    let container = document().create_element("div")?;
    container.set_attribute("class", app::MOUNT_CLASS)?;
    if config.mode == Mode::Widget {
        let shadow =
            element.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
        if let Some(stylesheet) = &config.stylesheet_url {
            let link = document().create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("href", stylesheet)?;
            shadow.append_child(&link)?;
        }
        shadow.append_child(&container)?;
    } else {
        container.set_attribute("hidden", "")?;
        element.append_child(&container)?;
    }
    let container = container.dyn_into::<web_sys::HtmlElement>()?;
    leptos::mount::mount_to(
        container,
        move || view! { <app::App config=config.clone() /> },
    )
    .forget();
    Ok(())
}
