//! `login`: authorization code + PKCE in the browser.

use std::time::Duration;

use crate::browser::{self, Opened};
use crate::cli::{LoginArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::login::{self, Login, Redirect};
use crate::flows::oidc::{Issuer, Overrides};
use crate::output::session::{SignedIn, render_signed_in};
use crate::settings::Context;

pub fn run(args: LoginArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("login", &[OutputFormat::Text, OutputFormat::Json])?;
    let md = ctx.issuer_metadata(&args.issuer)?;
    let issuer = Issuer::from_metadata(
        &md,
        Overrides {
            authorization_endpoint: args.authorization_endpoint.clone(),
            token_endpoint: super::token_endpoint_override(&args.client, ctx),
            device_authorization_endpoint: None,
        },
    )?;
    let auth = ctx.user_client_auth(&args.issuer, &args.client)?;
    let client_id = auth.client_id().to_owned();
    let scopes = super::user_scopes(&args.client, ctx);
    let mut params = crate::settings::params(&args.client)?;
    if let Some(aud) = ctx.audience(&args.client) {
        params.push(("audience".into(), aud));
    }
    let redirect = match &args.redirect_uri {
        Some(uri) => Redirect::Uri(uri.clone()),
        None => Redirect::Port(args.port),
    };
    let pending = login::start(Login {
        issuer,
        auth,
        scopes: scopes.clone(),
        resources: ctx.resources(&args.client),
        prompt: args.prompt.clone(),
        login_hint: args.login_hint.clone(),
        max_age: args.max_age,
        acr_values: args.acr_values.clone(),
        params,
        redirect,
    })?;
    let url = pending.authorization_url().to_owned();
    let opened = if args.no_browser {
        None
    } else {
        Some(browser::open(&url))
    };
    match opened {
        Some(Opened::Launched) => {
            ctx.printer.notice(&format!(
                "Opened the browser to sign in at {}. If nothing shows up, open:\n\n  {url}\n",
                md.issuer
            ));
        }
        other => {
            let why = match other {
                Some(Opened::NotTried(why)) => format!("No browser was opened: {why}. "),
                Some(Opened::Failed(e)) => format!("No browser could be opened ({e}). "),
                _ => String::new(),
            };
            ctx.printer.prompt(&format!(
                "{why}Open this URL in a browser on this machine to sign in:\n\n  {url}\n\n\
                 The browser must reach {} here; to sign in from another device, use \
                 `oauthctl device` instead.",
                pending.redirect_uri()
            ));
        }
    }
    ctx.printer.notice(&format!(
        "Waiting up to {} s for the browser…",
        args.login_timeout
    ));
    let outcome = pending.finish(
        &ctx.http,
        ctx.clock.as_ref(),
        Duration::from_secs(args.login_timeout),
    )?;
    let mut summary = SignedIn::new(
        &md.issuer,
        &client_id,
        &scopes,
        &outcome.tokens,
        &outcome.claims,
    );
    summary.stored = super::store_tokens(ctx, &md.issuer, &client_id, &outcome.tokens)?;
    match format {
        OutputFormat::Json => ctx.printer.json(&summary),
        _ => render_signed_in(ctx.printer.out(), &summary, ctx.clock.now()),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
