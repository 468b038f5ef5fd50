//! The Leptos app of the backlog as a library: the browser build mounts it
//! (`main.rs`), and the build step renders every route to HTML with it
//! (`prerender`), so both produce the same markup.

pub mod app;
mod components;
pub mod config;
pub mod data;
mod frame;
pub mod meta;
mod pages;
pub mod panic_panel;
pub mod router;
mod takeover;

#[cfg(feature = "ssr")]
pub mod prerender;
