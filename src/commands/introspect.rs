//! `introspect TOKEN`: RFC 7662 with the client's authentication. Exit 0
//! when the token is active, 1 when it is not.

use crate::cli::{IntrospectArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::flows::introspection;
use crate::settings::{AuthDefault, Context};

pub fn run(args: IntrospectArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("introspect", &[OutputFormat::Text, OutputFormat::Json])?;
    let token = super::read_token(args.token.clone(), ctx)?;
    let auth = ctx.provider.client_auth(AuthDefault::Confidential)?;
    let issuer = ctx.provider.required_issuer()?;
    let endpoint = crate::provider::discovery::fetch_endpoint_for(
        &ctx.http,
        issuer,
        "introspection_endpoint",
        ctx.provider.mtls(),
    )?;
    // With --dpop, the request carries a proof (given key, else a fresh one).
    let http = match &ctx.provider.dpop {
        Some(d) => std::sync::Arc::new(super::dpop_http(ctx, d.key_or_generate()?)),
        None => std::sync::Arc::clone(&ctx.http),
    };
    let answer = introspection::introspect(
        &http,
        ctx.clock.as_ref(),
        &endpoint,
        &auth,
        &token,
        args.token_type_hint.as_deref(),
    )?;
    let active = answer.get("active") == Some(&serde_json::Value::Bool(true));
    let now = ctx.clock.now();
    super::print(ctx, |p| match format {
        OutputFormat::Json => p.json(&answer),
        _ => crate::output::token::render_claims(
            p.out(),
            if active { "ACTIVE" } else { "INACTIVE" },
            &answer,
            now,
        ),
    })?;
    Ok(if active {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}
