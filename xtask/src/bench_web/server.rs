//! The static server the benchmark measures through: one thread per
//! connection and one response per connection, on 127.0.0.1.
//!
//! NOTE: `serve::StaticServer` (tiny_http 0.12) can leave one of Chromium's
//! parallel keep-alive connections unread while its pool threads hold the
//! others, so the page's wasm never arrives. This server avoids that by
//! closing every connection after its response; it maps paths, types and
//! cache headers with the same `static_files` functions.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::static_files::{self, Resolved};

/// Longest request head read, in bytes; browsers send well under 8 KiB.
const MAX_HEAD_BYTES: u64 = 16 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

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
        let root = Arc::new(root);
        let flag = Arc::clone(&stopping);
        let acceptor = thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                match stream {
                    Ok(stream) => {
                        let root = Arc::clone(&root);
                        thread::spawn(move || {
                            if let Err(error) = handle_connection(stream, &root) {
                                eprintln!("bench server: failed to respond: {error}");
                            }
                        });
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

fn handle_connection(stream: TcpStream, root: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD_BYTES));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the rest of the head, so closing the socket does not reset it.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return write_text(&mut stream, "405 Method Not Allowed");
    }
    match static_files::resolve(root, "/", target) {
        Resolved::File(path) => write_file(&mut stream, &path, method == "HEAD"),
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

fn write_file(stream: &mut TcpStream, path: &Path, head_only: bool) -> io::Result<()> {
    let mut file = File::open(path)?;
    let length = file.metadata()?.len();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nCache-Control: {}\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n",
        static_files::content_type(path),
        static_files::cache_control(path),
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        io::copy(&mut file, stream)?;
    }
    stream.flush()
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
}
