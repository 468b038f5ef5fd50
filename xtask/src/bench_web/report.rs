//! The Markdown report of `cargo xtask bench web`: for each page, ours and
//! the original side by side with the ratio and the target, then every file
//! loaded, then the wasm size by function and by crate.

use std::fmt::Write as _;

use super::wasm_size::WasmSize;
use super::{Lighthouse, PageLoad, PageResult};

/// Largest first view we aim for, in brotli bytes.
const FIRST_VIEW_MAX_BYTES: u64 = 200_000;
/// Our first view should weigh at most this fraction of the original's.
const FIRST_VIEW_MAX_RATIO: f64 = 1.0 / 20.0;
const LCP_MAX_MS: f64 = 1500.0;
const TBT_MAX_MS: f64 = 100.0;

/// Renders the whole report.
pub fn render(results: &[PageResult], wasm: &WasmSize) -> String {
    let mut out = String::new();
    out.push_str("# Web benchmark: this site against the original Jekyll site\n\n");
    out.push_str(
        "Headless Chromium at 412 × 823 CSS pixels, device scale 1.75. The first view \
         is every file a page loads without scrolling until no request has been in flight \
         for 2 s. Brotli sizes are at quality 11 for text, JSON and wasm; images and fonts \
         count at their raw size. Lighthouse 12.8.2 runs with its mobile defaults \
         (simulated slow 4G and a 4× slower CPU) and the report shows the median of each \
         figure. 1 kB = 1,000 bytes.\n\n",
    );
    for (page, _) in super::PAGES {
        let ours = results.iter().find(|r| r.site == "ours" && r.page == page);
        let original = results
            .iter()
            .find(|r| r.site == "original" && r.page == page);
        if let (Some(ours), Some(original)) = (ours, original) {
            render_comparison(&mut out, page, ours, original);
        }
    }
    for result in results {
        render_files(&mut out, result);
    }
    render_wasm(&mut out, wasm);
    out
}

/// One row of a comparison table.
struct Row {
    figure: &'static str,
    ours: Option<f64>,
    original: Option<f64>,
    format: fn(f64) -> String,
    target: &'static str,
    /// Whether ours meets the target, given ours and the original.
    met: Option<fn(f64, f64) -> bool>,
}

fn render_comparison(out: &mut String, page: &str, ours: &PageResult, original: &PageResult) {
    let _ = writeln!(out, "## Page `{page}`\n");
    out.push_str("| figure | ours | original | ours / original | target | met |\n");
    out.push_str("|---|--:|--:|--:|---|---|\n");
    let rows = comparison_rows(page, ours, original);
    for row in rows {
        let ratio = match (row.ours, row.original) {
            (Some(ours), Some(original)) if original != 0.0 => format!("{:.3}", ours / original),
            _ => "–".to_string(),
        };
        let met = match (row.met, row.ours, row.original) {
            (Some(check), Some(ours), Some(original)) => yes_no(check(ours, original)),
            (Some(_), _, _) => "no figure",
            (None, _, _) => "",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {ratio} | {} | {met} |",
            row.figure,
            row.ours.map_or("–".to_string(), row.format),
            row.original.map_or("–".to_string(), row.format),
            row.target,
        );
    }
    out.push('\n');
    for result in [ours, original] {
        notes_on_load(out, result);
    }
}

fn comparison_rows(page: &str, ours: &PageResult, original: &PageResult) -> Vec<Row> {
    let first_view = |load: &PageLoad, brotli: bool| {
        load.requests
            .iter()
            .filter(|request| request.phase == "first-view")
            .map(|request| {
                if brotli {
                    request.brotli
                } else {
                    request.bytes
                }
            })
            .sum::<u64>() as f64
    };
    let files = |load: &PageLoad| {
        load.requests
            .iter()
            .filter(|request| request.phase == "first-view")
            .count() as f64
    };
    let text_share = |load: &PageLoad| {
        let html = &load.html;
        if html.first_screen_texts == 0 {
            return 0.0;
        }
        html.first_screen_texts_in_first_round_trip as f64 / html.first_screen_texts as f64
    };
    let (o, g) = (&ours.load, &original.load);
    let (ol, gl) = (&ours.lighthouse, &original.lighthouse);
    let mut rows = vec![
        Row {
            figure: "first-view files",
            ours: Some(files(o)),
            original: Some(files(g)),
            format: whole,
            target: "",
            met: None,
        },
        Row {
            figure: "first-view bytes, raw",
            ours: Some(first_view(o, false)),
            original: Some(first_view(g, false)),
            format: kilobytes,
            target: "",
            met: None,
        },
        Row {
            figure: "first-view bytes, brotli",
            ours: Some(first_view(o, true)),
            original: Some(first_view(g, true)),
            format: kilobytes,
            target: "≤ 1/20 of the original and < 200 kB",
            met: Some(|ours, original| {
                ours <= original * FIRST_VIEW_MAX_RATIO && ours < FIRST_VIEW_MAX_BYTES as f64
            }),
        },
        Row {
            figure: "HTML, brotli",
            ours: Some(o.html.brotli as f64),
            original: Some(g.html.brotli as f64),
            format: kilobytes,
            target: "",
            met: None,
        },
        Row {
            figure: "first-screen text in the HTML's first 14 KiB",
            ours: Some(text_share(o)),
            original: Some(text_share(g)),
            format: percent,
            target: if page == "home" { "100 %" } else { "" },
            met: if page == "home" {
                Some(|ours, _| ours >= 1.0)
            } else {
                None
            },
        },
    ];
    rows.extend(lighthouse_rows(ol, gl));
    rows
}

fn lighthouse_rows(ours: &Lighthouse, original: &Lighthouse) -> Vec<Row> {
    let score = |figure, ours: Option<f64>, original: Option<f64>| Row {
        figure,
        ours,
        original,
        format: whole,
        target: "100",
        met: Some(|ours, _| ours >= 100.0),
    };
    vec![
        score(
            "Lighthouse performance",
            ours.performance,
            original.performance,
        ),
        score(
            "Lighthouse accessibility",
            ours.accessibility,
            original.accessibility,
        ),
        score(
            "Lighthouse best practices",
            ours.best_practices,
            original.best_practices,
        ),
        score("Lighthouse SEO", ours.seo, original.seo),
        Row {
            figure: "LCP",
            ours: ours.lcp_ms,
            original: original.lcp_ms,
            format: milliseconds,
            target: "< 1.5 s",
            met: Some(|ours, _| ours < LCP_MAX_MS),
        },
        Row {
            figure: "FCP",
            ours: ours.fcp_ms,
            original: original.fcp_ms,
            format: milliseconds,
            target: "",
            met: None,
        },
        Row {
            figure: "TBT",
            ours: ours.tbt_ms,
            original: original.tbt_ms,
            format: milliseconds,
            target: "< 100 ms",
            met: Some(|ours, _| ours < TBT_MAX_MS),
        },
        Row {
            figure: "CLS",
            ours: ours.cls,
            original: original.cls,
            format: |value| format!("{value:.3}"),
            target: "0",
            met: Some(|ours, _| ours == 0.0),
        },
    ]
}

/// Lists first-screen text missing from the first 14 KiB and any request
/// that failed or went to another host.
fn notes_on_load(out: &mut String, result: &PageResult) {
    let load = &result.load;
    let html = &load.html;
    let _ = writeln!(
        out,
        "- {}: the first 14 KiB of brotli carry {} of {} bytes of HTML, {} of {} \
         first-screen text blocks and {} of {} first-screen images; Lighthouse ran {} times.",
        result.site,
        thousands(html.first_round_trip_bytes),
        thousands(html.bytes),
        html.first_screen_texts_in_first_round_trip,
        html.first_screen_texts,
        html.first_screen_images_in_first_round_trip,
        html.first_screen_images,
        result.lighthouse.runs,
    );
    if !html.missing_texts.is_empty() {
        let missing: Vec<String> = html
            .missing_texts
            .iter()
            .map(|text| format!("“{}”", shorten(text, 40)))
            .collect();
        let _ = writeln!(out, "  Missing text: {}.", missing.join(", "));
    }
    let failed: Vec<&str> = load
        .requests
        .iter()
        .filter(|request| request.failure.is_some() || request.status.is_some_and(|s| s >= 400))
        .map(|request| request.url.as_str())
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "  Failed requests: {}.", failed.join(", "));
    }
    let mut other_hosts = load.blocked.clone();
    other_hosts.extend(result.lighthouse.other_hosts.iter().cloned());
    if !other_hosts.is_empty() {
        let _ = writeln!(
            out,
            "  Blocked requests to other hosts: {}.",
            other_hosts.join(", ")
        );
    }
    if result.site == "original" {
        out.push('\n');
    }
}

fn render_files(out: &mut String, result: &PageResult) {
    let _ = writeln!(
        out,
        "### Files loaded: {}, page `{}`\n",
        result.site, result.page
    );
    out.push_str("| phase | type | file | status | raw bytes | brotli bytes |\n");
    out.push_str("|---|---|---|--:|--:|--:|\n");
    for request in &result.load.requests {
        let status = match (&request.failure, request.status) {
            (Some(failure), _) => failure.clone(),
            (None, Some(status)) => status.to_string(),
            (None, None) => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {status} | {} | {} |",
            request.phase,
            request.resource_type,
            shorten(&site_path(&request.url), 60),
            thousands(request.bytes),
            thousands(request.brotli),
        );
    }
    for phase in ["first-view", "after-scroll"] {
        let requests = result.load.requests.iter().filter(|r| r.phase == phase);
        let (count, bytes, brotli) = requests.fold((0, 0, 0), |(count, bytes, brotli), r| {
            (count + 1, bytes + r.bytes, brotli + r.brotli)
        });
        if count > 0 {
            let _ = writeln!(
                out,
                "| **{phase} total** | | {count} files | | **{}** | **{}** |",
                thousands(bytes),
                thousands(brotli)
            );
        }
    }
    out.push('\n');
}

fn render_wasm(out: &mut String, wasm: &WasmSize) {
    out.push_str("## WebAssembly size\n\n");
    let _ = writeln!(
        out,
        "The shipped `{}` has {} bytes. twiggy reads a copy optimized the same way with \
         names kept: {} bytes, of which {} are the name section and other custom sections, \
         so the items below add up to {} bytes.\n",
        wasm.shipped_path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        thousands(wasm.shipped_bytes),
        thousands(wasm.named_bytes),
        thousands(wasm.name_section_bytes),
        thousands(wasm.named_bytes.saturating_sub(wasm.name_section_bytes)),
    );
    out.push_str("### `twiggy top -n 25`\n\n```text\n");
    out.push_str(wasm.top.trim_end());
    out.push_str("\n```\n\n");

    let total: u64 = wasm.groups.iter().map(|(_, bytes)| bytes).sum();
    out.push_str("### By crate\n\n");
    out.push_str(
        "Each function counts for the first crate outside `core`, `alloc` and `std` \
         in its name, so generic standard-library code counts for the crate that \
         instantiates it. Data segments cannot be split by crate.\n\n",
    );
    out.push_str("| crate or kind | bytes | share |\n|---|--:|--:|\n");
    for (group, bytes) in &wasm.groups {
        let _ = writeln!(
            out,
            "| {group} | {} | {} |",
            thousands(*bytes),
            percent(*bytes as f64 / total.max(1) as f64)
        );
    }
    let _ = writeln!(out, "| **total** | **{}** | |\n", thousands(total));

    if !wasm.large_segments.is_empty() {
        out.push_str("### Data segments of 10 kB or more\n\n");
        out.push_str("| segment | bytes | referenced from |\n|---|--:|---|\n");
        for (segment, bytes, referrers) in &wasm.large_segments {
            let referrers: Vec<String> = referrers
                .iter()
                .map(|name| format!("`{}`", shorten(name, 90)))
                .collect();
            let referrers = if referrers.is_empty() {
                "no function refers to it directly".to_string()
            } else {
                referrers.join("<br>")
            };
            let _ = writeln!(out, "| `{segment}` | {} | {referrers} |", thousands(*bytes));
        }
        out.push('\n');
    }
}

/// Returns the path of a URL on its host: `/img/a.webp` for `http://127.0.0.1:1/img/a.webp`.
fn site_path(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(slash) => rest[slash..].to_string(),
            None => "/".to_string(),
        },
        None => url.to_string(),
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    format!("{cut}…")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn whole(value: f64) -> String {
    format!("{value:.0}")
}

fn percent(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

fn milliseconds(value: f64) -> String {
    format!("{} ms", thousands(value.round() as u64))
}

fn kilobytes(value: f64) -> String {
    format!("{:.1} kB", value / 1000.0)
}

/// Formats a count with commas between thousands: `1,234,567`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2151470), "2,151,470");
    }

    #[test]
    fn site_path_drops_the_origin() {
        assert_eq!(site_path("http://127.0.0.1:9/img/a.webp"), "/img/a.webp");
        assert_eq!(site_path("http://127.0.0.1:9"), "/");
        assert_eq!(site_path("data:,"), "data:,");
    }

    #[test]
    fn shorten_keeps_short_text() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
