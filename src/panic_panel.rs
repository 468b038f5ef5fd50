//! A panic in WebAssembly stops the whole app. This hook logs it and puts a
//! visible message with a reload link in place of every mounted app.

use std::panic::PanicHookInfo;

/// Installs the hook; call once, before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(show_panel));
}

fn show_panel(info: &PanicHookInfo) {
    console_error_panic_hook::hook(info);
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let reload = window.location().href().unwrap_or_default();
    let reload = backlog_core::sanitize::escape(&reload);
    let Ok(mounts) = document.query_selector_all("[data-dpg-backlog]") else {
        return;
    };
    for position in 0..mounts.length() {
        let Some(node) = mounts.item(position) else {
            continue;
        };
        let panel = format!(
            "<div class=\"panic-panel\" role=\"alert\"><h2>Something went wrong</h2>\
             <p>The backlog stopped because of an error in the page. \
             Reloading usually fixes it.</p><p><a class=\"button\" href=\"{reload}\">Reload the page</a></p></div>"
        );
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node) {
            element.set_inner_html(&panel);
        }
    }
}
