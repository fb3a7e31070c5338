//! Reusable pieces of the interface.

pub mod asof;
pub mod badges;
pub mod changes;
pub mod chart;
pub mod cite;
pub mod dom;
pub mod embed_code;
pub mod layout;
pub mod notice;
pub mod qr;
pub mod share_card;
pub mod source;
pub mod watch;
