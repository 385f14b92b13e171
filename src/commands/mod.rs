//! One module per subcommand. Each reads its arguments and the settings,
//! calls one capability, and hands the result to `output`. No protocol
//! logic lives here.

mod client_credentials;
mod completions;
mod decode;
mod demo;
mod device;
mod discover;
mod encode;
mod exchange;
mod introspect;
mod jwks;
mod login;
mod logout;
mod probe;
mod refresh;
mod serve;
mod store;
mod token;
mod userinfo;
mod validate;

use std::io::{IsTerminal, Read};

use crate::cli::Command;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

/// What token-producing commands print (DESIGN.md): the bare token first.
pub(crate) const TOKEN_FORMATS: &[crate::cli::OutputFormat] = &[
    crate::cli::OutputFormat::Text,
    crate::cli::OutputFormat::Json,
    crate::cli::OutputFormat::Header,
    crate::cli::OutputFormat::ExecCredential,
];

/// Run one subcommand.
pub fn dispatch(command: Command, ctx: &mut Context) -> Result<ExitStatus> {
    match command {
        Command::Decode(args) => decode::run(args, ctx),
        Command::Validate(args) => validate::run(*args, ctx),
        Command::Encode(args) => encode::run(args, ctx),
        Command::Login(args) => login::run(*args, ctx),
        Command::Device(args) => device::run(*args, ctx),
        Command::ClientCredentials(args) => client_credentials::run(*args, ctx),
        Command::Exchange(args) => exchange::run(*args, ctx),
        Command::Token(args) => token::run(*args, ctx),
        Command::Refresh(args) => refresh::run(*args, ctx),
        Command::Logout(args) => logout::run(*args, ctx),
        Command::Introspect(args) => introspect::run(*args, ctx),
        Command::Userinfo(args) => userinfo::run(*args, ctx),
        Command::Discover(args) => discover::run(args, ctx),
        Command::Jwks(args) => jwks::run(args, ctx),
        Command::Serve(args) => serve::run(*args, ctx),
        Command::Probe(args) => probe::run(args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Store(args) => store::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
    }
}

/// Hand the printer to a renderer; an error writing to stdout is
/// [`stdout_error`].
pub(crate) fn print(
    ctx: &mut Context,
    render: impl FnOnce(&mut crate::output::Printer) -> std::io::Result<()>,
) -> Result<ExitStatus> {
    render(&mut ctx.printer).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// Refresh a stored login with the settings' client (see
/// `flows::refresh::refresh_stored`), saying so when the store fell back
/// to files.
pub(crate) fn refresh_stored(
    ctx: &mut Context,
    store: &crate::store::Store,
    key: &crate::store::EntryKey,
    stored: &crate::store::StoredTokens,
    min_ttl: i64,
    force: bool,
) -> Result<crate::store::StoredTokens> {
    let fresh = ctx
        .provider
        .stored_client(&ctx.http, ctx.clock.as_ref(), |client| {
            crate::flows::refresh::refresh_stored(store, key, stored, client, min_ttl, force)
        })?;
    if fresh.refreshed {
        ctx.store_notice();
    }
    Ok(fresh.stored)
}

/// Keep a sign-in's tokens in the store, under the profile (or the
/// issuer and client ID); returns where, for the summary.
pub(crate) fn store_tokens(
    ctx: &mut Context,
    issuer: &str,
    client_id: &str,
    tokens: &crate::flows::TokenSet,
) -> Result<Option<String>> {
    use crate::store::{EntryKey, StoredTokens};
    let key = match &ctx.profile_name {
        Some(name) => EntryKey::profile(name),
        None => EntryKey::client(issuer, client_id),
    };
    let store = ctx.store()?;
    store.save_login(
        &key,
        &StoredTokens {
            issuer: Some(issuer.to_owned()),
            client_id: client_id.to_owned(),
            token_endpoint: ctx
                .provider
                .endpoints
                .token
                .as_ref()
                .filter(|e| e.source != crate::settings::Source::Flag)
                .map(|e| e.url.clone()),
            resources: ctx.provider.resources.clone(),
            tokens: tokens.clone(),
        },
    )?;
    ctx.store_notice();
    Ok(Some(store.location(&key)))
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
    crate::provider::keys::read_secret_file(path)
}
