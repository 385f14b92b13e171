//! `device`: the device authorization grant (RFC 8628).

use std::io::IsTerminal;

use crate::cli::{DeviceArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::device::{self, Grant};
use crate::flows::oidc::Issuer;
use crate::output::session::{SignedIn, Spinner, render_device_prompt, render_signed_in};
use crate::settings::{AuthDefault, Context};

pub fn run(args: DeviceArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("device", &[OutputFormat::Text, OutputFormat::Json])?;
    let p = &ctx.provider;
    let md = p.metadata(&ctx.http)?;
    let issuer = Issuer::from_metadata(&md, p.endpoints.overrides())?;
    let auth = p.client_auth(AuthDefault::Public)?;
    let scopes = p.user_scopes.clone();
    let mut params = p.params.clone();
    for r in &p.resources {
        params.push(("resource".into(), r.clone()));
    }
    if let Some(aud) = &p.audience {
        params.push(("audience".into(), aud.clone()));
    }
    if let Some(d) = &p.requests.authorization_details {
        params.push(("authorization_details".into(), d.to_string()));
    }
    let grant = Grant {
        issuer,
        auth,
        scopes: scopes.clone(),
        params,
        pkce: args.pkce || p.device_pkce,
    };
    // DPoP: proofs on the token requests (the device authorization request
    // carries none: RFC 9449 defines none there), the key kept with the tokens.
    let dpop = super::dpop_for_sign_in(ctx)?;
    let http = dpop
        .as_ref()
        .map_or_else(|| std::sync::Arc::clone(&ctx.http), |(_, h)| h.clone());
    let clock = ctx.clock.as_ref();
    let authz = device::authorize(&ctx.http, clock, &grant)?;
    let terminal = std::io::stderr().is_terminal();
    // Shown even with -q: without the code there is nothing to wait for.
    let _ = render_device_prompt(
        ctx.printer.err(),
        &authz.verification_uri,
        &authz.user_code,
        authz.verification_uri_complete.as_deref(),
        terminal && !args.no_qr,
    );
    if let Some(agent) = ctx.user_agent.clone() {
        let (uri, code) = (authz.verification_uri.clone(), authz.user_code.clone());
        std::thread::spawn(move || agent.enter_code(&uri, &code));
    }
    let spinner = Spinner::new(clock, terminal && !ctx.printer.quiet(), authz.expires_at);
    let outcome = device::poll(&http, clock, &grant, &authz, &|d| spinner.wait(d));
    spinner.clear();
    let outcome = outcome?;
    let mut summary = SignedIn::new(
        &md.issuer,
        grant.auth.client_id(),
        &scopes,
        &outcome.tokens,
        &outcome.claims,
    );
    let dpop_key = super::bound_key(ctx, dpop.as_ref().map(|(k, _)| k.as_ref()), &outcome.tokens);
    summary.stored = super::store_tokens(
        ctx,
        &md.issuer,
        grant.auth.client_id(),
        &outcome.tokens,
        dpop_key,
    )?;
    match format {
        OutputFormat::Json => ctx.printer.json(&summary),
        _ => render_signed_in(ctx.printer.out(), &summary, ctx.clock.now()),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
