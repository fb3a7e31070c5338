//! The lists pages: the index of lists and honour rolls, and one paged roll.

use leptos::prelude::*;

use crate::route::Route;

#[component]
pub fn ListsPage() -> impl IntoView {
    view! { <h1>"名单"</h1> }
}

#[component]
pub fn ListPage(route: Memo<Route>) -> impl IntoView {
    let _ = route;
    view! { <h1>"名单"</h1> }
}
