//! `zhixin check CODE [--json]`: validates a Unified Social Credit Code.

use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::process::ExitCode;
use zhixin_core::uscc::{self, UsccError};

/// Validate a Unified Social Credit Code (GB 32100-2015): exit 0 if valid, 1 if not.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The code as typed or copied (spaces, full-width characters and lower case are normalised).
    pub code: String,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The `check --json` object.
#[derive(Debug, Serialize)]
struct CheckReport {
    input: String,
    code: String,
    valid: bool,
    /// Why the code is invalid, in one sentence.
    reason: Option<String>,
    /// `length`, `masked`, `character` or `check`.
    error: Option<&'static str>,
    /// 1-based position of the wrong character, when one is named.
    position: Option<usize>,
    found: Option<String>,
    expected: Option<String>,
    /// Warnings about a valid code (the organisation-code check character).
    warnings: Vec<String>,
    /// Valid codes one substituted character away (when the code has 18 characters).
    candidates: Vec<String>,
}

pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let code = uscc::normalize(&args.code);
    let mut report = CheckReport {
        input: args.code.clone(),
        code: code.clone(),
        valid: false,
        reason: None,
        error: None,
        position: None,
        found: None,
        expected: None,
        warnings: Vec::new(),
        candidates: Vec::new(),
    };
    match uscc::validate(&code) {
        Ok(warning) => {
            report.valid = true;
            report.warnings.extend(warning.map(|w| w.to_string()));
        }
        Err(e) => {
            report.reason = Some(e.to_string());
            match &e {
                UsccError::Length { .. } => report.error = Some("length"),
                UsccError::Masked => report.error = Some("masked"),
                UsccError::Character { position, found } => {
                    report.error = Some("character");
                    report.position = Some(*position);
                    report.found = Some(found.to_string());
                }
                UsccError::Check { found, expected } => {
                    report.error = Some("check");
                    report.position = Some(18);
                    report.found = Some(found.to_string());
                    report.expected = Some(expected.to_string());
                }
                _ => {}
            }
            report.candidates = uscc::one_substitution_away(&code);
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else if report.valid {
        outln!("{code}: valid unified social credit code");
        for w in &report.warnings {
            outln!("warning: {w}");
        }
    } else {
        outln!(
            "{code}: invalid: {}",
            report.reason.as_deref().unwrap_or("")
        );
        if !report.candidates.is_empty() {
            outln!(
                "valid codes one character away: {}",
                report.candidates.join(" ")
            );
        }
    }
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
