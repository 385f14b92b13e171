//! `credential git|docker OPERATION`: the stored access token in git's and
//! Docker's credential-helper protocols (stdin in, stdout out). Which login
//! answers is the profile of the helper's configuration line (`-p NAME`, or
//! `OAUTHCTL_PROFILE` for `docker-credential-oauthctl`); with none, git gets
//! an empty answer (it asks its next helper) and Docker the protocol's
//! "credentials not found". `store` does nothing (oauthctl keeps its own
//! login); `erase` never signs the user out (that is `oauthctl logout`):
//! git's erase of the token it was given makes the next `get` refresh it.

use std::io::Read;

use serde_json::json;

use crate::cli::{CredentialArgs, CredentialHelperArgs, CredentialTool};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::credential_helper as helper;
use crate::settings::Context;

/// Refresh the stored access token first when it has this little left.
const MIN_TTL: i64 = 60;

/// What a helper reads from stdin at most (git and Docker send a few lines).
const MAX_INPUT: u64 = 64 * 1024;

/// Docker's answer for a server it has no credentials for (the
/// docker-credential-helpers `credentials.NewErrCredentialsNotFound`).
pub const DOCKER_NOT_FOUND: &str = "credentials not found in native keychain";

pub fn run(args: CredentialArgs, ctx: &mut Context) -> Result<ExitStatus> {
    match args.tool {
        CredentialTool::Git(a) => git(*a, ctx),
        CredentialTool::Docker(a) => docker(*a, ctx),
    }
}

fn read_input() -> Result<String> {
    let mut buf = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_to_string(&mut buf)
        .map_err(|source| Error::ReadFile {
            what: "the credential request from",
            path: "standard input".into(),
            source,
        })?;
    Ok(buf)
}

fn git(args: CredentialHelperArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let op = args.operation.as_str();
    if !matches!(op, "get" | "store" | "erase") {
        return Err(Error::usage(format!(
            "credential git: unknown operation '{}' (git asks for get, store or erase)",
            crate::secret::printable(op)
        )));
    }
    let input = read_input()?;
    let request = helper::GitRequest::parse(&input);
    if op == "store" {
        return Ok(ExitStatus::Success);
    }
    // No profile on the helper's line: not ours, git asks the next helper.
    let Ok(key) = ctx.entry_key() else {
        return Ok(ExitStatus::Success);
    };
    if let Err(why) = request.acceptable() {
        ctx.printer
            .warn(&format!("credential git: {why}; not answering"));
        return Ok(ExitStatus::Success);
    }
    let store = ctx.store()?;
    if op == "erase" {
        // git rejected what it was given: refresh it, if it is still the
        // stored one, so that the next `get` gives a new token.
        let Some(given) = request.secret() else {
            return Ok(ExitStatus::Success);
        };
        if let Some(stored) = store.load_tokens(&key)?
            && stored.tokens.expose_access_token() == given
            && stored.tokens.expose_refresh_token().is_some()
            && let Err(e) = super::refresh_stored(ctx, &store, &key, &stored, MIN_TTL, true)
        {
            ctx.printer.warn(&format!(
                "credential git erase: {}",
                crate::error::chain(&e)
            ));
        }
        return Ok(ExitStatus::Success);
    }
    let stored = match super::exec::fresh_unbound(ctx, MIN_TTL, "git") {
        Ok(s) => s,
        Err(e @ Error::LoginRequired(_)) => {
            ctx.printer.warn(&format!("credential git: {e}"));
            return Ok(ExitStatus::Success);
        }
        Err(e) => return Err(e),
    };
    let answer = request.answer(
        stored.tokens.expose_access_token(),
        args.username.as_deref().unwrap_or(helper::GIT_USERNAME),
        stored.tokens.expires_at,
    )?;
    super::print(ctx, |p| p.out().write_all(answer.as_bytes()))
}

fn docker(args: CredentialHelperArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let op = args.operation.as_str();
    if !matches!(op, "get" | "store" | "erase" | "list") {
        return Err(Error::usage(format!(
            "credential docker: unknown operation '{}' (Docker asks for get, store, erase or list)",
            crate::secret::printable(op)
        )));
    }
    let input = if op == "list" {
        String::new()
    } else {
        read_input()?
    };
    match op {
        "store" | "erase" => Ok(ExitStatus::Success),
        "list" => super::print(ctx, |p| writeln!(p.out(), "{{}}")),
        _ => {
            let server = input.trim().to_owned();
            let not_found = |ctx: &mut Context| {
                super::print(ctx, |p| writeln!(p.out(), "{DOCKER_NOT_FOUND}"))
                    .map(|_| ExitStatus::CheckFailed)
            };
            if server.is_empty() || ctx.entry_key().is_err() {
                return not_found(ctx);
            }
            let stored = match super::exec::fresh_unbound(ctx, MIN_TTL, "Docker") {
                Ok(s) => s,
                Err(e @ Error::LoginRequired(_)) => {
                    ctx.printer.warn(&format!("credential docker: {e}"));
                    return not_found(ctx);
                }
                Err(e) => return Err(e),
            };
            let doc = json!({
                "ServerURL": server,
                "Username": args.username.as_deref().unwrap_or(helper::DOCKER_USERNAME),
                "Secret": stored.tokens.expose_access_token(),
            });
            super::print(ctx, |p| {
                serde_json::to_writer(p.out(), &doc)?;
                writeln!(p.out())
            })
        }
    }
}
