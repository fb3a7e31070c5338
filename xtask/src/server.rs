//! A small static file server for `dist/`: GET and HEAD, correct MIME types, brotli or
//! gzip when the browser accepts it (as any CDN would, so Lighthouse measures realistic
//! transfer sizes), and no rewrites: a path that is not a file is a 404, so deep links are
//! tested as a plain static host serves them.
//!
//! std only, one thread per connection; it is a development and test server, not a
//! production one.

use std::{
    collections::HashMap,
    fs,
    io::{BufRead, BufReader, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Component, Path, PathBuf},
    sync::{Arc, Mutex},
    thread,
    time::SystemTime,
};

use anyhow::{Context, Result};

use crate::size::{brotli_bytes, gzip_bytes};

#[cfg(test)]
mod tests;

/// Compressed bodies, keyed by file and encoding, kept while the file is unchanged; the
/// wasm takes a second or two to brotli-compress and is requested on every page load.
type Cache = Arc<Mutex<HashMap<(PathBuf, &'static str), (SystemTime, Arc<Vec<u8>>)>>>;

/// Binds `addr` (port 0 picks a free one) and serves `root` on background threads.
/// Returns the bound address; the server lives until the process ends.
pub fn start(root: PathBuf, addr: &str) -> Result<SocketAddr> {
    let listener = TcpListener::bind(addr).with_context(|| format!("binding {addr}"))?;
    let bound = listener.local_addr()?;
    let cache: Cache = Arc::default();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let cache = cache.clone();
            thread::spawn(move || {
                // A client that hangs up mid-response is its business, not an error here.
                let _ = handle(stream, &root, &cache);
            });
        }
    });
    Ok(bound)
}

fn handle(stream: TcpStream, root: &Path, cache: &Cache) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut accept_encoding = String::new();
        let mut if_none_match = String::new();
        let mut keep_alive = true;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let name = name.trim().to_ascii_lowercase();
                let value = value.trim().to_ascii_lowercase();
                match name.as_str() {
                    "accept-encoding" => accept_encoding = value,
                    "if-none-match" => if_none_match = value,
                    "connection" if value == "close" => keep_alive = false,
                    _ => {}
                }
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        // Any other method may carry a body this server does not read; close rather than
        // read the body as the next request.
        keep_alive &= method == "GET" || method == "HEAD";
        let response = respond(
            method,
            target,
            &accept_encoding,
            &if_none_match,
            root,
            cache,
        );
        let mut out = &stream;
        out.write_all(&response.head(keep_alive))?;
        if method != "HEAD" {
            out.write_all(&response.body)?;
        }
        out.flush()?;
        if !keep_alive {
            return Ok(());
        }
    }
}

struct Response {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Arc<Vec<u8>>,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Arc::new(body.as_bytes().to_vec()),
        }
    }

    fn head(&self, keep_alive: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {}\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        head.into_bytes()
    }
}

fn respond(
    method: &str,
    target: &str,
    accept: &str,
    if_none_match: &str,
    root: &Path,
    cache: &Cache,
) -> Response {
    if method != "GET" && method != "HEAD" {
        return Response::text("405 Method Not Allowed", "only GET and HEAD\n");
    }
    let path_part = target.split(['?', '#']).next().unwrap_or("/");
    let Some(relative) = safe_relative(path_part) else {
        return Response::text("400 Bad Request", "bad path\n");
    };
    let mut file = root.join(&relative);
    if file.is_dir() {
        if !path_part.ends_with('/') {
            // Like any static host: a folder without its slash redirects to the slash, so
            // relative URLs inside the page resolve against the folder.
            let query = target.strip_prefix(path_part).unwrap_or("");
            let mut r = Response::text("301 Moved Permanently", "moved\n");
            r.headers.push(("Location", format!("{path_part}/{query}")));
            return r;
        }
        file = file.join("index.html");
    }
    let Ok(raw) = fs::read(&file) else {
        return Response::text("404 Not Found", "not found\n");
    };
    let mime = mime_type(&file);
    // Like nginx: an entity tag from the file's modification time and size, so that a
    // browser revalidates what it has (a prefetched module, a cached chunk) with a 304.
    let modified = fs::metadata(&file)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let seconds = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let etag = format!("\"{seconds:x}-{:x}\"", raw.len());
    let mut headers = vec![
        ("Content-Type", mime.to_string()),
        // Revalidate every time: the files change between builds during development.
        ("Cache-Control", "no-cache".to_string()),
        ("ETag", etag.clone()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    if mime.starts_with("text/html") {
        // As docs/deploy.md tells a publisher to configure their host.
        headers.push((
            "Content-Security-Policy",
            crate::csp::header_policy(embed_asked(target)),
        ));
    }
    if if_none_match.split(',').any(|t| t.trim() == etag) {
        return Response {
            status: "304 Not Modified",
            headers,
            body: Arc::new(Vec::new()),
        };
    }
    let body = if compressible(mime) {
        headers.push(("Vary", "Accept-Encoding".to_string()));
        let encoding = if accept.contains("br") {
            Some("br")
        } else if accept.contains("gzip") {
            Some("gzip")
        } else {
            None
        };
        match encoding {
            Some(enc) => {
                headers.push(("Content-Encoding", enc.to_string()));
                compressed(&file, modified, enc, raw, cache)
            }
            None => Arc::new(raw),
        }
    } else {
        Arc::new(raw)
    };
    Response {
        status: "200 OK",
        headers,
        body,
    }
}

/// Whether the address asks for the embedded page (`embed=1` or `embed=true`, as the
/// app reads it: src/route.rs).
fn embed_asked(target: &str) -> bool {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .any(|pair| pair == "embed=1" || pair == "embed=true")
}

/// `raw` compressed, from the cache while the file's modification time is `modified`.
fn compressed(
    file: &Path,
    modified: SystemTime,
    encoding: &'static str,
    raw: Vec<u8>,
    cache: &Cache,
) -> Arc<Vec<u8>> {
    let key = (file.to_path_buf(), encoding);
    if let Some((when, body)) = cache.lock().map(|c| c.get(&key).cloned()).ok().flatten() {
        if when == modified {
            return body;
        }
    }
    let body = Arc::new(if encoding == "br" {
        brotli_bytes(&raw)
    } else {
        gzip_bytes(&raw)
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, (modified, body.clone()));
    }
    body
}

/// The request path, percent-decoded, as a relative path that cannot leave the root.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, by extension; browsers refuse to compile wasm served as
/// anything but `application/wasm`, and modules served as anything but JavaScript.
pub fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.starts_with("application/json")
        || mime.starts_with("application/manifest")
        || mime == "application/wasm"
        || mime == "image/svg+xml"
        || mime == "application/xml"
        // Registry chunks with an unknown extension are usually binary postings that
        // compress well too.
        || mime == "application/octet-stream"
}
