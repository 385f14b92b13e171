//! `token`: the stored access token (or, with `--id-token`, the ID token),
//! refreshed first when it expires within `--min-ttl`; bare on stdout by
//! default, or a kubectl ExecCredential in the version `KUBERNETES_EXEC_INFO`
//! asks for.

use crate::cli::{OutputFormat, TokenArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::refresh;
use crate::settings::Context;

pub fn run(args: TokenArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let supported: &[OutputFormat] = if args.id_token {
        &[
            OutputFormat::Text,
            OutputFormat::Json,
            OutputFormat::ExecCredential,
        ]
    } else {
        super::TOKEN_FORMATS
    };
    let format = ctx.format("token", supported)?;
    let kube = ctx.kube_exec_for(format)?;
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let (stored, same_id_token) = fresh(ctx, &args, min_ttl).map_err(|e| match e {
        // kubectl runs the plugin without a terminal to log in on.
        Error::LoginRequired(msg) if kube.interactive == Some(false) => Error::LoginRequired(
            format!("kubectl runs oauthctl non-interactively and a login is needed: {msg}"),
        ),
        other => other,
    })?;
    let bound = stored.dpop_key.is_some() && !args.id_token;
    super::dpop_output(format, bound, args.url.as_deref(), true)?;
    if args.id_token {
        let key = ctx.entry_key()?;
        let id_token = stored.tokens.expose_id_token().ok_or_else(|| {
            Error::LoginRequired(format!(
                "no ID token is stored (the login did not ask for the openid scope); run `{}`",
                key.login_command()
            ))
        })?;
        let now = ctx.clock.now();
        if same_id_token && refresh::id_token_expiring(&stored.tokens, now, min_ttl) {
            // Refreshed, yet the same ID token: the provider sent no new one.
            let exp = refresh::id_token_exp(id_token).unwrap_or(now);
            if exp <= now {
                return Err(Error::CheckFailed(format!(
                    "the stored ID token has expired and the refresh response carried no new \
                     one (the provider does not reissue ID tokens on refresh); run `{}`",
                    key.login_command()
                )));
            }
            ctx.printer.warn(&format!(
                "the refresh gave no new ID token; the stored one expires in {}s",
                exp - now
            ));
        }
        return super::print(ctx, |p| {
            crate::output::token::render_id_token(p, format, id_token, &kube)
        });
    }
    if let (true, Some(url)) = (bound, &args.url) {
        let method = args.method.to_ascii_uppercase();
        let proof = super::stored_dpop_key(ctx, &stored)?
            .ok_or_else(|| Error::usage("no DPoP key is stored"))?
            .proof(
                &method,
                url,
                ctx.clock.now(),
                Some(stored.tokens.expose_access_token()),
                None,
            )
            .map_err(|e| Error::input("making a DPoP proof", e))?;
        return super::print(ctx, |p| {
            crate::output::token::render_dpop_header(p.out(), &stored.tokens, &proof)
        });
    }
    super::print(ctx, |p| {
        crate::output::token::render_stored(p, format, &stored.tokens, &kube)
    })
}

/// The stored login, refreshed when the token asked for (the access token,
/// or the ID token with `--id-token`) expires within `min_ttl`; and whether
/// a refresh for the ID token left the same one (the provider sent none).
/// The common case takes no lock and makes no request.
fn fresh(
    ctx: &mut Context,
    args: &TokenArgs,
    min_ttl: i64,
) -> Result<(crate::store::StoredTokens, bool)> {
    let key = ctx.entry_key()?;
    let store = ctx.store()?;
    let stored = refresh::load(&store, &key)?;
    let now = ctx.clock.now();
    let expiring = if args.id_token {
        refresh::id_token_expiring(&stored.tokens, now, min_ttl)
    } else {
        refresh::expiring(&stored.tokens, now, min_ttl)
    };
    if !expiring {
        return Ok((stored, false));
    }
    // The access token may still be good while the ID token is not: force.
    let fresh = super::refresh_stored(ctx, &store, &key, &stored, min_ttl, args.id_token)?;
    let same = args.id_token && fresh.tokens.expose_id_token() == stored.tokens.expose_id_token();
    Ok((fresh, same))
}
