//! zhixin compiler: reads publishers' source tables and writes the static registry.
//!
//! Placeholder module tree; PIPELINE, SEARCH and DEMO fill it in.

pub mod demo;
pub mod index;
