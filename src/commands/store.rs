//! `store status` and `store clear`: what oauthctl keeps, and forgetting it.

use crate::cli::{OutputFormat, StoreArgs, StoreCommand};
use crate::error::{ExitStatus, Result};
use crate::settings::Context;

pub fn run(args: StoreArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("store", &[OutputFormat::Text, OutputFormat::Json])?;
    let (status, cleared) = match args.command {
        StoreCommand::Status => (crate::store::status(ctx.store_choice())?, false),
        StoreCommand::Clear => (crate::store::clear(ctx.store_choice())?, true),
    };
    match format {
        OutputFormat::Json => ctx.printer.json(&status),
        _ => crate::output::store::render_status(
            ctx.printer.out(),
            &status,
            cleared,
            ctx.clock.now(),
        ),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}
