//! `cargo xtask size`: the app shell's sizes (HTML, wasm, JS, CSS in `dist/`), raw, gzip and
//! brotli, because the shell must stay small enough for a phone on a slow network.

use std::{fs, io::Write, path::Path};

use anyhow::{bail, Context, Result};

/// Gzip at the best level, as a CDN serving a prebuilt file would use.
pub fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// Brotli at quality 11 (the best), window 22, as served precompressed.
pub fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = writer.write_all(data);
    }
    out
}

/// The budget for the app shell (wasm + JS + CSS, here with the HTML that
/// inlines the CSS), brotli. Reported, not yet enforced: the shell is still over it
/// (see the closing notes); once it fits, `report` should fail the run above it.
pub const SHELL_BUDGET_BROTLI: usize = 150 * 1024;

/// Sizes of one kind of file.
#[derive(Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Self) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// Prints a table of the shell's files in `dist` (top level only: the registry below it
/// is data, not the shell) and the total.
pub fn report(dist: &Path) -> Result<()> {
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no app build; run `cargo xtask serve` or `cargo xtask test` first",
            dist.display()
        );
    }
    let mut rows = Vec::new();
    for entry in fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        // index.html counts too: Trunk inlines the CSS there when asked to.
        if path.is_file() && matches!(ext, "wasm" | "js" | "css" | "html") {
            let data = fs::read(&path)?;
            let sizes = Sizes {
                raw: data.len(),
                gzip: gzip_bytes(&data).len(),
                brotli: brotli_bytes(&data).len(),
            };
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            rows.push((ext.to_string(), name, sizes));
        }
    }
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    println!(
        "{:<6} {:>12} {:>12} {:>12}  file",
        "kind", "raw", "gzip", "brotli"
    );
    let mut total = Sizes::default();
    for (ext, name, sizes) in &rows {
        println!(
            "{ext:<6} {:>12} {:>12} {:>12}  {name}",
            kb(sizes.raw),
            kb(sizes.gzip),
            kb(sizes.brotli)
        );
        total += *sizes;
    }
    println!(
        "{:<6} {:>12} {:>12} {:>12}  (app shell: HTML + wasm + JS + CSS)",
        "total",
        kb(total.raw),
        kb(total.gzip),
        kb(total.brotli)
    );
    if total.brotli <= SHELL_BUDGET_BROTLI {
        println!(
            "budget {} brotli: met ({} to spare)",
            kb(SHELL_BUDGET_BROTLI),
            kb(SHELL_BUDGET_BROTLI - total.brotli)
        );
    } else {
        println!(
            "budget {} brotli: OVER by {}",
            kb(SHELL_BUDGET_BROTLI),
            kb(total.brotli - SHELL_BUDGET_BROTLI)
        );
    }
    Ok(())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
