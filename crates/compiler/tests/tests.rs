//! Integration tests of the compiler: one module per feature, each building
//! a small fictional fixture folder and checking the report and records.

mod util;

mod build_output;
mod encodings;
mod facts;
mod files;
mod isolation;
mod layouts;
mod listings;
mod merging;
mod partitions;
mod ranking;
mod report_groups;
mod vocabularies;
mod workbooks;
