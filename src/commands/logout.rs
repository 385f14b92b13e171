//! `logout`: revoke the stored refresh and access tokens (RFC 7009) when
//! the issuer has a revocation endpoint, delete them from the store, and
//! with `--end-session` send the browser to the issuer's end-session
//! endpoint (OIDC RP-Initiated Logout) with `id_token_hint`.

use crate::cli::{LogoutArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::revocation;
use crate::output::session::{end_session_notice, logout_json, render_logout};
use crate::settings::Context;

pub fn run(args: LogoutArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("logout", &[OutputFormat::Text, OutputFormat::Json])?;
    let key = ctx.entry_key()?;
    let store = ctx.store()?;
    let location = store.location(&key);
    // A DPoP-bound login's revocation requests carry proofs from its key.
    let http = match store.load_tokens(&key) {
        // A key that no longer parses: revoke without proofs, delete all the same.
        Ok(Some(stored)) => {
            super::stored_http(ctx, &stored).unwrap_or_else(|_| std::sync::Arc::clone(&ctx.http))
        }
        _ => std::sync::Arc::clone(&ctx.http),
    };
    let outcome = ctx
        .provider
        .stored_client(&http, ctx.clock.as_ref(), |client| {
            revocation::logout(&store, &key, client, args.end_session)
        })?;
    let Some(out) = outcome else {
        ctx.printer.notice(&format!(
            "nothing to log out: no stored tokens (looked in {location})"
        ));
        return Ok(ExitStatus::Success);
    };
    for name in &out.not_revocable {
        ctx.printer.notice(&format!(
            "the issuer cannot revoke the {name} (unsupported_token_type); it stays valid until it expires"
        ));
    }
    if out.no_revocation_endpoint {
        ctx.printer.notice(
            "the issuer advertises no revocation_endpoint: the tokens stay valid at the issuer until they expire",
        );
    }
    match format {
        OutputFormat::Json => super::print(ctx, |p| p.json(&logout_json(&out, &location))),
        _ => super::print(ctx, |p| render_logout(p.out(), &out, &location)),
    }?;
    if let Some(url) = &out.end_session_url {
        // OIDC RP-Initiated Logout: the browser carries the session cookie.
        let opened = crate::browser::open(url);
        ctx.printer.notice(&end_session_notice(&opened, url));
    }
    match out.failure {
        Some(e) => Err(e),
        None => Ok(ExitStatus::Success),
    }
}
