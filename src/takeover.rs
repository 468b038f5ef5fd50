//! Carries what the reader did on the prerendered page over to the app when
//! the app takes its place: text typed into the search box, ticked tags,
//! the sort order, and which control had the focus. The app starts when the
//! reader first reaches for a control, so the reader is often typing while
//! it loads.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The identity of a control, to find it again in the app.
#[derive(Clone, Debug, PartialEq)]
enum ControlKey {
    Id(String),
    /// One checkbox of a group, such as a tag: its name and value.
    NameValue(String, String),
}

#[derive(Clone, Debug, PartialEq)]
enum ControlState {
    Value(String),
    Checked(bool),
}

/// The focused control, with the selection of a text field.
struct Focus {
    key: ControlKey,
    selection: Option<(u32, u32)>,
}

/// The reader's changes to the prerendered page.
pub struct ReaderState {
    changed: Vec<(ControlKey, ControlState)>,
    focus: Option<Focus>,
}

impl ReaderState {
    /// Reads the controls in `page`, the elements the app is about to replace.
    pub fn read(page: &[Element]) -> Self {
        let mut changed = Vec::new();
        for control in page.iter().flat_map(controls_in) {
            if let (Some(key), Some(state)) = (control_key(&control), changed_state(&control)) {
                changed.push((key, state));
            }
        }
        let focus = leptos::prelude::document()
            .active_element()
            .filter(|active| page.iter().any(|root| root.contains(Some(active))))
            .and_then(|active| {
                Some(Focus {
                    key: control_key(&active)?,
                    selection: text_selection(&active),
                })
            });
        ReaderState { changed, focus }
    }

    /// Sets the app's controls in `app` as the reader left them, firing the
    /// events the reader's own input would, and focuses the same control.
    pub fn apply(&self, app: &Element) {
        let app_controls = controls_in(app);
        let find = |key: &ControlKey| {
            app_controls
                .iter()
                .find(|control| control_key(control).as_ref() == Some(key))
        };
        for (key, state) in &self.changed {
            if let Some(control) = find(key) {
                set_state(control, state);
            }
        }
        let Some(focus) = &self.focus else {
            return;
        };
        let Some(control) = find(&focus.key) else {
            return;
        };
        if let Some(element) = control.dyn_ref::<HtmlElement>() {
            let _ = element.focus();
        }
        if let (Some(input), Some((start, end))) =
            (control.dyn_ref::<HtmlInputElement>(), focus.selection)
        {
            let _ = input.set_selection_range(start, end);
        }
    }
}

fn controls_in(root: &Element) -> Vec<Element> {
    let Ok(list) = root.query_selector_all("input, select") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|position| list.item(position)?.dyn_into::<Element>().ok())
        .collect()
}

fn control_key(control: &Element) -> Option<ControlKey> {
    let id = control.id();
    if !id.is_empty() {
        return Some(ControlKey::Id(id));
    }
    let name = control
        .get_attribute("name")
        .filter(|name| !name.is_empty())?;
    let value = control.get_attribute("value").unwrap_or_default();
    Some(ControlKey::NameValue(name, value))
}

/// Returns the control's state when the reader changed it from the page's default.
fn changed_state(control: &Element) -> Option<ControlState> {
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        return if is_checkable(input) {
            (input.checked() != input.default_checked())
                .then(|| ControlState::Checked(input.checked()))
        } else {
            (input.value() != input.default_value()).then(|| ControlState::Value(input.value()))
        };
    }
    let select = control.dyn_ref::<HtmlSelectElement>()?;
    let options = select.options();
    let changed = (0..options.length())
        .filter_map(|position| {
            options
                .item(position)?
                .dyn_into::<web_sys::HtmlOptionElement>()
                .ok()
        })
        .any(|option| option.selected() != option.default_selected());
    changed.then(|| ControlState::Value(select.value()))
}

fn set_state(control: &Element, state: &ControlState) {
    let event_type = match (state, control.dyn_ref::<HtmlInputElement>()) {
        (ControlState::Checked(checked), Some(input)) => {
            if input.checked() == *checked {
                return;
            }
            input.set_checked(*checked);
            "change"
        }
        (ControlState::Value(value), Some(input)) => {
            if input.value() == *value {
                return;
            }
            input.set_value(value);
            "input"
        }
        (ControlState::Value(value), None) => {
            let Some(select) = control.dyn_ref::<HtmlSelectElement>() else {
                return;
            };
            if select.value() == *value {
                return;
            }
            select.set_value(value);
            "change"
        }
        (ControlState::Checked(_), None) => return,
    };
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(event_type, &init) {
        let _ = control.dispatch_event(&event);
    }
}

fn is_checkable(input: &HtmlInputElement) -> bool {
    matches!(input.type_().as_str(), "checkbox" | "radio")
}

fn text_selection(control: &Element) -> Option<(u32, u32)> {
    let input = control.dyn_ref::<HtmlInputElement>()?;
    if is_checkable(input) {
        return None;
    }
    Some((
        input.selection_start().ok().flatten()?,
        input.selection_end().ok().flatten()?,
    ))
}
