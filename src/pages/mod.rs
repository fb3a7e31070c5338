//! One module per page (route) of the app; see `route` for their addresses.

pub mod about;
pub mod changes;
pub mod check;
pub mod enterprise;
pub mod lists;
pub mod report;
pub mod search;
pub mod watch;
