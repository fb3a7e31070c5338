//! Entry point: mounts the app; everything else is in the library.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    // Into index.html's hidden `#app` (see `App` for why), else the body.
    match document()
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(app) => leptos::mount::mount_to(app, zhixin_app::App).forget(),
        None => leptos::mount::mount_to_body(zhixin_app::App),
    }
}
