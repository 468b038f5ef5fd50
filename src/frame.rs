//! Inside an iframe, sends the framing page the app's height whenever it
//! changes, so the frame can match it with no scrollbar of its own.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// `type` of the message the framing page receives: `{type, height}`.
pub const HEIGHT_MESSAGE: &str = "dpg-backlog:height";

/// Watches `root` and posts its height to the parent window, only to
/// `parent_origin`, each time it changes.
pub fn report_height(root: web_sys::HtmlElement, parent_origin: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let last_height = std::cell::Cell::new(-1.0);
    let observed = root.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        // The document's own margins count too, so measure the element's
        // box plus its offset from the top.
        let height = (observed.get_bounding_client_rect().height()
            + f64::from(observed.offset_top()))
        .ceil();
        if height == last_height.get() {
            return;
        }
        last_height.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        if let Err(error) = parent.post_message(&message, &parent_origin) {
            log::error!("cannot send the height to {parent_origin}: {error:?}");
        }
    });
    match web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        Ok(observer) => observer.observe(&root),
        Err(error) => log::error!("cannot watch the app's height: {error:?}"),
    }
    // The observer lives as long as the page, like the app itself.
    callback.forget();
}
