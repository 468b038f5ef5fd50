//! The static server the benchmark measures through: one thread per
//! connection and one response per connection, on 127.0.0.1. It sends text,
//! JSON and wasm brotli-compressed to clients that accept it, as hosts with
//! precompressed files do, so Lighthouse measures realistic transfer sizes.
//!
//! Like `serve::StaticServer`, it runs one thread and sends one response per
//! connection, and maps paths, types and cache headers with `static_files`.
//! It differs only in sending brotli bodies.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::static_files::{self, Resolved};

/// Maximum bytes of a request head that are read; longer heads are cut.
/// Browsers' requests for static files are far shorter.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Brotli quality of compressed responses: 11, the maximum, as hosts use
/// for files compressed ahead of time.
const BROTLI_QUALITY: i32 = 11;

/// Brotli bodies by file, compressed once per run.
type CompressedFiles = Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>;

/// The folder served and the brotli bodies made so far.
struct Site {
    root: PathBuf,
    compressed: CompressedFiles,
}

/// A running server for one site folder, served at `/`.
pub struct BenchServer {
    url: String,
    address: std::net::SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: JoinHandle<()>,
}

impl BenchServer {
    /// Serves `root` on a free port of 127.0.0.1.
    pub fn start(root: PathBuf) -> Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .context("failed to listen on a free port of 127.0.0.1")?;
        let address = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            root,
            compressed: Mutex::default(),
        });
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
                    Err(error) => eprintln!("bench server: failed to accept a connection: {error}"),
                }
            }
        });
        Ok(BenchServer {
            url: format!("http://{address}/"),
            address,
            stopping,
            acceptor,
        })
    }

    /// Returns the site's URL, such as `http://127.0.0.1:40589/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops accepting connections and waits for the accepting thread.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A connection of our own wakes the thread blocked in `accept`.
        let _ = TcpStream::connect(self.address);
        if self.acceptor.join().is_err() {
            eprintln!("bench server: the accepting thread panicked");
        }
    }
}

/// Serves one request and logs a failure, which is most often a browser
/// that cancelled a request it no longer needed.
fn handle_connection(stream: TcpStream, site: &Site) {
    let mut target = String::new();
    if let Err(error) = respond(stream, site, &mut target) {
        if error.kind() != io::ErrorKind::BrokenPipe
            && error.kind() != io::ErrorKind::ConnectionReset
        {
            eprintln!("bench server: failed to respond to {target}: {error}");
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
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("accept-encoding:") {
            accepts_brotli = value
                .split(',')
                .any(|coding| coding.trim().starts_with("br"));
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    target.push_str(parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return write_text(&mut stream, "405 Method Not Allowed");
    }
    match static_files::resolve(&site.root, "/", target) {
        Resolved::File(path) => {
            let head_only = method == "HEAD";
            write_file(&mut stream, site, &path, accepts_brotli, head_only)
        }
        Resolved::Redirect(location) => {
            let head = format!(
                "HTTP/1.1 308 Permanent Redirect\r\nLocation: {location}\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes())
        }
        Resolved::BadRequest => write_text(&mut stream, "400 Bad Request"),
        Resolved::NotFound => write_text(&mut stream, "404 Not Found"),
    }
}

fn write_file(
    stream: &mut TcpStream,
    site: &Site,
    path: &Path,
    accepts_brotli: bool,
    head_only: bool,
) -> io::Result<()> {
    let content_type = static_files::content_type(path);
    let compress = accepts_brotli && is_compressible(content_type);
    let body = if compress {
        compressed_file(site, path)?
    } else {
        Arc::new(std::fs::read(path)?)
    };
    let encoding = if compress {
        "Content-Encoding: br\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nCache-Control: {}\r\n\
         {encoding}Vary: Accept-Encoding\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        static_files::cache_control(path),
        body.len(),
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Checks whether hosts compress this type: text, JSON, JavaScript, wasm,
/// XML and SVG, but not images and fonts, whose formats are compressed.
fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/xml")
        || content_type.starts_with("application/atom+xml")
        || content_type.starts_with("image/svg+xml")
}

/// Returns the brotli body of a file, compressing it on first use.
fn compressed_file(site: &Site, path: &Path) -> io::Result<Arc<Vec<u8>>> {
    if let Some(body) = lock(&site.compressed).get(path) {
        return Ok(Arc::clone(body));
    }
    let raw = std::fs::read(path)?;
    let mut body = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        size_hint: raw.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut raw.as_slice(), &mut body, &params)?;
    let body = Arc::new(body);
    lock(&site.compressed).insert(path.to_path_buf(), Arc::clone(&body));
    Ok(body)
}

/// Locks the cache, recovering it when another thread panicked while
/// holding it, since every entry in it is complete.
fn lock(files: &CompressedFiles) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Vec<u8>>>> {
    files
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_text(stream: &mut TcpStream, status: &str) -> io::Result<()> {
    let body = format!("{status}\n");
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(server: &BenchServer, path: &str) -> String {
        let mut stream = TcpStream::connect(server.address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    #[test]
    fn files_and_routes_are_served_then_closed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(dir.path().join("app.wasm"), "wasm").unwrap();
        let server = BenchServer::start(dir.path().to_path_buf()).unwrap();

        let wasm = get(&server, "/app.wasm");
        assert!(wasm.starts_with("HTTP/1.1 200 OK\r\n"), "{wasm}");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );
        assert!(wasm.contains("Connection: close\r\n"), "{wasm}");
        assert!(wasm.ends_with("\r\n\r\nwasm"), "{wasm}");

        let route = get(&server, "/primero/");
        assert!(route.ends_with("<p>home</p>"), "{route}");
        let missing = get(&server, "/missing.png");
        assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
        server.stop();
    }

    #[test]
    fn text_is_brotli_compressed_when_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let text = "backlog ".repeat(1000);
        std::fs::write(dir.path().join("data.json"), &text).unwrap();
        let server = BenchServer::start(dir.path().to_path_buf()).unwrap();

        let mut stream = TcpStream::connect(server.address).unwrap();
        write!(
            stream,
            "GET /data.json HTTP/1.1\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n"
        )
        .unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let split = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&reply[..split]).to_string();
        assert!(head.contains("Content-Encoding: br"), "{head}");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &reply[split + 4..], &mut decoded).unwrap();
        assert_eq!(decoded, text.as_bytes());

        let plain = get(&server, "/data.json");
        assert!(!plain.contains("Content-Encoding"), "{plain}");
        assert!(plain.ends_with(&text));
        server.stop();
    }
}
