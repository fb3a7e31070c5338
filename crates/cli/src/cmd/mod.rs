//! One module per subcommand: its arguments and `run(args) -> Result<ExitCode>`.

/// `println!` that returns the write error instead of panicking, so that a
/// closed pipe (`zhixin show … | head`) ends the command quietly: `main`
/// treats a broken pipe as success.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}

pub mod build;
pub mod check;
pub mod demo;
pub mod search;
pub mod show;
