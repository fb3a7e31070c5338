//! One module per subcommand: its arguments and `run(args) -> Result<ExitCode>`.

pub mod check;
