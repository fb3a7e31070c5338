//! Entry point: mounts the app on the page's body; everything else is in the library.

fn main() {
    leptos::mount::mount_to_body(zhixin_app::App);
}
