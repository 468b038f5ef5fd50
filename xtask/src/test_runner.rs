//! `cargo xtask test`: installs what the tests need, then runs the format
//! and lint checks, the native tests, and the end-to-end tests in Chromium
//! against the site built for the root and for a sub-path.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result};

use crate::serve::{bind_loopback, StaticServer};
use crate::{site, tools};

/// The Chromium binary itself, since `/usr/bin/chromium` is a shell wrapper.
const CHROMIUM: &str = "/usr/lib/chromium/chromium";
const SUB_PATH: &str = "/backlog/";
// The app (`dpg-backlog`) runs only in the browser, so the native lint and
// test steps exclude it and a separate lint checks it for wasm32.
const CLIPPY_NATIVE: &[&str] = &[
    "clippy",
    "--workspace",
    "--exclude",
    "dpg-backlog",
    "--all-targets",
    "--",
    "-D",
    "warnings",
];
const NATIVE_TESTS: &[&str] = &["test", "--workspace", "--exclude", "dpg-backlog"];
const CLIPPY_APP: &[&str] = &[
    "clippy",
    "-p",
    "dpg-backlog",
    "--target",
    "wasm32-unknown-unknown",
    "--",
    "-D",
    "warnings",
];

/// Runs every check in order and stops at the first failure.
pub fn test() -> Result<()> {
    let root = tools::repo_root();
    let tests_dir = root.join("tests");
    let root_dist = root.join(site::default_dist_name("/"));
    let sub_dist = root.join(site::default_dist_name(SUB_PATH));

    step("Set up the build tools", tools::setup)?;
    step("Check for Chromium", ensure_chromium)?;
    step("Install the end-to-end test packages", || {
        install_node_modules(&tests_dir)
    })?;
    step("Check formatting", || {
        run_cargo(&["fmt", "--all", "--check"])
    })?;
    step("Lint the native crates", || run_cargo(CLIPPY_NATIVE))?;
    step("Lint the app for wasm32", || run_cargo(CLIPPY_APP))?;
    step("Run the native tests", || run_cargo(NATIVE_TESTS))?;
    step("Build the site for /", || site::build("/", &root_dist))?;
    step("Build the site for /backlog/", || {
        site::build(SUB_PATH, &sub_dist)
    })?;
    step("Run the end-to-end tests", || {
        run_end_to_end(&tests_dir, root_dist, sub_dist)
    })?;

    println!("\nAll checks passed");
    Ok(())
}

fn step(heading: &str, action: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("\n==> {heading}");
    action().with_context(|| format!("step \"{heading}\" failed"))
}

fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() {
        println!("chromium: found {CHROMIUM}");
        return Ok(());
    }
    println!("chromium: installing with apt-get");
    tools::run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    tools::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(["chromium", "chromium-driver", "fonts-liberation"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Runs `npm ci` unless `node_modules` was installed after the last change
/// to `package.json` and `package-lock.json`.
fn install_node_modules(tests_dir: &Path) -> Result<()> {
    let installed = modified(&tests_dir.join("node_modules/.package-lock.json"));
    let manifests = [
        modified(&tests_dir.join("package.json")),
        modified(&tests_dir.join("package-lock.json")),
    ];
    let up_to_date = installed.is_some() && manifests.iter().all(|manifest| *manifest <= installed);
    if up_to_date {
        println!("node_modules: up to date");
        return Ok(());
    }
    tools::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(tests_dir)
            // Playwright drives the Debian Chromium, so it must not download its own.
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
}

fn run_cargo(args: &[&str]) -> Result<()> {
    tools::run(tools::cargo_command().args(args))
}

/// Serves both builds, and the pages that embed them from another origin,
/// on free 127.0.0.1 ports while Playwright runs.
fn run_end_to_end(tests_dir: &Path, root_dist: PathBuf, sub_dist: PathBuf) -> Result<()> {
    let root_server = StaticServer::start(bind_loopback(Some(0))?, root_dist, "/".to_string())?;
    let sub_server = StaticServer::start(bind_loopback(Some(0))?, sub_dist, SUB_PATH.to_string())?;
    let host_server = StaticServer::start(
        bind_loopback(Some(0))?,
        tests_dir.join("embed-host"),
        "/".to_string(),
    )?;
    println!(
        "Serving {} and {}, and the embedding pages at {}",
        root_server.url(),
        sub_server.url(),
        host_server.url()
    );

    // `--no` keeps npx from downloading Playwright when it is not installed.
    let result = tools::run(
        Command::new("npx")
            .args(["--no", "playwright", "test"])
            .current_dir(tests_dir)
            .env("BACKLOG_URL", root_server.url())
            .env("BACKLOG_SUB_URL", sub_server.url())
            .env("BACKLOG_HOST_URL", host_server.url()),
    );
    root_server.stop();
    sub_server.stop();
    host_server.stop();
    result.context("the end-to-end tests failed: the list above names each failing test")
}
