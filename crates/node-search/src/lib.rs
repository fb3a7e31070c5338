//! zhixin's search engine for Node: the core's [`Search::step`] loop with the
//! registry's files read through a JavaScript callback.
//!
//! `cargo xtask bench-peers` builds this crate for `wasm32-unknown-unknown`
//! with the app's wasm profile, runs `wasm-bindgen --target nodejs` on it and
//! drives it from the same Node process as the JavaScript search libraries it
//! is compared with, so that latency is measured like for like: the same
//! engine as the app's, the same machine, the same process. The callback
//! stands for the browser's fetch; the bytes it returns are counted, so the
//! bench can say what a fresh page downloads for its first query.

use wasm_bindgen::prelude::*;
use zhixin_core::{Chunks, Filters, Meta, Search, Step};

/// A registry opened for searching, with the chunks read so far.
#[wasm_bindgen]
pub struct Engine {
    meta: Meta,
    filters: Filters,
    chunks: Chunks,
    read: js_sys::Function,
    bytes_read: f64,
}

#[wasm_bindgen]
impl Engine {
    /// Opens a registry from its `meta.json` bytes; `read(path)` returns a
    /// chunk's bytes (a `Uint8Array`) for a path relative to the registry, or
    /// throws when it cannot.
    #[wasm_bindgen(constructor)]
    pub fn new(meta_json: &[u8], read: js_sys::Function) -> Result<Engine, JsError> {
        let meta = Meta::from_json(meta_json).map_err(|e| JsError::new(&e.to_string()))?;
        // As the CLI does: status filters are evaluated on the registry's as-of date.
        let filters = Filters {
            on: meta.as_of,
            ..Filters::default()
        };
        Ok(Engine {
            meta,
            filters,
            chunks: Chunks::new(),
            read,
            bytes_read: 0.0,
        })
    }

    /// The codes of the first `limit` results for `query`, best first.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<String> {
        let mut s = Search::new(&self.meta, query, &self.filters, limit);
        loop {
            match s.step(&self.chunks) {
                Step::Need(paths) => {
                    for p in paths {
                        match self.read.call1(&JsValue::NULL, &JsValue::from_str(&p)) {
                            Ok(v) if v.is_instance_of::<js_sys::Uint8Array>() => {
                                let bytes = js_sys::Uint8Array::from(v).to_vec();
                                self.bytes_read += bytes.len() as f64;
                                self.chunks.insert(p, bytes);
                            }
                            Ok(_) => self.chunks.insert_error(p, "not bytes"),
                            Err(e) => self.chunks.insert_error(
                                p,
                                e.as_string().unwrap_or_else(|| "unreadable".into()),
                            ),
                        }
                    }
                }
                Step::Done(hits) => return hits.into_iter().map(|h| h.uscc).collect(),
            }
        }
    }

    /// Bytes read through the callback since the engine was opened or last emptied.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.bytes_read
    }

    /// Forgets every chunk read, as a fresh page starts with none.
    pub fn empty(&mut self) {
        self.chunks = Chunks::new();
        self.bytes_read = 0.0;
    }
}
