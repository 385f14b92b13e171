//! `logout`: revoke the stored refresh and access tokens (RFC 7009) when
//! the issuer has a revocation endpoint, delete them from the store, and
//! with `--end-session` send the browser to the issuer's end-session
//! endpoint (OIDC RP-Initiated Logout) with `id_token_hint`.

use serde_json::json;

use crate::cli::{LogoutArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::revocation::{self, TokenKind};
use crate::settings::Context;

pub fn run(args: LogoutArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("logout", &[OutputFormat::Text, OutputFormat::Json])?;
    let key = ctx.entry_key(&args.issuer, Some(&args.client))?;
    let store = ctx.store()?;
    let _lock = store.lock(&key)?;
    let Some(stored) = store.load_tokens(&key)? else {
        ctx.printer.notice(&format!(
            "nothing to log out: no stored tokens (looked in {})",
            store.location(&key)
        ));
        return Ok(ExitStatus::Success);
    };
    let issuer = ctx
        .issuer(args.issuer.issuer.as_deref())
        .or_else(|| stored.issuer.clone());
    let md = match &issuer {
        Some(i) => Some(crate::provider::discovery::fetch(&ctx.http, i)?),
        None => None,
    };
    let mut revoked = Vec::new();
    let mut failure = None;
    match md.as_ref().and_then(|m| m.str("revocation_endpoint")) {
        Some(endpoint) => {
            let client_id = ctx
                .client_id(args.issuer.client_id.as_deref())
                .unwrap_or_else(|| stored.client_id.clone());
            let auth = ctx.client_auth_for(client_id, &args.client, true)?;
            // The refresh token first: revoking it ends the grant at most
            // servers (RFC 7009 §2.1), so nothing can mint new tokens.
            let tokens = [
                (TokenKind::Refresh, "refresh_token", stored.tokens.refresh_token.as_deref()),
                (TokenKind::Access, "access_token", Some(stored.tokens.access_token.as_str())),
            ];
            for (kind, name, token) in tokens {
                let Some(token) = token else { continue };
                match revocation::revoke(&ctx.http, ctx.clock.as_ref(), endpoint, &auth, token, kind) {
                    Ok(()) => revoked.push(name),
                    // RFC 7009 §2.2.1: the server cannot revoke this kind
                    // (e.g. self-contained JWT access tokens).
                    Err(Error::OAuth { error, .. }) if error == "unsupported_token_type" => {
                        ctx.printer.notice(&format!(
                            "the issuer cannot revoke the {name} (unsupported_token_type); it stays valid until it expires"
                        ));
                    }
                    Err(e) if failure.is_none() => failure = Some(e),
                    Err(_) => {}
                }
            }
        }
        None => ctx.printer.notice(
            "the issuer advertises no revocation_endpoint: the tokens stay valid at the issuer until they expire",
        ),
    }
    let deleted = store.delete(&key)?;
    let end_session_url = if args.end_session {
        Some(end_session_url(md.as_ref(), &stored)?)
    } else {
        None
    };
    match format {
        OutputFormat::Json => ctx
            .printer
            .json(&json!({
                "revoked": revoked,
                "deleted": deleted,
                "store": store.location(&key),
                "end_session_url": end_session_url,
            }))
            .map_err(super::stdout_error)?,
        _ => {
            let out = ctx.printer.out();
            let mut text = String::new();
            for name in &revoked {
                text.push_str(&format!("revoked the {name}\n"));
            }
            text.push_str(&format!(
                "deleted the stored tokens ({})\n",
                store.location(&key)
            ));
            out.write_all(text.as_bytes())
                .map_err(super::stdout_error)?;
        }
    }
    if let Some(url) = end_session_url {
        // OIDC RP-Initiated Logout: the browser carries the session cookie.
        let message = match crate::browser::open(&url) {
            crate::browser::Opened::Launched => format!(
                "Opened the browser to end the session at the issuer. If nothing shows up, open:\n\n  {url}\n"
            ),
            crate::browser::Opened::NotTried(why) => format!(
                "No browser was opened: {why}. To end the session at the issuer, open:\n\n  {url}\n"
            ),
            crate::browser::Opened::Failed(e) => format!(
                "The browser could not be started ({e}). To end the session at the issuer, open:\n\n  {url}\n"
            ),
        };
        ctx.printer.notice(&message);
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(ExitStatus::Success),
    }
}

/// The end-session URL with `id_token_hint` (and `client_id`), from the
/// issuer's `end_session_endpoint`.
fn end_session_url(
    md: Option<&crate::provider::discovery::ProviderMetadata>,
    stored: &crate::store::StoredTokens,
) -> Result<String> {
    let endpoint = md
        .and_then(|m| m.str("end_session_endpoint"))
        .ok_or_else(|| {
            Error::usage("--end-session: the issuer advertises no end_session_endpoint")
        })?;
    let mut url = url::Url::parse(endpoint).map_err(|e| {
        Error::usage(format!(
            "end_session_endpoint '{endpoint}' is not a URL ({e})"
        ))
    })?;
    {
        let mut q = url.query_pairs_mut();
        if let Some(idt) = &stored.tokens.id_token {
            q.append_pair("id_token_hint", idt);
        }
        q.append_pair("client_id", &stored.client_id);
    }
    Ok(url.to_string())
}
