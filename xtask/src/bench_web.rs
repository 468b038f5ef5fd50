//! `cargo xtask bench web`: builds the site, serves it and the original
//! Jekyll site on 127.0.0.1, and reports side by side what a phone loads for
//! the home page and one entry, the Lighthouse scores, and the wasm size by
//! crate. It marks each target as met or not, and a missed target does not
//! make the command fail.

mod report;
mod wasm_size;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::serve::StaticServer;
use crate::tools;

/// Chromium from Debian's `chromium` package; Lighthouse 12.8.2 and
/// Playwright 1.64 drive it.
const DEFAULT_CHROME: &str = "/usr/lib/chromium/chromium";
/// Flags of every Chromium that Lighthouse starts. The resolver rule makes
/// every host name except 127.0.0.1 fail, so no page reaches another host.
const CHROME_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu \
    --disable-background-networking --disable-dev-shm-usage \
    --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'";
/// Pages measured on both sites, by name and path below the site root.
const PAGES: [(&str, &str); 2] = [("home", ""), ("primero", "primero/")];
const LIGHTHOUSE_VERSION: &str = "12.8.2";
const PLAYWRIGHT_VERSION: &str = "1.64.1";

#[derive(clap::Args)]
pub struct WebArgs {
    /// Folder of the original Jekyll site [default: `../shared/anchors/original-site`
    /// beside the repository].
    #[arg(long)]
    original: Option<PathBuf>,
    /// Lighthouse runs per page; the report shows the median of each figure.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Measure the site already built in `target/bench-web/site`.
    #[arg(long)]
    no_build: bool,
}

/// One site under test: its name in the report and the folder served.
struct SiteUnderTest {
    name: &'static str,
    root: PathBuf,
}

/// Output of `bench/web/measure.mjs` for one page.
#[derive(Deserialize)]
pub struct PageLoad {
    pub blocked: Vec<String>,
    pub requests: Vec<Request>,
    pub html: HtmlCheck,
}

/// One file the page loaded.
#[derive(Deserialize)]
pub struct Request {
    pub url: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `first-view` when it started before the page went quiet without
    /// scrolling, `after-scroll` when scrolling through the page started it.
    pub phase: String,
    pub status: Option<u16>,
    pub bytes: u64,
    /// Brotli size (quality 11) for text, JSON and wasm. Images and fonts
    /// count at their raw size, because servers send them as they are.
    pub brotli: u64,
    pub failure: Option<String>,
}

/// How much of the first screen the HTML carries in its first round trip.
#[derive(Deserialize)]
pub struct HtmlCheck {
    pub bytes: u64,
    pub brotli: u64,
    pub first_round_trip_bytes: u64,
    pub first_screen_texts: usize,
    pub first_screen_texts_in_first_round_trip: usize,
    pub missing_texts: Vec<String>,
    pub first_screen_images: usize,
    pub first_screen_images_in_first_round_trip: usize,
}

/// Median Lighthouse figures of one page over several runs.
#[derive(Clone, Debug, Default)]
pub struct Lighthouse {
    /// Category scores from 0 to 100, `None` when Lighthouse gave no score.
    pub performance: Option<f64>,
    pub accessibility: Option<f64>,
    pub best_practices: Option<f64>,
    pub seo: Option<f64>,
    /// Milliseconds, simulated for Lighthouse's mobile device and network.
    pub lcp_ms: Option<f64>,
    pub fcp_ms: Option<f64>,
    pub tbt_ms: Option<f64>,
    pub cls: Option<f64>,
    /// Hosts other than 127.0.0.1 that any run requested.
    pub other_hosts: Vec<String>,
    pub runs: usize,
}

/// Measurements of one page of one site.
pub struct PageResult {
    pub site: &'static str,
    pub page: &'static str,
    pub load: PageLoad,
    pub lighthouse: Lighthouse,
}

/// Runs the whole benchmark and prints the report.
pub fn bench_web(args: &WebArgs) -> Result<()> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let root = tools::repo_root();
    let work = root.join("target/bench-web");
    let bench_dir = root.join("bench/web");
    let chrome = chrome_path()?;
    let original = match &args.original {
        Some(folder) => folder.clone(),
        None => root.join("../shared/anchors/original-site"),
    };
    if !original.join("index.html").is_file() {
        bail!(
            "{} has no index.html; pass the original site's folder with --original",
            original.display()
        );
    }
    ensure_node_packages(&bench_dir)?;
    let site_dir = work.join("site");
    if !args.no_build {
        let mut command = tools::cargo_command();
        command.args(["xtask", "site", "--dist"]).arg(&site_dir);
        tools::run(&mut command).context("failed to build the site")?;
    }
    if !site_dir.join("index.html").is_file() {
        bail!(
            "{} has no index.html; run without --no-build",
            site_dir.display()
        );
    }

    let sites = [
        SiteUnderTest {
            name: "ours",
            root: site_dir.clone(),
        },
        SiteUnderTest {
            name: "original",
            root: original,
        },
    ];
    let mut results = Vec::new();
    for site in &sites {
        let listener = crate::serve::bind_loopback(Some(0))?;
        let server = StaticServer::start_compressed(listener, site.root.clone())?;
        println!("Serving {} at {}", site.name, server.url());
        let measured = measure_site(site, server.url(), &bench_dir, &work, &chrome, args.runs);
        server.stop();
        results.extend(measured?);
    }

    let wasm = wasm_size::analyse(&root, &site_dir, &work)?;
    let text = report::render(&results, &wasm);
    println!("\n{text}");
    let report_path = work.join("report.md");
    std::fs::write(&report_path, &text)
        .with_context(|| format!("cannot write {}", report_path.display()))?;
    println!(
        "Wrote {} and the raw measurements beside it",
        report_path.display()
    );
    Ok(())
}

fn measure_site(
    site: &SiteUnderTest,
    url: &str,
    bench_dir: &Path,
    work: &Path,
    chrome: &Path,
    runs: usize,
) -> Result<Vec<PageResult>> {
    let mut results = Vec::new();
    for (page, path) in PAGES {
        let page_url = format!("{url}{path}");
        println!("Measuring {} {page}: {page_url}", site.name);
        let load_path = work.join(format!("load-{}-{page}.json", site.name));
        let mut measure = Command::new("node");
        measure
            .arg(bench_dir.join("measure.mjs"))
            .arg(&page_url)
            .arg(&load_path)
            .current_dir(bench_dir)
            .env("CHROME_PATH", chrome);
        tools::run(&mut measure).with_context(|| format!("failed to measure {page_url}"))?;
        let load: PageLoad = read_json(&load_path)?;

        let mut reports = Vec::new();
        for run in 1..=runs {
            let output = work.join(format!("lighthouse-{}-{page}-{run}.json", site.name));
            run_lighthouse(&page_url, &output, bench_dir, chrome)?;
            reports.push(read_json::<serde_json::Value>(&output)?);
        }
        results.push(PageResult {
            site: site.name,
            page,
            load,
            lighthouse: median_lighthouse(&reports),
        });
    }
    Ok(results)
}

fn run_lighthouse(url: &str, output: &Path, bench_dir: &Path, chrome: &Path) -> Result<()> {
    let mut command = Command::new("node");
    command
        .arg(bench_dir.join("node_modules/lighthouse/cli/index.js"))
        .arg(url)
        .arg("--output=json")
        .arg(format!("--output-path={}", output.display()))
        .args(["--quiet", "--no-enable-error-reporting"])
        .arg("--only-categories=performance,accessibility,best-practices,seo")
        .arg(format!("--chrome-flags={CHROME_FLAGS}"))
        .current_dir(bench_dir)
        .env("CHROME_PATH", chrome);
    tools::run(&mut command).with_context(|| format!("Lighthouse failed on {url}"))
}

/// Returns the median of each figure over the runs, so one slow run on a
/// busy machine does not decide the report.
pub fn median_lighthouse(reports: &[serde_json::Value]) -> Lighthouse {
    let score = |category: &str| {
        median(reports.iter().filter_map(|report| {
            report["categories"][category]["score"]
                .as_f64()
                .map(|score| (score * 100.0).round())
        }))
    };
    let audit = |id: &str| {
        median(
            reports
                .iter()
                .filter_map(|report| report["audits"][id]["numericValue"].as_f64()),
        )
    };
    let mut other_hosts: Vec<String> = reports
        .iter()
        .filter_map(|report| report["audits"]["network-requests"]["details"]["items"].as_array())
        .flatten()
        .filter_map(|item| item["url"].as_str())
        .filter_map(host_of)
        .filter(|host| host != "127.0.0.1")
        .collect();
    other_hosts.sort();
    other_hosts.dedup();
    Lighthouse {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        seo: score("seo"),
        lcp_ms: audit("largest-contentful-paint"),
        fcp_ms: audit("first-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        other_hosts,
        runs: reports.len(),
    }
}

/// Returns the median, the mean of the middle two for an even count.
pub fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut values: Vec<f64> = values.filter(|value| value.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        Some(values[middle])
    } else {
        Some((values[middle - 1] + values[middle]) / 2.0)
    }
}

/// Returns the host of an `http:` or `https:` URL, without the port.
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    Some(host.to_string())
}

fn chrome_path() -> Result<PathBuf> {
    let chrome = std::env::var_os("CHROME_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CHROME));
    if !chrome.is_file() {
        bail!(
            "Chromium not found at {}: install Debian's `chromium` package or set CHROME_PATH",
            chrome.display()
        );
    }
    Ok(chrome)
}

/// Installs Lighthouse and Playwright from `bench/web/package-lock.json`
/// when they are missing or at another version.
fn ensure_node_packages(bench_dir: &Path) -> Result<()> {
    if Command::new("node").arg("--version").output().is_err() {
        bail!("the web benchmark needs Node.js 20 or later on PATH");
    }
    let installed = |package: &str, version: &str| {
        let manifest = bench_dir
            .join("node_modules")
            .join(package)
            .join("package.json");
        std::fs::read_to_string(manifest)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|json| json["version"] == version)
    };
    if installed("lighthouse", LIGHTHOUSE_VERSION)
        && installed("playwright-core", PLAYWRIGHT_VERSION)
    {
        return Ok(());
    }
    println!(
        "Installing Lighthouse {LIGHTHOUSE_VERSION} and Playwright {PLAYWRIGHT_VERSION} into {}",
        bench_dir.display()
    );
    // Playwright must use Debian's Chromium, never a browser it downloads.
    tools::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(bench_dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not the expected JSON", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), Some(2.0));
        assert_eq!(median([4.0, 1.0, 2.0, 3.0].into_iter()), Some(2.5));
        assert_eq!(median([f64::NAN].into_iter()), None);
        assert_eq!(median(std::iter::empty()), None);
    }

    #[test]
    fn host_drops_scheme_port_and_path() {
        assert_eq!(
            host_of("http://127.0.0.1:8080/a?b").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(
            host_of("https://fonts.example.org/css").as_deref(),
            Some("fonts.example.org")
        );
        assert_eq!(host_of("data:image/png;base64,xyz"), None);
    }

    #[test]
    fn lighthouse_figures_are_medians() {
        let report = |performance: f64, lcp: f64, url: &str| {
            json!({
                "categories": {
                    "performance": {"score": performance},
                    "accessibility": {"score": 1.0},
                    "best-practices": {"score": 1.0},
                    "seo": {"score": null},
                },
                "audits": {
                    "largest-contentful-paint": {"numericValue": lcp},
                    "network-requests": {"details": {"items": [{"url": url}]}},
                },
            })
        };
        let reports = [
            report(0.9, 1200.0, "http://127.0.0.1:1/"),
            report(1.0, 900.0, "http://127.0.0.1:1/a.js"),
            report(0.5, 5000.0, "https://other.example/x"),
        ];
        let lighthouse = median_lighthouse(&reports);
        assert_eq!(lighthouse.performance, Some(90.0));
        assert_eq!(lighthouse.lcp_ms, Some(1200.0));
        assert_eq!(lighthouse.seo, None);
        assert_eq!(lighthouse.tbt_ms, None);
        assert_eq!(lighthouse.other_hosts, vec!["other.example".to_string()]);
        assert_eq!(lighthouse.runs, 3);
    }
}
