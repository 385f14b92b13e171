//! The binary: parse, run, map the result to an exit code. Everything else
//! is in the library.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use oauthctl::cli::Cli;

fn main() -> ExitCode {
    let cli = parse();
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

/// `Cli::parse()`, through [`oauthctl::cli::quick_parse`] where it
/// applies, and without freeing clap's command tree and matches on the
/// way out: they are needed only while parsing, and dropping them is about a
/// seventh of the instructions a one-token `decode` executes
/// (scripts/bench-jwt measures whole processes). The memory goes back to
/// the system when the process exits, moments later.
fn parse() -> Cli {
    // The one-shot commands first, with only their own arguments built.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Installed as `docker-credential-oauthctl`, Docker runs it as its
    // credential helper: `credential docker VERB`.
    if args.first().is_some_and(|a| {
        std::path::Path::new(a).file_name() == Some("docker-credential-oauthctl".as_ref())
    }) {
        args.splice(1..1, ["credential".into(), "docker".into()]);
    }
    if let Some(cli) = oauthctl::cli::quick_parse(&args) {
        return cli;
    }
    let mut command = Cli::command();
    let mut matches = command
        .try_get_matches_from_mut(args)
        .unwrap_or_else(|e| e.exit());
    let cli =
        Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut command).exit());
    std::mem::forget(matches);
    std::mem::forget(command);
    cli
}

/// `oauthctl jwks … | head` must end quietly (ripgrep does the same).
fn is_broken_pipe(err: &oauthctl::error::Error) -> bool {
    matches!(err, oauthctl::error::Error::WriteFile { source, .. }
        if source.kind() == std::io::ErrorKind::BrokenPipe)
}
