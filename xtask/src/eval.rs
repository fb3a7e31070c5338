//! `cargo xtask eval`: search quality against the demo's ground truth (placeholder until
//! SEARCH writes the evaluation).

/// Runs the evaluation; for now only says that it does not exist yet.
pub fn run(_args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("the search evaluation is not written yet (xtask/src/eval.rs)")
}
