//! `exec [--env NAME] -- COMMAND ARGS...`: a fresh access token in the
//! command's environment, never in its arguments. On Unix oauthctl
//! replaces itself with the command (as `env` and `sudo` do), so the exit
//! status is the command's own, a signal included (a shell shows it as
//! 128+n); a command that cannot be found is 127, one that cannot be run
//! 126, as shells say.

use crate::cli::ExecArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::flows::refresh;
use crate::settings::Context;

pub fn run(args: ExecArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let name = &args.env;
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(Error::usage(format!(
            "--env '{name}': an environment variable name cannot be empty or contain '='"
        )));
    }
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let stored = fresh_unbound(ctx, min_ttl, "the command")?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::usage("exec: give the command to run after --"))?;
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest)
        .env(name, stored.tokens.expose_access_token());
    drop(stored);
    let shown = program.to_string_lossy().into_owned();
    let _ = std::io::Write::flush(ctx.printer.out());
    let status = run_command(cmd);
    match status {
        Ok(code) => Ok(ExitStatus::Child(code)),
        Err(e) => {
            let (code, why) = match e.kind() {
                std::io::ErrorKind::NotFound => (127, "command not found".to_owned()),
                std::io::ErrorKind::PermissionDenied => (126, "permission denied".to_owned()),
                _ => (126, e.to_string()),
            };
            let _ = writeln!(
                ctx.printer.err(),
                "oauthctl: error: exec '{}': {why}",
                crate::secret::printable(&shown)
            );
            Ok(ExitStatus::Child(code))
        }
    }
}

/// Replace this process with `cmd`: returns only when that fails.
#[cfg(unix)]
fn run_command(mut cmd: std::process::Command) -> std::io::Result<u8> {
    use std::os::unix::process::CommandExt;
    Err(cmd.exec())
}

/// Run `cmd` and wait for it.
#[cfg(not(unix))]
fn run_command(mut cmd: std::process::Command) -> std::io::Result<u8> {
    let status = cmd.status()?;
    Ok(status.code().map_or(1, |c| (c & 0xff) as u8))
}

/// The stored login, refreshed first when its access token expires within
/// `min_ttl` (as `token` does). A DPoP-bound token is refused: `who` (git,
/// Docker, the command) would send it without the proof each request needs.
pub(crate) fn fresh_unbound(
    ctx: &mut Context,
    min_ttl: i64,
    who: &str,
) -> Result<crate::store::StoredTokens> {
    let stored = fresh_stored(ctx, min_ttl)?;
    if stored.dpop_key.is_some() {
        return Err(Error::usage(format!(
            "the stored access token is DPoP-bound: it needs a proof with every request, \
             which {who} cannot make; use `oauthctl fetch`, or log in without DPoP"
        )));
    }
    Ok(stored)
}

/// The stored login, refreshed first when its access token expires within
/// `min_ttl` (as `token` does).
pub(crate) fn fresh_stored(ctx: &mut Context, min_ttl: i64) -> Result<crate::store::StoredTokens> {
    let key = ctx.entry_key()?;
    let store = ctx.store()?;
    let stored = refresh::load(&store, &key)?;
    if refresh::expiring(&stored.tokens, ctx.clock.now(), min_ttl) {
        super::refresh_stored(ctx, &store, &key, &stored, min_ttl, false)
    } else {
        Ok(stored)
    }
}
