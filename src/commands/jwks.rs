//! `jwks [ISSUER | URL]`, `jwks --file F`: a key set, with a lint.

use crate::cli::{JwksArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

pub fn run(args: JwksArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let _format = ctx.format("jwks", &[OutputFormat::Text, OutputFormat::Json])?;
    let set = match (&args.file, &args.source) {
        (Some(f), _) => crate::provider::jwks::read(f)?,
        (None, Some(url)) => crate::provider::jwks::fetch(&ctx.http, url)?,
        (None, None) => return Err(Error::usage("give ISSUER, a key set URL, or --file")),
    };
    ctx.printer.json(&set.raw).map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
