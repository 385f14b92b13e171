//! `login`: authorization code + PKCE in the browser.

use std::time::Duration;

use crate::browser::{self, NoBrowser, Opened};
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
            authorization_endpoint: args
                .authorization_endpoint
                .clone()
                .or_else(|| ctx.profile.authorization_endpoint.clone()),
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
    let mut given: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    if args.prompt.is_some() {
        given.push("prompt");
    }
    let preset_params = ctx.preset_authorize_params(&given);
    params.extend(preset_params);
    let redirect = match &args.redirect_uri {
        Some(uri) => Redirect::Uri {
            uri: uri.clone(),
            bind: args.bind,
        },
        None => {
            let host = ctx.redirect_host(args.redirect_host.as_deref())?;
            Redirect::Loopback {
                bind: args.bind.unwrap_or_else(|| login::loopback_for(&host)),
                host,
                ports: args.port.clone(),
            }
        }
    };
    if let Some(addr) = args.bind.filter(|a| !a.is_loopback()) {
        ctx.printer.warn(&format!(
            "listening on {addr}, not only on loopback: anything that can reach this port can \
             send the callback (the state parameter still has to match)"
        ));
    }
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
        short_url: args.short_url,
    })?;
    let url = pending.authorization_url().to_owned();
    // What the user is shown: the short local URL when asked for.
    let shown = pending.short_url().unwrap_or_else(|| url.clone());
    let browser_command = args
        .browser_command
        .clone()
        .or_else(|| ctx.profile.browser_command.clone());
    if let Some(agent) = ctx.user_agent.clone() {
        let url = url.clone();
        std::thread::spawn(move || agent.open(&url));
    }
    let opened = match (&browser_command, args.no_browser) {
        _ if ctx.user_agent.is_some() => Some(Opened::Launched),
        (_, true) => None,
        (Some(cmd), false) => Some(browser::open_with(cmd, &shown)),
        (None, false) => Some(browser::open(&shown)),
    };
    let port = pending.port().unwrap_or(0);
    match opened {
        Some(Opened::Launched) => {
            ctx.printer.notice(&format!(
                "Opened the browser to sign in at {}. If nothing shows up, open:\n\n  {shown}\n",
                md.issuer
            ));
        }
        Some(Opened::NotTried(NoBrowser::Ssh)) => {
            ctx.printer.prompt(&format!(
                "No browser was opened: this is an SSH session. Either sign in with \
                 `oauthctl device`, or forward the redirect port from your own machine \
                 (ssh -L {port}:127.0.0.1:{port} THIS-HOST) and open there:\n\n  {shown}\n"
            ));
        }
        Some(Opened::NotTried(why @ NoBrowser::Container)) => {
            ctx.printer.prompt(&format!(
                "No browser was opened: {why}. Either sign in \
                 with `oauthctl device`, or publish the redirect port (docker run -p \
                 {port}:{port} …, with --bind 0.0.0.0 --port {port}) and open on the host:\n\n  \
                 {shown}\n"
            ));
        }
        other => {
            let why = match other {
                Some(Opened::NotTried(why)) => format!("No browser was opened: {why}. "),
                Some(Opened::Failed(e)) => format!("No browser could be opened ({e}). "),
                _ => String::new(),
            };
            ctx.printer.prompt(&format!(
                "{why}Open this URL in a browser on this machine to sign in:\n\n  {shown}\n\n\
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
