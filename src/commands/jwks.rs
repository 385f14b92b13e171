//! `jwks [ISSUER | URL]`, `jwks --file F`: a key set as a table, with a lint.

use crate::cli::{JwksArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::finding::reaches;
use crate::output::provider as render;
use crate::provider::jwks;
use crate::provider::keys::KeySource;
use crate::settings::Context;

pub fn run(args: JwksArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("jwks", &[OutputFormat::Text, OutputFormat::Json])?;
    let source = match (&args.file, &args.source) {
        (Some(path), _) => KeySource::JwksFile(path.clone()),
        (None, Some(source)) => KeySource::IssuerOrJwksUrl(source.clone()),
        (None, None) => match ctx.provider.issuer.clone() {
            Some(issuer) => KeySource::Issuer(issuer),
            None => {
                return Err(Error::usage(
                    "no key set: give ISSUER or a key set URL, --file, --issuer, \
                     OAUTHCTL_ISSUER or a profile",
                ));
            }
        },
    };
    let located = source.resolve(&ctx.http)?;
    let now = ctx.clock.now();
    let keys = jwks::describe(&located.set);
    let findings = jwks::lint(&located.set, now);
    match format {
        OutputFormat::Json => ctx
            .printer
            .json(&render::jwks_json(&keys, &findings, args.pem)),
        _ if args.pem => {
            for skipped in render::pem_skipped(&keys) {
                ctx.printer.warn(&skipped);
            }
            if !findings.is_empty() {
                ctx.printer.notice(&format!(
                    "{} lint finding(s); run without --pem to see them",
                    findings.len()
                ));
            }
            render::render_pem(ctx.printer.out(), &keys)
        }
        _ => render::render_jwks(ctx.printer.out(), &located.origin, &keys, &findings, now),
    }
    .map_err(super::stdout_error)?;
    Ok(if args.strict && reaches(&findings, args.fail_on) {
        ExitStatus::CheckFailed
    } else {
        ExitStatus::Success
    })
}
