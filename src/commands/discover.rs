//! `discover [ISSUER]`: the issuer's metadata at a glance, with a lint.

use crate::cli::{DiscoverArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::finding::reaches;
use crate::provider::discovery;
use crate::settings::Context;

pub fn run(args: DiscoverArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("discover", &[OutputFormat::Text, OutputFormat::Json])?;
    let issuer = ctx.required_issuer(args.issuer_arg)?;
    let md = discovery::fetch(&ctx.http, &issuer)?;
    let findings = discovery::lint(&md);
    match format {
        OutputFormat::Json => ctx
            .printer
            .json(&crate::output::provider::discovery_json(&md, &findings)),
        _ => crate::output::provider::render_discovery(ctx.printer.out(), &md, &findings),
    }
    .map_err(super::stdout_error)?;
    Ok(if args.strict && reaches(&findings, args.fail_on) {
        ExitStatus::CheckFailed
    } else {
        ExitStatus::Success
    })
}
