//! `login`: authorization code + PKCE in the browser.

use std::io::{BufRead, IsTerminal};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::browser::{self, Opened};
use crate::cli::{LoginArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::login::{self, Login, Redirect};
use crate::flows::oidc::Issuer;
use crate::output::session::{SignInPrompt, SignedIn, render_signed_in};
use crate::settings::{AuthDefault, Context};

pub fn run(args: LoginArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("login", &[OutputFormat::Text, OutputFormat::Json])?;
    super::resource_login::prepare(ctx, false, args.client_metadata_url.as_deref())?;
    let md = ctx.provider.metadata(&ctx.http)?;
    let mut request = authorization_request(&args, ctx, &md)?;
    // DPoP: the key's thumbprint in the request (RFC 9449 §10), proofs on
    // the token request, the key kept with the tokens.
    let dpop = super::dpop_for_sign_in(ctx)?;
    request.dpop_jkt = dpop.as_ref().map(|(key, _)| key.jkt());
    let http = dpop
        .as_ref()
        .map_or_else(|| std::sync::Arc::clone(&ctx.http), |(_, h)| h.clone());
    let (client_id, scopes) = (request.auth.client_id().to_owned(), request.scopes.clone());
    if let Some(addr) = args.bind.filter(|a| !a.is_loopback()) {
        ctx.printer.warn(&format!(
            "listening on {addr}, not only on loopback: anything that can reach this port can \
             send the callback (the state parameter still has to match)"
        ));
    }
    // A pushed request (PAR) carries a proof too (RFC 9449 §10.1).
    let pending = login::start(request, &http, ctx.clock.as_ref())?;
    let url = pending.authorization_url().to_owned();
    // What the user is shown: the short local URL when asked for.
    let shown = pending.short_url().unwrap_or_else(|| url.clone());
    let browser_command = ctx.provider.browser_command.clone();
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
    // Paste-back: on a terminal, a line typed or pasted while waiting is
    // taken as the redirect URL (demo's own user agent needs none).
    let pasted = match ctx.user_agent {
        None if std::io::stdin().is_terminal() => Some(read_lines()),
        _ => None,
    };
    let how = SignInPrompt {
        issuer: &md.issuer,
        shown: &shown,
        port: pending.port().unwrap_or(0),
        redirect_uri: pending.redirect_uri(),
        paste: pasted.is_some(),
    };
    match opened {
        Some(Opened::Launched) => ctx.printer.notice(&how.text(opened.as_ref())),
        _ => ctx.printer.prompt(&how.text(opened.as_ref())),
    }
    if let (Some(secs), false) = (
        pending.pushed_expires_in(),
        matches!(opened, Some(Opened::Launched)),
    ) {
        ctx.printer.prompt(&format!(
            "The pushed request expires in {secs} s (RFC 9126): open the URL before then."
        ));
    }
    ctx.printer.notice(&format!(
        "Waiting up to {} s for the browser…",
        args.login_timeout
    ));
    let outcome = pending.finish_or_paste(
        &http,
        ctx.clock.as_ref(),
        Duration::from_secs(args.login_timeout),
        pasted.as_ref(),
    )?;
    let mut summary = SignedIn::new(
        &md.issuer,
        &client_id,
        &scopes,
        &outcome.tokens,
        &outcome.claims,
    );
    let dpop_key = super::bound_key(ctx, dpop.as_ref().map(|(k, _)| k.as_ref()), &outcome.tokens);
    summary.stored = super::store_tokens(ctx, &md.issuer, &client_id, &outcome.tokens, dpop_key)?;
    let now = ctx.clock.now();
    super::print(ctx, |p| match format {
        OutputFormat::Json => p.json(&summary),
        _ => render_signed_in(p.out(), &summary, now),
    })
}

/// Lines from stdin, on a thread of their own (it ends with the process,
/// blocked on the terminal, when the callback comes first).
fn read_lines() -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The authorization request: the provider's settings and login's own
/// options.
fn authorization_request(
    args: &LoginArgs,
    ctx: &Context,
    md: &crate::provider::discovery::ProviderMetadata,
) -> Result<Login> {
    let p = &ctx.provider;
    let mut params = p.params.clone();
    if let Some(aud) = &p.audience {
        params.push(("audience".into(), aud.clone()));
    }
    params.extend(p.preset_authorize_params.iter().cloned());
    let redirect = match &args.redirect_uri {
        Some(uri) => Redirect::Uri {
            uri: uri.clone(),
            bind: args.bind,
        },
        None => Redirect::Loopback {
            bind: args
                .bind
                .unwrap_or_else(|| login::loopback_for(&p.redirect_host)),
            host: p.redirect_host.clone(),
            ports: args.port.clone(),
        },
    };
    let auth = p.client_auth(AuthDefault::Public)?;
    let request_object = match p.requests.request_object {
        true => Some(Box::new(p.request_object_key()?)),
        false => None,
    };
    Ok(Login {
        issuer: Issuer::from_metadata(md, p.endpoints.overrides())?,
        par_endpoint: crate::flows::par::endpoint(md, p.requests.par, p.mtls())?,
        auth,
        scopes: p.user_scopes.clone(),
        resources: p.resources.clone(),
        prompt: args.prompt.clone(),
        login_hint: args.login_hint.clone(),
        max_age: args.max_age,
        acr_values: args.acr_values.clone(),
        params,
        redirect,
        short_url: args.short_url,
        authorization_details: p.requests.authorization_details.clone(),
        dpop_jkt: None,
        request_object,
        response_mode: p.requests.response_mode,
    })
}
