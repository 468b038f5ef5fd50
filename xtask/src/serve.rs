//! `cargo xtask serve` and the static server behind it, which the test
//! runner also starts in-process. It listens on 127.0.0.1 only.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::compression::{self, CompressedFiles};
use crate::site::{self, SiteArgs};
use crate::static_files::{self, Resolved};

const DEFAULT_PORT: u16 = 8080;

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

/// Maximum length of a request head that is read; browsers' requests for static files are far shorter.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A running static server: one thread per connection and one response per
/// connection. Closing each connection matters because browsers open
/// several at once, and a server that parks idle kept-alive connections on
/// a small thread pool can leave a new request, such as the wasm, unread.
/// Dropping the handle leaves the server running, so call `stop`.
pub struct StaticServer {
    url: String,
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: JoinHandle<()>,
}

impl StaticServer {
    /// Serves `root` under the URL path `base` (with leading and trailing
    /// slashes) on an already bound listener.
    pub fn start(listener: TcpListener, root: PathBuf, base: String) -> Result<Self> {
        Self::start_site(
            listener,
            Site {
                root,
                base,
                brotli: None,
            },
        )
    }

    /// Serves `root` at `/` like `start`, and sends text, JSON and wasm
    /// brotli-compressed to clients that accept it, as the web benchmark needs.
    pub fn start_compressed(listener: TcpListener, root: PathBuf) -> Result<Self> {
        let site = Site {
            root,
            base: "/".to_string(),
            brotli: Some(CompressedFiles::default()),
        };
        Self::start_site(listener, site)
    }

    fn start_site(listener: TcpListener, site: Site) -> Result<Self> {
        let address: SocketAddr = listener
            .local_addr()
            .context("failed to read the listener address")?;
        let url = format!("http://{address}{}", site.base);
        let stopping = Arc::new(AtomicBool::new(false));
        let site = Arc::new(site);
        let flag = Arc::clone(&stopping);
        let acceptor = thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                match stream {
                    Ok(stream) => {
                        let site = Arc::clone(&site);
                        thread::spawn(move || handle_connection(stream, &site));
                    }
                    Err(error) => eprintln!("serve: failed to accept a connection: {error}"),
                }
            }
        });
        Ok(Self {
            url,
            address,
            stopping,
            acceptor,
        })
    }

    /// Returns the URL of the base path, such as `http://127.0.0.1:8080/backlog/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops accepting connections and waits for the accepting thread.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A connection of our own wakes the thread blocked in `accept`.
        let _ = TcpStream::connect(self.address);
        self.wait();
    }

    /// Blocks until the server is stopped.
    pub fn wait(self) {
        if self.acceptor.join().is_err() {
            eprintln!("serve: the accepting thread panicked");
        }
    }
}

/// The folder being served, its URL path, and its brotli bodies when it
/// sends them.
struct Site {
    root: PathBuf,
    base: String,
    brotli: Option<CompressedFiles>,
}

/// Serves one request and logs a failure, other than a browser cancelling
/// a request it no longer needed.
fn handle_connection(stream: TcpStream, site: &Site) {
    let mut target = String::new();
    if let Err(error) = respond(stream, site, &mut target) {
        let cancelled = matches!(
            error.kind(),
            io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
        );
        if !cancelled {
            eprintln!("serve: failed to respond to {target}: {error}");
        }
    }
}

fn respond(stream: TcpStream, site: &Site, target: &mut String) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD_BYTES));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the rest of the head, so closing the socket does not reset it.
    let mut accepts_brotli = false;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("accept-encoding") {
                accepts_brotli = compression::accepts_brotli(value);
            }
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    target.push_str(parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        let allow = [("Allow", "GET, HEAD")];
        return write_text(&mut stream, "405 Method Not Allowed", &allow, false);
    }
    let head_only = method == "HEAD";
    match static_files::resolve(&site.root, &site.base, target) {
        Resolved::File(path) => {
            let content_type = static_files::content_type(&path);
            let mut headers = vec![
                ("Content-Type", content_type),
                ("Cache-Control", static_files::cache_control(&path)),
                // Other sites load the widget's script, wasm and data across
                // origins, as they would from a static host such as GitHub Pages.
                ("Access-Control-Allow-Origin", "*"),
            ];
            let brotli = site
                .brotli
                .as_ref()
                .filter(|_| accepts_brotli && compression::is_compressible(content_type));
            let body = match brotli {
                Some(files) => {
                    headers.push(("Content-Encoding", "br"));
                    headers.push(("Vary", "Accept-Encoding"));
                    files.body(&path)?
                }
                None => Arc::new(std::fs::read(&path)?),
            };
            write_response(&mut stream, "200 OK", &headers, &body, head_only)
        }
        Resolved::Redirect(location) => {
            let headers = [("Location", location.as_str())];
            write_text(&mut stream, "308 Permanent Redirect", &headers, head_only)
        }
        Resolved::BadRequest => write_text(&mut stream, "400 Bad Request", &[], head_only),
        Resolved::NotFound => write_text(&mut stream, "404 Not Found", &[], head_only),
    }
}

/// Sends a short plain-text response whose body repeats the status.
fn write_text(
    stream: &mut TcpStream,
    status: &str,
    extra: &[(&str, &str)],
    head_only: bool,
) -> io::Result<()> {
    let mut headers = vec![
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Cache-Control", "no-cache"),
    ];
    headers.extend_from_slice(extra);
    let body = format!("{status}\n");
    write_response(stream, status, &headers, body.as_bytes(), head_only)
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
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
    fn compressed_server_sends_brotli_when_accepted() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("data.json"), "backlog ".repeat(1000)).unwrap();
        let listener = bind_loopback(Some(0)).unwrap();
        let server = StaticServer::start_compressed(listener, dir.path().to_path_buf()).unwrap();
        let address = server
            .url()
            .trim_start_matches("http://")
            .trim_end_matches('/');

        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /data.json HTTP/1.0\r\nAccept-Encoding: gzip, br\r\n\r\n"
        )
        .unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let head = String::from_utf8_lossy(&reply).to_ascii_lowercase();
        assert!(head.contains("content-encoding: br"), "{head}");

        let (status, plain_head, body) = send(&server, "GET", "/data.json");
        assert_eq!(status, 200);
        assert!(!plain_head.contains("content-encoding"), "{plain_head}");
        assert_eq!(body, "backlog ".repeat(1000));
        server.stop();
    }

    #[test]
    fn post_is_not_allowed() {
        let (_dir, server) = start("/");
        assert_eq!(send(&server, "POST", "/").0, 405);
        server.stop();
    }
}
