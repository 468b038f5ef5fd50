//! `cargo xtask serve` and the static server behind it, which the test
//! runner also starts in-process. It listens on 127.0.0.1 only.

use std::fs::File;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::site::{self, SiteArgs};
use crate::static_files::{self, Resolved};

const DEFAULT_PORT: u16 = 8080;
/// Worker threads that send responses. tiny_http parses requests on threads of its own.
const WORKER_COUNT: usize = 4;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// TCP port on 127.0.0.1 [default: 8080, or a free port if 8080 is taken].
    #[arg(long)]
    port: Option<u16>,
    #[command(flatten)]
    site: SiteArgs,
    /// Serve the output folder as it is, without building the site first.
    #[arg(long)]
    no_build: bool,
}

/// Builds the site unless `--no-build` is given, then serves it until the
/// process is stopped.
pub fn serve(args: &ServeArgs) -> Result<()> {
    let base = args.site.base_path()?;
    let dist = args.site.dist_dir()?;
    if !args.no_build {
        site::site(&args.site)?;
    }
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: run without --no-build to build the site",
            dist.display()
        );
    }

    let listener = bind_loopback(args.port)?;
    let server = StaticServer::start(listener, dist, base)?;
    println!("Serving the backlog at {}", server.url());
    server.wait();
    Ok(())
}

/// Binds 127.0.0.1 on `port`, or on 8080 falling back to a free port when
/// no port is given.
pub fn bind_loopback(port: Option<u16>) -> Result<TcpListener> {
    let bind = |port| TcpListener::bind((Ipv4Addr::LOCALHOST, port));
    match port {
        Some(port) => bind(port)
            .with_context(|| format!("failed to listen on 127.0.0.1:{port}: pick another --port")),
        None => bind(DEFAULT_PORT)
            .or_else(|_| bind(0))
            .context("failed to listen on any port of 127.0.0.1"),
    }
}

/// A running static server. Dropping the handle leaves the server running, so call `stop`.
pub struct StaticServer {
    server: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    url: String,
}

impl StaticServer {
    /// Serves `root` under the URL path `base` (with leading and trailing
    /// slashes) on an already bound listener.
    pub fn start(listener: TcpListener, root: PathBuf, base: String) -> Result<Self> {
        let address: SocketAddr = listener
            .local_addr()
            .context("failed to read the listener address")?;
        let url = format!("http://{address}{base}");
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|error| anyhow::anyhow!("failed to start the server on {address}: {error}"))?;
        let server = Arc::new(server);
        let stopping = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site { root, base });

        let workers = (0..WORKER_COUNT)
            .map(|_| {
                let server = Arc::clone(&server);
                let stopping = Arc::clone(&stopping);
                let site = Arc::clone(&site);
                thread::spawn(move || serve_requests(&server, &stopping, &site))
            })
            .collect();
        Ok(Self {
            server,
            stopping,
            workers,
            url,
        })
    }

    /// Returns the URL of the base path, such as `http://127.0.0.1:8080/backlog/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops the worker threads and closes the listener.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Each `unblock` wakes exactly one worker waiting in `recv`.
        for _ in &self.workers {
            self.server.unblock();
        }
        self.wait();
    }

    /// Blocks until the server is stopped.
    pub fn wait(self) {
        for worker in self.workers {
            if worker.join().is_err() {
                eprintln!("serve: a worker thread panicked");
            }
        }
    }
}

/// The folder being served and its URL path.
struct Site {
    root: PathBuf,
    base: String,
}

fn serve_requests(server: &tiny_http::Server, stopping: &AtomicBool, site: &Site) {
    loop {
        match server.recv() {
            Ok(request) => handle_request(request, site),
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            Err(error) => {
                eprintln!("serve: failed to accept a request: {error}");
                // Keeps a persistent accept error from filling the log.
                thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

fn handle_request(request: Request, site: &Site) {
    let method = request.method().clone();
    let target = request.url().to_string();
    let result = match method {
        Method::Get | Method::Head => respond_from_site(request, site, &target),
        _ => request.respond(
            text_response(405, "Method not allowed\n").with_header(header("Allow", "GET, HEAD")),
        ),
    };
    if let Err(error) = result {
        eprintln!("serve: failed to respond to {method} {target}: {error}");
    }
}

fn respond_from_site(request: Request, site: &Site, target: &str) -> io::Result<()> {
    match static_files::resolve(&site.root, &site.base, target) {
        Resolved::File(path) => match file_response(&path) {
            Ok(response) => request.respond(response),
            Err(error) => {
                eprintln!("serve: failed to open {}: {error}", path.display());
                request.respond(text_response(500, "Internal server error\n"))
            }
        },
        // The query is copied from the request, so it may not be valid ASCII.
        Resolved::Redirect(location) => match Header::from_bytes("Location", location) {
            Ok(location) => request.respond(text_response(308, "Moved\n").with_header(location)),
            Err(()) => request.respond(text_response(400, "Bad request\n")),
        },
        Resolved::BadRequest => request.respond(text_response(400, "Bad request\n")),
        Resolved::NotFound => request.respond(text_response(404, "Not found\n")),
    }
}

fn file_response(path: &Path) -> io::Result<Response<File>> {
    let file = File::open(path)?;
    Ok(Response::from_file(file)
        .with_header(header("Content-Type", static_files::content_type(path)))
        .with_header(header("Cache-Control", static_files::cache_control(path)))
        // Other sites load the widget's script, wasm and data across origins,
        // as they would from a static host such as GitHub Pages.
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(connection_close()))
}

/// Asks the browser to close each connection after its response. tiny_http
/// gives every kept-alive connection a thread of its small pool, so idle
/// connections could hold them all while a new request, such as the wasm,
/// waits unread.
fn connection_close() -> Header {
    header("Connection", "close")
}

fn text_response(status: u16, body: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(connection_close())
}

/// Builds a header from constant ASCII text, which tiny_http always accepts.
fn header(name: &'static str, value: &'static str) -> Header {
    Header::from_bytes(name, value).expect("header name and value are valid ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// Sends one HTTP/1.0 request and returns the status code, the header
    /// block and the body.
    fn send(server: &StaticServer, method: &str, path: &str) -> (u16, String, String) {
        let address = server
            .url()
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        let (head, body) = reply.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head.to_ascii_lowercase(), body.to_string())
    }

    fn start(base: &str) -> (tempfile::TempDir, StaticServer) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "<p>app</p>").unwrap();
        fs::write(dir.path().join("app-1f2e3d4c5b6a7980_bg.wasm"), "wasm").unwrap();
        let listener = bind_loopback(Some(0)).unwrap();
        let server =
            StaticServer::start(listener, dir.path().to_path_buf(), base.to_string()).unwrap();
        (dir, server)
    }

    #[test]
    fn deep_link_gets_the_app() {
        let (_dir, server) = start("/");
        let (status, head, body) = send(&server, "GET", "/primero");
        assert_eq!(status, 200);
        assert!(
            head.contains("content-type: text/html; charset=utf-8"),
            "{head}"
        );
        assert!(head.contains("cache-control: no-cache"), "{head}");
        assert_eq!(body, "<p>app</p>");
        server.stop();
    }

    #[test]
    fn hashed_wasm_is_immutable() {
        let (_dir, server) = start("/");
        let (status, head, _) = send(&server, "GET", "/app-1f2e3d4c5b6a7980_bg.wasm");
        assert_eq!(status, 200);
        assert!(head.contains("content-type: application/wasm"), "{head}");
        assert!(
            head.contains("cache-control: public, max-age=31536000, immutable"),
            "{head}"
        );
        server.stop();
    }

    #[test]
    fn head_sends_no_body() {
        let (_dir, server) = start("/");
        let (status, head, body) = send(&server, "HEAD", "/");
        assert_eq!(status, 200);
        assert!(head.contains("content-length: 10"), "{head}");
        assert_eq!(body, "");
        server.stop();
    }

    #[test]
    fn sub_path_server_rejects_other_paths() {
        let (_dir, server) = start("/backlog/");
        assert_eq!(send(&server, "GET", "/backlog/primero").0, 200);
        assert_eq!(send(&server, "GET", "/primero").0, 404);
        assert_eq!(send(&server, "GET", "/backlog/missing.js").0, 404);
        assert_eq!(send(&server, "GET", "/backlog/../index.html").0, 400);
        server.stop();
    }

    #[test]
    fn base_without_slash_is_redirected() {
        let (_dir, server) = start("/backlog/");
        let (status, head, _) = send(&server, "GET", "/backlog?q=x");
        assert_eq!(status, 308);
        assert!(head.contains("location: /backlog/?q=x"), "{head}");
        server.stop();
    }

    #[test]
    fn post_is_not_allowed() {
        let (_dir, server) = start("/");
        assert_eq!(send(&server, "POST", "/").0, 405);
        server.stop();
    }
}
