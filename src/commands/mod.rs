//! One module per subcommand. Each reads its arguments and the settings,
//! calls one capability, and hands the result to `output`. No protocol
//! logic lives here.

mod client_credentials;
mod completions;
mod decode;
mod device;
mod discover;
mod encode;
mod jwks;
mod login;
mod probe;
mod serve;
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
        Command::Login(args) => login::run(*args, ctx),
        Command::Device(args) => device::run(*args, ctx),
        Command::ClientCredentials(args) => client_credentials::run(*args, ctx),
        Command::Discover(args) => discover::run(args, ctx),
        Command::Jwks(args) => jwks::run(args, ctx),
        Command::Serve(args) => serve::run(*args, ctx),
        Command::Probe(args) => probe::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
    }
}

/// The scopes of a user sign-in: the flags' as given; else `openid` and
/// the profile's; else the provider preset's (GitHub's: none, as it is not
/// OpenID Connect).
pub(crate) fn user_scopes(client: &crate::cli::ClientArgs, ctx: &Context) -> Vec<String> {
    if !client.scope.is_empty() {
        return ctx.scopes(client);
    }
    if ctx.profile.scopes.is_empty()
        && let Some(scopes) = ctx.preset_scopes()
    {
        return scopes;
    }
    let mut scopes = vec!["openid".to_owned()];
    for s in ctx.scopes(client) {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    scopes
}

/// `--token-endpoint`, else the profile's: wins over the metadata's.
pub(crate) fn token_endpoint_override(
    client: &crate::cli::ClientArgs,
    ctx: &Context,
) -> Option<String> {
    client
        .token_endpoint
        .clone()
        .or_else(|| ctx.profile.token_endpoint.clone())
}

/// Keep a sign-in's tokens; returns where, for the summary.
pub(crate) fn store_tokens(
    _ctx: &mut Context,
    _issuer: &str,
    _client_id: &str,
    _tokens: &crate::flows::TokenSet,
) -> Result<Option<String>> {
    // The token store (src/store/) lands separately; wired here then.
    Ok(None)
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
