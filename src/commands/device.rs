//! `device`: the device authorization grant (RFC 8628).

use std::io::IsTerminal;

use crate::cli::{DeviceArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::device::{self, Grant};
use crate::flows::oidc::{Issuer, Overrides};
use crate::output::session::{SignedIn, Spinner, render_device_prompt, render_signed_in};
use crate::settings::Context;

pub fn run(args: DeviceArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("device", &[OutputFormat::Text, OutputFormat::Json])?;
    let md = ctx.issuer_metadata(&args.issuer)?;
    let issuer = Issuer::from_metadata(
        &md,
        Overrides {
            authorization_endpoint: None,
            token_endpoint: super::token_endpoint_override(&args.client, ctx),
            device_authorization_endpoint: args
                .device_authorization_endpoint
                .clone()
                .or_else(|| ctx.profile.device_authorization_endpoint.clone()),
        },
    )?;
    let auth = ctx.user_client_auth(&args.issuer, &args.client)?;
    let scopes = super::user_scopes(&args.client, ctx);
    let mut params = crate::settings::params(&args.client)?;
    for r in ctx.resources(&args.client) {
        params.push(("resource".into(), r));
    }
    if let Some(aud) = ctx.audience(&args.client) {
        params.push(("audience".into(), aud));
    }
    let grant = Grant {
        issuer,
        auth,
        scopes: scopes.clone(),
        params,
    };
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
    let outcome = device::poll(&ctx.http, clock, &grant, &authz, &|d| spinner.wait(d));
    spinner.clear();
    let outcome = outcome?;
    let mut summary = SignedIn::new(
        &md.issuer,
        grant.auth.client_id(),
        &scopes,
        &outcome.tokens,
        &outcome.claims,
    );
    summary.stored = super::store_tokens(ctx, &md.issuer, grant.auth.client_id(), &outcome.tokens)?;
    match format {
        OutputFormat::Json => ctx.printer.json(&summary),
        _ => render_signed_in(ctx.printer.out(), &summary, ctx.clock.now()),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
