//! Size of the app's wasm by function and by crate. twiggy reads a copy
//! that wasm-opt optimizes like the shipped file but with its names kept,
//! since the shipped file has no names to attribute bytes to.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::tools;

const TWIGGY_VERSION: &str = "0.8.0";
/// Crates of the Rust standard library; generic code from them counts
/// toward the first other crate in a function's name when there is one.
const STANDARD_CRATES: [&str; 3] = ["core", "alloc", "std"];
/// Functions and data segments listed by twiggy's `top`.
const TOP_ITEMS: usize = 25;
/// Data segments at least this large get their referencing functions listed.
const LARGE_SEGMENT_BYTES: u64 = 10_000;

/// The wasm size report.
pub struct WasmSize {
    /// The `_bg.wasm` file in the built site.
    pub shipped_path: PathBuf,
    pub shipped_bytes: u64,
    /// The same module optimized with its names kept, which twiggy reads.
    pub named_bytes: u64,
    /// Bytes of the name section and other custom sections, which the
    /// shipped file does not carry.
    pub name_section_bytes: u64,
    /// Output of `twiggy top -n 25`.
    pub top: String,
    /// Bytes per crate or per kind of item, largest first.
    pub groups: Vec<(String, u64)>,
    /// Data segments of at least 10 kB with the functions that refer to them.
    pub large_segments: Vec<(String, u64, Vec<String>)>,
}

#[derive(Deserialize)]
struct TwiggyItem {
    name: String,
    shallow_size: u64,
}

#[derive(Deserialize)]
struct TwiggyPath {
    #[serde(default)]
    callers: Vec<TwiggyItem>,
}

/// Optimizes trunk's wasm-bindgen output with `wasm-opt -g` at the level in
/// `index.html` and runs twiggy on it.
pub fn analyse(root: &Path, site_dir: &Path, work: &Path) -> Result<WasmSize> {
    let shipped_path = find_shipped_wasm(site_dir)?;
    let shipped_bytes = file_size(&shipped_path)?;
    let bindgen_output = root.join("target/wasm-bindgen/release/dpg-backlog_bg.wasm");
    if !bindgen_output.is_file() {
        bail!(
            "{} is missing; build the site with `cargo xtask site`",
            bindgen_output.display()
        );
    }
    let named = work.join("app-named.wasm");
    let level = wasm_opt_level(root);
    let wasm_opt = root.join(".tools/binaryen/node_modules/.bin/wasm-opt");
    println!("Optimizing a copy of the wasm with names kept (wasm-opt -O{level} -g)");
    tools::run(
        Command::new(&wasm_opt)
            .arg(format!("-O{level}"))
            .arg("-g")
            .arg(format!("--output={}", named.display()))
            .arg(&bindgen_output),
    )
    .context("wasm-opt failed; run `cargo xtask setup` to install it")?;
    ensure_twiggy()?;

    let top = capture(
        Command::new("twiggy")
            .args(["top", "-n", &TOP_ITEMS.to_string()])
            .arg(&named),
    )?;
    let all = capture(
        Command::new("twiggy")
            .args(["top", "-n", "1000000", "--format", "json"])
            .arg(&named),
    )?;
    let items: Vec<TwiggyItem> =
        serde_json::from_str(&all).context("twiggy's JSON output has changed")?;
    let name_section_bytes = items
        .iter()
        .filter(|item| group_of(&item.name).is_none())
        .map(|item| item.shallow_size)
        .sum();
    let groups = group_sizes(&items);
    let mut large_segments = Vec::new();
    for item in items.iter().filter(|item| {
        item.name.starts_with("data segment") && item.shallow_size >= LARGE_SEGMENT_BYTES
    }) {
        let referrers = segment_referrers(&named, &item.name)?;
        large_segments.push((item.name.clone(), item.shallow_size, referrers));
    }
    Ok(WasmSize {
        shipped_path,
        shipped_bytes,
        named_bytes: file_size(&named)?,
        name_section_bytes,
        top,
        groups,
        large_segments,
    })
}

/// Adds up item sizes by group, largest first, leaving out the name section.
fn group_sizes<'a>(items: impl IntoIterator<Item = &'a TwiggyItem>) -> Vec<(String, u64)> {
    let mut totals: std::collections::BTreeMap<String, u64> = Default::default();
    for item in items {
        if let Some(group) = group_of(&item.name) {
            *totals.entry(group).or_default() += item.shallow_size;
        }
    }
    let mut groups: Vec<(String, u64)> = totals.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    groups
}

/// Returns the crate a twiggy item belongs to, a bracketed kind for items
/// that are not Rust functions, or `None` for the name section and other
/// custom sections.
///
/// A function counts toward the first crate outside the standard library
/// whose path appears in its name, so `Vec<leptos::View>::drop` counts for
/// leptos. This is an estimate: generic code shared by several crates counts once.
pub fn group_of(name: &str) -> Option<String> {
    if name.ends_with("subsection") || name.starts_with("custom section") {
        return None;
    }
    let kind = |label: &str| Some(format!("({label})"));
    if name.starts_with("data segment") {
        return kind("data segments: constants, strings, tables");
    }
    if name.starts_with("import ") || name.starts_with("export ") {
        return kind("imports and exports");
    }
    if name.starts_with("code[") {
        return kind("functions without a name");
    }
    for prefix in ["type[", "table[", "elem[", "global[", "memory[", "func["] {
        if name.starts_with(prefix) {
            return kind("types, tables and globals");
        }
    }
    let roots = path_roots(name);
    let crate_name = roots
        .iter()
        .find(|root| !STANDARD_CRATES.contains(root))
        .or(roots.first())
        .copied();
    Some(match crate_name {
        Some(crate_name) => crate_name.to_string(),
        None if name.contains("__wbindgen")
            || name.contains("__wbg")
            || name.contains("externref") =>
        {
            "wasm_bindgen".to_string()
        }
        None => "(other functions: runtime, compiler intrinsics)".to_string(),
    })
}

/// Returns the first segment of every path in a demangled name, in order:
/// `<alloc::vec::Vec<leptos::View> as core::ops::Drop>::drop` gives alloc,
/// leptos and core. Hashes written as `alloc[3ca501ed]` are dropped.
fn path_roots(name: &str) -> Vec<&str> {
    let bytes = name.as_bytes();
    let mut roots = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
        let at_path_start = index == 0 || !(is_word(bytes[index - 1]) || bytes[index - 1] == b':');
        if !(at_path_start && (bytes[index].is_ascii_alphabetic() || bytes[index] == b'_')) {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && is_word(bytes[index]) {
            index += 1;
        }
        let ident = &name[start..index];
        if bytes.get(index) == Some(&b'[') {
            if let Some(close) = name[index..].find(']') {
                index += close + 1;
            }
        }
        let starts_lowercase = ident.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        if name[index..].starts_with("::") && starts_lowercase {
            roots.push(ident);
        }
        // Skip the rest of this path so its inner segments do not count.
        while index < bytes.len() && (is_word(bytes[index]) || bytes[index] == b':') {
            index += 1;
        }
    }
    roots
}

/// Returns up to three functions that refer to a data segment, from
/// `twiggy paths`.
fn segment_referrers(wasm: &Path, segment: &str) -> Result<Vec<String>> {
    let output = capture(
        Command::new("twiggy")
            .args(["paths", "--format", "json"])
            .arg(wasm)
            .arg(segment),
    )?;
    let paths: Vec<TwiggyPath> =
        serde_json::from_str(&output).context("twiggy's JSON output has changed")?;
    Ok(paths
        .into_iter()
        .flat_map(|path| path.callers)
        .map(|caller| caller.name)
        .take(3)
        .collect())
}

fn find_shipped_wasm(site_dir: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(site_dir)
        .with_context(|| format!("cannot read {}", site_dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name.ends_with("_bg.wasm") {
            return Ok(path);
        }
    }
    bail!(
        "no *_bg.wasm in {}; build the site first",
        site_dir.display()
    )
}

/// Returns the `data-wasm-opt` level that trunk reads from `index.html`,
/// or `z` when the attribute is missing.
fn wasm_opt_level(root: &Path) -> String {
    let html = std::fs::read_to_string(root.join("index.html")).unwrap_or_default();
    html.split("data-wasm-opt=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .filter(|level| !level.is_empty())
        .unwrap_or("z")
        .to_string()
}

fn ensure_twiggy() -> Result<()> {
    let version = Command::new("twiggy").arg("--version").output();
    if version.is_ok_and(|output| output.status.success()) {
        return Ok(());
    }
    println!("twiggy {TWIGGY_VERSION}: installing with cargo (takes a few minutes)");
    tools::run(Command::new("cargo").args([
        "install",
        "twiggy",
        "--version",
        TWIGGY_VERSION,
        "--locked",
    ]))
}

fn capture(command: &mut Command) -> Result<String> {
    let line = tools::describe(command);
    let output = command
        .output()
        .with_context(|| format!("failed to start `{line}`"))?;
    if !output.status.success() {
        bail!(
            "`{line}` failed with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("`{line}` printed invalid UTF-8"))
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_count_for_their_crate() {
        let cases = [
            ("dpg_backlog::main::h6a24d6f06c711a45", "dpg_backlog"),
            ("pulldown_cmark::parse::Parser::new_ext::h22a7", "pulldown_cmark"),
            ("core::fmt::write::h123", "core"),
            ("<u32>::from_ascii_radix", "(other functions: runtime, compiler intrinsics)"),
            (
                "core::ptr::drop_in_place<alloc::vec::Vec<wasm_bindgen::__rt::X>>::h1",
                "wasm_bindgen",
            ),
            (
                "<tachys::html::element::ElementState<At,Ch> as tachys::view::Mountable>::mount::h3",
                "tachys",
            ),
            ("<alloc[3ca501edff3f0c7c]::alloc::Global>::alloc_impl_runtime.1050", "alloc"),
            ("tachys::reactive_graph::<impl tachys::view::Render for F>::build", "tachys"),
            ("<[char; N] as core::str::pattern::MultiCharEq>::matches::ha5", "core"),
        ];
        for (name, expected) in cases {
            assert_eq!(group_of(name).as_deref(), Some(expected), "item {name}");
        }
    }

    #[test]
    fn other_items_get_their_kind() {
        assert_eq!(
            group_of("data segment \".rodata.38\"").as_deref(),
            Some("(data segments: constants, strings, tables)")
        );
        assert_eq!(
            group_of("import ./dpg-backlog_bg.js::__wbg_x").as_deref(),
            Some("(imports and exports)")
        );
        assert_eq!(
            group_of("code[2143]").as_deref(),
            Some("(functions without a name)")
        );
        assert_eq!(
            group_of("elem[0]").as_deref(),
            Some("(types, tables and globals)")
        );
        assert_eq!(
            group_of("__wbindgen_malloc").as_deref(),
            Some("wasm_bindgen")
        );
    }

    #[test]
    fn name_section_is_left_out() {
        assert_eq!(group_of("\"function names\" subsection"), None);
        assert_eq!(group_of("custom section 'producers'"), None);
        let items = [
            TwiggyItem {
                name: "\"function names\" subsection".into(),
                shallow_size: 1000,
            },
            TwiggyItem {
                name: "leptos::mount::a".into(),
                shallow_size: 10,
            },
            TwiggyItem {
                name: "leptos::mount::b".into(),
                shallow_size: 5,
            },
            TwiggyItem {
                name: "core::fmt::write".into(),
                shallow_size: 20,
            },
        ];
        assert_eq!(
            group_sizes(&items),
            vec![("core".to_string(), 20), ("leptos".to_string(), 15)]
        );
    }
}
