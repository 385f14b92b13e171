//! `decode [TOKEN]`: header and claims, no verification.

use crate::cli::{DecodeArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

pub fn run(args: DecodeArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("decode", &[OutputFormat::Text, OutputFormat::Json])?;
    let token = super::read_token(args.token, ctx)?;
    let parsed = crate::jwt::parse(&token).map_err(|e| Error::input("decoding the token", e.0))?;
    let now = ctx.clock.now();
    match format {
        OutputFormat::Json => ctx
            .printer
            .json(&crate::output::token::decode_json(&parsed)),
        _ => crate::output::token::render_decode(ctx.printer.out(), &parsed, now),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
