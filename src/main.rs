//! The binary: parse, run, map the result to an exit code. Everything else
//! is in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = oauthctl::cli::Cli::parse();
    match oauthctl::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("oauthctl: error: {}", oauthctl::error::chain(&err));
            if let Some(hint) = err.hint() {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(err.exit_status().code())
        }
    }
}

/// `oauthctl jwks … | head` must end quietly (ripgrep does the same).
fn is_broken_pipe(err: &oauthctl::error::Error) -> bool {
    matches!(err, oauthctl::error::Error::WriteFile { source, .. }
        if source.kind() == std::io::ErrorKind::BrokenPipe)
}
