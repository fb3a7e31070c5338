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

/// [`outln!`] for text made of registry data: control characters are
/// stripped from the line (see `crate::text`) so that no escape sequence in
/// a name reaches the terminal.
macro_rules! textln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($t)*);
        writeln!(std::io::stdout().lock(), "{}", crate::text::clean(&line))?
    }};
}

pub mod build;
pub mod check;
pub mod demo;
pub mod keygen;
pub mod merge;
pub mod search;
pub mod show;
pub mod verify;
