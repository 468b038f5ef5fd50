//! The page where a web team sets up an embedded backlog: pick the options,
//! see a live preview, and copy the snippet for an iframe or a widget.

use std::sync::Arc;

use backlog_core::options::{EmbedOptions, Theme};
use backlog_core::sanitize::escape;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::Config;
use crate::data::Library;

#[component]
pub fn EmbedPage(library: Arc<Library>) -> impl IntoView {
    let options = RwSignal::new(EmbedOptions::default());

    let config = expect_context::<Config>();
    let site = absolute_site_url(&config);

    let tags = library
        .index
        .tag_counts(&(0..library.backlog.entries.len()).collect::<Vec<_>>());
    let preview_site = site.clone();
    let preview_url = move || {
        let query = options.with(EmbedOptions::to_query_string);
        let separator = if query.is_empty() { "" } else { "&" };
        format!("{preview_site}?embed=1{separator}{query}")
    };
    let frame_site = site.clone();
    let frame_snippet = move || options.with(|o| frame_snippet(&frame_site, o));
    let widget_site = site.clone();
    let widget_snippet = move || options.with(|o| widget_snippet(&widget_site, o));
    let update = move |change: Box<dyn Fn(&mut EmbedOptions)>| options.update(|o| change(o));

    view! {
        <div class="embed-page">
            <h1 tabindex="-1">"Embed the backlog"</h1>
            <p>
                "Show the backlog, or a slice of it, on your own site: in an iframe that sizes itself, \
                 or mounted into your page as a widget with its styles kept apart from yours."
            </p>
            <form class="embed-options" on:submit=|event| event.prevent_default()>
                <fieldset>
                    <legend>"Goods shown"</legend>
                    <ul class="embed-tags">
                        {tags.into_iter().map(|count| {
                            let name = count.name.clone();
                            let checked_name = name.clone();
                            view! {
                                <li><label>
                                    <input type="checkbox"
                                        prop:checked=move || options.with(|o| o.tags.contains(&checked_name))
                                        on:change=move |event| {
                                            let on = event_target_checked(&event);
                                            let name = name.clone();
                                            update(Box::new(move |o| {
                                                o.tags.retain(|tag| *tag != name);
                                                if on { o.tags.push(name.clone()); }
                                            }));
                                        } />
                                    {count.name.clone()}
                                </label></li>
                            }
                        }).collect_view()}
                    </ul>
                    <p><label>"Search text "
                        <input type="text" prop:value=move || options.with(|o| o.search.clone())
                            on:input=move |event| { let text = event_target_value(&event); update(Box::new(move |o| o.search = text.clone())); } />
                    </label></p>
                    <p><label>"Most goods listed "
                        <input type="number" min="1" max="10000" inputmode="numeric"
                            prop:value=move || options.with(|o| o.max_entries.map(|n| n.to_string()).unwrap_or_default())
                            on:input=move |event| {
                                let count = event_target_value(&event).parse().ok().filter(|n: &usize| *n > 0);
                                update(Box::new(move |o| o.max_entries = count));
                            } />
                    </label></p>
                </fieldset>
                <fieldset>
                    <legend>"Interface"</legend>
                    <p><label><input type="checkbox" prop:checked=move || options.with(|o| o.show_search)
                        on:change=move |event| { let on = event_target_checked(&event); update(Box::new(move |o| o.show_search = on)); } />
                        " Show the search box"</label></p>
                    <p><label><input type="checkbox" prop:checked=move || options.with(|o| o.show_tags)
                        on:change=move |event| { let on = event_target_checked(&event); update(Box::new(move |o| o.show_tags = on)); } />
                        " Show the tag filter"</label></p>
                    <p><label>"Theme "
                        <select on:change=move |event| {
                            let theme = match event_target_value(&event).as_str() { "light" => Theme::Light, "dark" => Theme::Dark, _ => Theme::Auto };
                            update(Box::new(move |o| o.theme = theme));
                        }>
                            <option value="auto">"Follow the reader's setting"</option>
                            <option value="light">"Light"</option>
                            <option value="dark">"Dark"</option>
                        </select>
                    </label></p>
                </fieldset>
            </form>
            <h2>"Preview"</h2>
            // The frame loads only in the browser, because a prerendered one
            // would load the backlog once, and again when the app replaces
            // it. Until then an empty box of the same size is shown.
            {if cfg!(target_arch = "wasm32") {
                view! {
                    <iframe class="embed-preview" title="Preview of the embedded backlog" src=preview_url></iframe>
                }.into_any()
            } else {
                view! { <div class="embed-preview"></div> }.into_any()
            }}
            <h2>"Snippet for an iframe"</h2>
            <p>"Works on any site; the frame grows and shrinks with its content."</p>
            <Snippet code=Signal::derive(frame_snippet) />
            <h2>"Snippet for a widget"</h2>
            <p>
                "Mounts into your page in a shadow root. Theme it with CSS custom properties on the element, \
                 such as " <code>"--dpg-accent"</code>", " <code>"--dpg-font"</code>" and " <code>"--dpg-radius"</code>
                ". Add " <code>"data-history=\"true\""</code>" to keep its state in your page's URL."
            </p>
            <Snippet code=Signal::derive(widget_snippet) />
        </div>
    }
}

/// A snippet in a code block with a button that copies it.
#[component]
fn Snippet(code: Signal<String>) -> impl IntoView {
    let copied = RwSignal::new(false);

    let copy = move |_| {
        copy_to_clipboard(&code.get_untracked());
        copied.set(true);
    };

    view! {
        <div class="snippet-block">
            <pre><code>{move || code.get()}</code></pre>
            <button type="button" on:click=copy>"Copy snippet"</button>
            <span role="status" class="copy-status">{move || copied.get().then_some("Copied.")}</span>
        </div>
    }
}

fn frame_snippet(site: &str, options: &EmbedOptions) -> String {
    format!(
        "<div data-dpg-backlog-frame{}></div>\n<script src=\"{}embed.js\" defer></script>",
        attributes(options),
        escape(site)
    )
}

fn widget_snippet(site: &str, options: &EmbedOptions) -> String {
    format!(
        "<div data-dpg-backlog=\"widget\"{}></div>\n<script type=\"module\" src=\"{}widget.js\"></script>",
        attributes(options),
        escape(site)
    )
}

/// Returns the options as ` data-name="value"` attributes.
fn attributes(options: &EmbedOptions) -> String {
    options
        .to_query_pairs()
        .into_iter()
        .map(|(name, value)| format!(" data-{name}=\"{}\"", escape(&value)))
        .collect()
}

/// Returns the site's absolute URL; at build time, where there is no
/// browser, the configured one.
fn absolute_site_url(config: &Config) -> String {
    if cfg!(target_arch = "wasm32") {
        let origin = window().location().origin().unwrap_or_default();
        if config.site_url.starts_with('/') {
            return format!("{origin}{}", config.site_url);
        }
    }
    config.site_url.clone()
}

fn copy_to_clipboard(text: &str) {
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    match clipboard.and_then(|value| value.dyn_into::<web_sys::Clipboard>().ok()) {
        Some(clipboard) => {
            let _ = clipboard.write_text(text);
        }
        None => log::warn!("the clipboard is not available; select the snippet and copy it"),
    }
}
