//! Resized WebP variants of the entry images, `<stem>-<width>.webp`, so a
//! phone downloads an image sized for its screen instead of an original of
//! up to 2 MB. The originals stay in `img/` for download.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use backlog_core::Backlog;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};

/// Widths of the variants, in pixels, for the page's `srcset`.
pub const VARIANT_WIDTHS: [u32; 3] = [400, 800, 1200];
/// Lossy WebP quality, 0 to 100. 75 is the default of libwebp's `cwebp`
/// and the usual setting for photos.
const QUALITY: f32 = 75.0;
/// libwebp's effort setting, 0 (fast) to 6 (smallest files).
const METHOD: i32 = 6;

/// Writes the WebP variants of every entry image from `sources` into `out`
/// and records their widths in `Entry::image_widths`.
///
/// A variant newer than its source is kept as it is. An image that cannot be
/// decoded gets no variants and a warning, so its page loads the original.
pub fn add_variants(mut backlog: Backlog, sources: &Path, out: &Path) -> Result<Backlog> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut widths_by_name: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut totals = Totals::default();
    for entry in backlog.about.iter_mut().chain(backlog.entries.iter_mut()) {
        let Some(name) = entry.image.clone() else {
            continue;
        };
        if !widths_by_name.contains_key(&name) {
            let widths = match write_image_variants(&sources.join(&name), out, &mut totals) {
                Ok(widths) => widths,
                Err(error) => {
                    eprintln!(
                        "warning: no WebP variants for {name}: {error:#}; its pages load the original"
                    );
                    Vec::new()
                }
            };
            widths_by_name.insert(name.clone(), widths);
        }
        entry.image_widths = widths_by_name[&name].clone();
    }
    totals.print(widths_by_name.len());
    Ok(backlog)
}

/// Returns the variant widths for an image `width` pixels wide: every
/// standard width up to the original, since upscaling only adds bytes.
pub fn variant_widths(width: u32) -> Vec<u32> {
    VARIANT_WIDTHS
        .into_iter()
        .filter(|&variant| variant <= width)
        .collect()
}

/// Returns the file name of a variant: `primero.png` at 800 gives `primero-800.webp`.
pub fn variant_name(image: &str, width: u32) -> String {
    let stem = Path::new(image)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(image);
    format!("{stem}-{width}.webp")
}

/// Byte counts of the originals and of the variants, for the build summary.
#[derive(Default)]
struct Totals {
    encoded: usize,
    original_bytes: u64,
    /// Bytes of the largest variant of each image, which a wide screen loads.
    largest_variant_bytes: u64,
}

impl Totals {
    fn print(&self, images: usize) {
        let saved = self
            .original_bytes
            .saturating_sub(self.largest_variant_bytes);
        println!(
            "WebP variants of {images} images: {} encoded now; the largest variants total {} \
             bytes against {} bytes of originals, {saved} bytes ({:.0}%) saved",
            self.encoded,
            self.largest_variant_bytes,
            self.original_bytes,
            percent(saved, self.original_bytes),
        );
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Writes the stale or missing variants of one image and returns the widths
/// of all its variants, smallest first.
fn write_image_variants(source: &Path, out: &Path, totals: &mut Totals) -> Result<Vec<u32>> {
    let name = source
        .file_name()
        .and_then(|name| name.to_str())
        .context("image path has no file name")?;
    let source_modified = modified(source)?;
    let mut decoder = ImageReader::open(source)
        .with_context(|| format!("cannot open {}", source.display()))?
        .with_guessed_format()
        .with_context(|| format!("cannot read {}", source.display()))?
        .into_decoder()
        .with_context(|| format!("unsupported or invalid image {}", source.display()))?;
    let orientation = decoder.orientation()?;
    let (width, height) = decoder.dimensions();
    // EXIF rotations by 90° swap the sides that the page will show.
    let (width, height) = if matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    ) {
        (height, width)
    } else {
        (width, height)
    };
    let widths = variant_widths(width);
    let targets: Vec<(u32, PathBuf)> = widths
        .iter()
        .map(|&variant| (variant, out.join(variant_name(name, variant))))
        .collect();
    let stale: Vec<&(u32, PathBuf)> = targets
        .iter()
        .filter(|(_, target)| !is_newer(target, source_modified))
        .collect();

    if !stale.is_empty() {
        let mut image = DynamicImage::from_decoder(decoder)
            .with_context(|| format!("cannot decode {}", source.display()))?;
        image.apply_orientation(orientation);
        for (variant, target) in stale {
            let variant_height = scaled_height(width, height, *variant);
            let resized = image.resize_exact(*variant, variant_height, FilterType::Lanczos3);
            let bytes = encode_webp(&resized)
                .with_context(|| format!("cannot encode {} at {variant} px", source.display()))?;
            write_atomically(target, &bytes)?;
            totals.encoded += 1;
        }
    }

    totals.original_bytes += file_size(source)?;
    if let Some((_, largest)) = targets.last() {
        totals.largest_variant_bytes += file_size(largest)?;
    } else {
        totals.largest_variant_bytes += file_size(source)?;
    }
    Ok(widths)
}

/// Returns the height that keeps the aspect ratio at `new_width`, at least 1.
fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let scaled =
        (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

/// Encodes lossy WebP, keeping the alpha channel only when some pixel is
/// not opaque, because an opaque alpha plane still costs bytes.
fn encode_webp(image: &DynamicImage) -> Result<Vec<u8>> {
    let mut config = webp::WebPConfig::new()
        .map_err(|()| anyhow::anyhow!("libwebp rejected its default configuration"))?;
    config.quality = QUALITY;
    config.method = METHOD;
    config.alpha_compression = 1;
    let (width, height) = (image.width(), image.height());
    let memory = if has_transparency(image) {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode_advanced(&config)
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode_advanced(&config)
    };
    let memory = memory.map_err(|error| anyhow::anyhow!("libwebp failed: {error:?}"))?;
    Ok(memory.to_vec())
}

fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|pixel| pixel.0[3] != u8::MAX)
}

/// Checks whether `path` exists and was modified after `time`.
fn is_newer(path: &Path, time: SystemTime) -> bool {
    modified(path).is_ok_and(|modified| modified > time)
}

fn modified(path: &Path) -> Result<SystemTime> {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .with_context(|| format!("cannot read the modification time of {}", path.display()))
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len())
}

/// Writes to a temporary file and renames it, so a server never sends half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension("webp.tmp");
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("cannot replace {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(variant_widths(1524), vec![400, 800, 1200]);
        assert_eq!(variant_widths(1200), vec![400, 800, 1200]);
        assert_eq!(variant_widths(890), vec![400, 800]);
        assert_eq!(variant_widths(400), vec![400]);
        assert_eq!(variant_widths(399), Vec::<u32>::new());
    }

    #[test]
    fn variant_name_replaces_the_extension() {
        assert_eq!(variant_name("primero.png", 800), "primero-800.webp");
        assert_eq!(variant_name("a.b.jpg", 400), "a.b-400.webp");
        assert_eq!(variant_name("plain", 1200), "plain-1200.webp");
    }

    #[test]
    fn height_keeps_the_aspect_ratio() {
        assert_eq!(scaled_height(1524, 792, 400), 208);
        assert_eq!(scaled_height(2000, 1334, 1200), 800);
        assert_eq!(scaled_height(5000, 1, 400), 1);
    }

    #[test]
    fn variants_are_written_recorded_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let sources = dir.path().join("img");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&sources).unwrap();
        let photo = RgbImage::from_fn(900, 450, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        photo.save(sources.join("photo.png")).unwrap();
        let entry =
            r#"{"slug":"a","title":"A","date":"2021-01-01T00:00:00+00:00","image":"photo.png"}"#;
        let backlog = Backlog {
            schema_version: backlog_core::model::SCHEMA_VERSION,
            revision: None,
            about: None,
            entries: vec![serde_json::from_str(entry).unwrap()],
        };

        let backlog = add_variants(backlog, &sources, &out).unwrap();
        assert_eq!(backlog.entries[0].image_widths, vec![400, 800]);
        assert!(!out.join("photo-1200.webp").exists());
        let variant = image::open(out.join("photo-400.webp")).unwrap();
        assert_eq!((variant.width(), variant.height()), (400, 200));

        let mut totals = Totals::default();
        let widths = write_image_variants(&sources.join("photo.png"), &out, &mut totals).unwrap();
        assert_eq!(widths, vec![400, 800]);
        assert_eq!(
            totals.encoded, 0,
            "fresh variants must not be encoded again"
        );
    }

    #[test]
    fn undecodable_image_gets_no_variants() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("broken.png"), b"not a png").unwrap();
        let mut totals = Totals::default();
        let result = write_image_variants(&dir.path().join("broken.png"), dir.path(), &mut totals);
        assert!(result.is_err());
    }

    #[test]
    fn opaque_alpha_is_dropped() {
        let opaque = DynamicImage::ImageRgba8(RgbaImage::from_pixel(4, 4, Rgba([1, 2, 3, 255])));
        let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(4, 4, Rgba([1, 2, 3, 0])));
        assert!(!has_transparency(&opaque));
        assert!(has_transparency(&clear));
    }
}
