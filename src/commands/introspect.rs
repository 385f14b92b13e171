//! `introspect TOKEN`: RFC 7662 with the client's authentication. Exit 0
//! when the token is active, 1 when it is not.

use crate::cli::{IntrospectArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::introspection;
use crate::settings::Context;

pub fn run(args: IntrospectArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("introspect", &[OutputFormat::Text, OutputFormat::Json])?;
    let token = super::read_token(args.token.clone())?;
    let auth = ctx.client_auth(&args.issuer, &args.client)?;
    let issuer = ctx
        .issuer(args.issuer.issuer.as_deref())
        .ok_or_else(|| Error::usage("no issuer: give --issuer (or OAUTHCTL_ISSUER, a profile)"))?;
    let endpoint = super::metadata_endpoint(ctx, &issuer, "introspection_endpoint")?;
    let answer = introspection::introspect(
        &ctx.http,
        ctx.clock.as_ref(),
        &endpoint,
        &auth,
        &token,
        args.token_type_hint.as_deref(),
    )?;
    let active = answer.get("active") == Some(&serde_json::Value::Bool(true));
    match format {
        OutputFormat::Json => ctx.printer.json(&answer),
        _ => crate::output::token::render_claims(
            ctx.printer.out(),
            if active { "ACTIVE" } else { "INACTIVE" },
            &answer,
            ctx.clock.now(),
        ),
    }
    .map_err(super::stdout_error)?;
    Ok(if active {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}
