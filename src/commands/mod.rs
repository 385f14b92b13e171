//! One module per subcommand. Each reads its arguments and the settings,
//! calls one capability, and hands the result to `output`. No protocol
//! logic lives here.

mod client_credentials;
mod completions;
mod decode;
mod discover;
mod encode;
mod jwks;
mod validate;

use std::io::{IsTerminal, Read};

use crate::cli::Command;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

/// Run one subcommand.
pub fn dispatch(command: Command, ctx: &mut Context) -> Result<ExitStatus> {
    match command {
        Command::Decode(args) => decode::run(args, ctx),
        Command::Validate(args) => validate::run(*args, ctx),
        Command::Encode(args) => encode::run(args, ctx),
        Command::ClientCredentials(args) => client_credentials::run(*args, ctx),
        Command::Discover(args) => discover::run(args, ctx),
        Command::Jwks(args) => jwks::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
    }
}

/// An error writing to stdout (a closed pipe ends quietly in `main`).
pub(crate) fn stdout_error(source: std::io::Error) -> Error {
    Error::WriteFile {
        what: "to standard output",
        path: "-".into(),
        source,
    }
}

/// The token from the argument, or from stdin for `-` or no argument;
/// whitespace, quotes and a `Bearer ` prefix are stripped.
pub(crate) fn read_token(arg: Option<String>) -> Result<String> {
    let raw = match arg.as_deref() {
        Some("-") | None => {
            let stdin = std::io::stdin();
            if arg.is_none() && stdin.is_terminal() {
                return Err(Error::usage(
                    "no token: give one as an argument or pipe it on stdin",
                ));
            }
            let mut buf = String::new();
            stdin
                .lock()
                .take(crate::jwt::MAX_TOKEN_LEN as u64 * 2)
                .read_to_string(&mut buf)
                .map_err(|source| Error::ReadFile {
                    what: "the token from",
                    path: "standard input".into(),
                    source,
                })?;
            buf
        }
        Some(t) => t.to_owned(),
    };
    let token = crate::jwt::clean_input(&raw);
    if token.is_empty() {
        return Err(Error::usage("no token: the input is empty"));
    }
    Ok(token.to_owned())
}

/// Read a secret file: raw bytes, one trailing newline removed.
pub(crate) fn read_secret_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let mut bytes = crate::error::read_file("secret file", path)?;
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    if bytes.is_empty() {
        return Err(Error::input(
            format!("secret file {}", path.display()),
            "the file is empty",
        ));
    }
    Ok(bytes)
}
