//! One module per subcommand: its arguments and `run(args) -> Result<ExitCode>`.

pub mod build;
pub mod check;
pub mod demo;
