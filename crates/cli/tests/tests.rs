//! End-to-end tests of the `zhixin` binary: a tiny fictional source folder →
//! `build` → `search`/`show`, and `check`, against shared/spec/cli.md.

mod util;

mod build;
mod changes;
mod check;
#[cfg(unix)]
mod hostile;
mod publish;
mod query;
mod sign;
mod snapshot;
