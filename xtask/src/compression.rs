//! Brotli bodies for the static server, as hosts with precompressed files
//! send them, so the web benchmark measures realistic transfer sizes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Brotli quality of compressed responses: 11, the maximum, as hosts use
/// for files compressed ahead of time.
const BROTLI_QUALITY: i32 = 11;

/// Brotli bodies by file, each compressed on first use.
#[derive(Default)]
pub struct CompressedFiles {
    bodies: Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>,
}

impl CompressedFiles {
    /// Returns the brotli body of a file, compressing it on first use.
    pub fn body(&self, path: &Path) -> std::io::Result<Arc<Vec<u8>>> {
        if let Some(body) = self.lock().get(path) {
            return Ok(Arc::clone(body));
        }
        let body = Arc::new(brotli(&std::fs::read(path)?)?);
        self.lock().insert(path.to_path_buf(), Arc::clone(&body));
        Ok(body)
    }

    /// Locks the cache, recovering it when another thread panicked while
    /// holding it, since every entry in it is complete.
    fn lock(&self) -> MutexGuard<'_, HashMap<PathBuf, Arc<Vec<u8>>>> {
        self.bodies.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Compresses `raw` as hosts do for files compressed ahead of time.
pub fn brotli(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        size_hint: raw.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut body, &params)?;
    Ok(body)
}

/// Checks whether a host should compress this type: text, JSON,
/// JavaScript, wasm, XML, SVG and the binary search index, but not images
/// and fonts, whose formats are compressed.
pub fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/octet-stream")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/xml")
        || content_type.starts_with("application/atom+xml")
        || content_type.starts_with("image/svg+xml")
}

/// Checks whether an `Accept-Encoding` value lists brotli.
pub fn accepts_brotli(accept_encoding: &str) -> bool {
    accept_encoding
        .split(',')
        .any(|coding| coding.trim().to_ascii_lowercase().starts_with("br"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_body_decodes_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.json");
        let text = "backlog ".repeat(1000);
        std::fs::write(&path, &text).unwrap();
        let body = CompressedFiles::default().body(&path).unwrap();
        assert!(body.len() < text.len());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut body.as_slice(), &mut decoded).unwrap();
        assert_eq!(decoded, text.as_bytes());
    }

    #[test]
    fn brotli_is_read_from_accept_encoding() {
        assert!(accepts_brotli("gzip, deflate, br"));
        assert!(accepts_brotli("BR;q=1.0"));
        assert!(!accepts_brotli("gzip, deflate"));
    }

    #[test]
    fn images_are_not_compressed() {
        assert!(is_compressible("application/wasm"));
        assert!(is_compressible("application/octet-stream"));
        assert!(is_compressible("text/html; charset=utf-8"));
        assert!(!is_compressible("image/webp"));
    }
}
