//! `discover [ISSUER]`: the issuer's metadata, with a lint.

use crate::cli::{DiscoverArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

pub fn run(args: DiscoverArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("discover", &[OutputFormat::Text, OutputFormat::Json])?;
    let issuer = args
        .issuer_arg
        .or_else(|| ctx.issuer(args.issuer.issuer.as_deref()))
        .ok_or_else(|| {
            Error::usage("no issuer: give ISSUER, --issuer, OAUTHCTL_ISSUER or a profile")
        })?;
    let md = crate::provider::discovery::fetch(&ctx.http, &issuer)?;
    let _ = format;
    ctx.printer.json(&md.raw).map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
