//! The search page (home): search-as-you-type with filters.

use leptos::prelude::*;

use crate::route::Route;

#[component]
pub fn SearchPage(route: Memo<Route>) -> impl IntoView {
    let _ = route;
    view! { <h1>"搜索"</h1><input type="search" name="q"/> }
}
