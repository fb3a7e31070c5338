//! Tests of the static server over real sockets: status codes, MIME types, compression
//! and paths that try to leave the served folder.

use std::{
    io::{Read, Write},
    net::TcpStream,
    path::Path,
};

use super::*;

/// Sends one request and returns (status line, headers lowercased, body).
fn get(addr: SocketAddr, path: &str, extra: &str) -> (String, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    (
        status.to_string(),
        headers.to_ascii_lowercase(),
        raw[split + 4..].to_vec(),
    )
}

fn site() -> (tempdir::Dir, SocketAddr) {
    let dir = tempdir::Dir::new();
    fs::write(dir.path().join("index.html"), "<!doctype html><p>home</p>").unwrap();
    fs::write(
        dir.path().join("app_bg.wasm"),
        b"\0asm\x01\0\0\0".repeat(200),
    )
    .unwrap();
    fs::create_dir(dir.path().join("registry")).unwrap();
    fs::write(dir.path().join("registry/meta.json"), r#"{"version":1}"#).unwrap();
    fs::write(dir.path().join("中文.txt"), "文").unwrap();
    let addr = start(dir.path().to_path_buf(), "127.0.0.1:0").unwrap();
    (dir, addr)
}

/// A temporary folder removed on drop (std only, to keep xtask's dependencies few).
mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Self {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "xtask-server-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn root_serves_index_html_as_html() {
    let (_dir, addr) = site();
    let (status, headers, body) = get(addr, "/", "");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains("content-type: text/html; charset=utf-8"));
    assert_eq!(body, b"<!doctype html><p>home</p>");
}

#[test]
fn pages_carry_the_policy_header_and_only_embedded_pages_may_be_framed_by_others() {
    let (_dir, addr) = site();
    for (path, ancestors) in [
        ("/", "'self'"),
        ("/?e=91350200MA2YJ1XR9G", "'self'"),
        ("/?e=91350200MA2YJ1XR9G&embed=1", "*"),
        ("/?embed=true&lang=en", "*"),
        ("/?embed=0", "'self'"),
        ("/?xembed=1", "'self'"),
    ] {
        let (_, headers, _) = get(addr, path, "");
        let line = format!(
            "content-security-policy: {}",
            crate::csp::header_policy(ancestors == "*").to_ascii_lowercase()
        );
        assert!(headers.contains(&line), "{path}: {headers}");
        assert!(line.ends_with(&format!("frame-ancestors {ancestors}")));
    }
    // Only pages: a module or the registry is not framed, and its policy would not apply.
    let (_, headers, _) = get(addr, "/registry/meta.json", "");
    assert!(!headers.contains("content-security-policy"), "{headers}");
}

#[test]
fn a_path_that_is_no_file_is_404_not_the_app() {
    let (_dir, addr) = site();
    let (status, _, body) = get(addr, "/enterprise/91350200MA2YJ1XR9G", "");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert!(!String::from_utf8_lossy(&body).contains("home"));
}

#[test]
fn query_strings_are_ignored_when_finding_the_file() {
    let (_dir, addr) = site();
    let (status, _, body) = get(addr, "/?e=91350200MA2YJ1XR9G&lang=en", "");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, b"<!doctype html><p>home</p>");
}

#[test]
fn a_folder_without_its_slash_redirects_keeping_the_query() {
    let (_dir, addr) = site();
    let (status, headers, _) = get(addr, "/registry?x=1", "");
    assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
    assert!(headers.contains("location: /registry/?x=1"), "{headers}");
}

#[test]
fn wasm_and_json_have_their_mime_types() {
    let (_dir, addr) = site();
    let (_, headers, _) = get(addr, "/app_bg.wasm", "");
    assert!(
        headers.contains("content-type: application/wasm"),
        "{headers}"
    );
    let (_, headers, body) = get(addr, "/registry/meta.json", "");
    assert!(
        headers.contains("content-type: application/json"),
        "{headers}"
    );
    assert_eq!(body, br#"{"version":1}"#);
}

#[test]
fn brotli_when_accepted_and_it_decodes_to_the_file() {
    let (dir, addr) = site();
    let (status, headers, body) = get(
        addr,
        "/app_bg.wasm",
        "Accept-Encoding: gzip, deflate, br\r\n",
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains("content-encoding: br"), "{headers}");
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, fs::read(dir.path().join("app_bg.wasm")).unwrap());
    assert!(body.len() < decoded.len());
}

#[test]
fn gzip_when_only_gzip_is_accepted() {
    let (dir, addr) = site();
    let (_, headers, body) = get(addr, "/registry/meta.json", "Accept-Encoding: gzip\r\n");
    assert!(headers.contains("content-encoding: gzip"), "{headers}");
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(
        decoded,
        fs::read(dir.path().join("registry/meta.json")).unwrap()
    );
}

#[test]
fn percent_encoded_names_are_found() {
    let (_dir, addr) = site();
    let (status, _, body) = get(addr, "/%E4%B8%AD%E6%96%87.txt", "");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, "文".as_bytes());
}

#[test]
fn paths_cannot_leave_the_served_folder() {
    assert_eq!(safe_relative("/../etc/passwd"), None);
    assert_eq!(safe_relative("/a/%2e%2e/%2e%2e/etc"), None);
    assert_eq!(safe_relative("/%zz"), None);
    assert_eq!(
        safe_relative("/a/./b"),
        Some(Path::new("a/b").to_path_buf())
    );
    let (_dir, addr) = site();
    let (status, _, _) = get(addr, "/../../etc/passwd", "");
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let (_dir, addr) = site();
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /registry/meta.json HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    write!(
        stream,
        "GET /registry/meta.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert_eq!(raw.matches("HTTP/1.1 200 OK").count(), 2, "{raw}");
}

#[test]
fn a_file_the_browser_has_is_revalidated_with_a_304() {
    let (dir, addr) = site();
    let (status, headers, body) = get(addr, "/app_bg.wasm", "");
    assert!(status.ends_with("200 OK"), "{status}");
    let etag = headers
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("an ETag")
        .to_string();
    assert!(!body.is_empty());
    // The same file again, as a browser revalidating its copy: no body.
    let (status, headers, body) = get(addr, "/app_bg.wasm", &format!("If-None-Match: {etag}\r\n"));
    assert!(status.ends_with("304 Not Modified"), "{status}");
    assert!(headers.contains(&format!("etag: {etag}")));
    assert!(body.is_empty());
    // A changed file (another size) is sent in full.
    fs::write(dir.path().join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let (status, _, body) = get(addr, "/app_bg.wasm", &format!("If-None-Match: {etag}\r\n"));
    assert!(status.ends_with("200 OK"), "{status}");
    assert_eq!(body, b"\0asm\x01\0\0\0");
}
