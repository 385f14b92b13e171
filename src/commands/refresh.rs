//! `refresh`: a forced refresh-token grant; the rotated refresh token is
//! stored. Prints the new access token like `token`.

use crate::cli::RefreshArgs;
use crate::error::{ExitStatus, Result};
use crate::flows::refresh;
use crate::settings::Context;

pub fn run(_args: RefreshArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("refresh", super::TOKEN_FORMATS)?;
    let key = ctx.entry_key()?;
    let store = ctx.store()?;
    let stored = refresh::load(&store, &key)?;
    super::dpop_output(format, stored.dpop_key.is_some(), None, false)?;
    let fresh = super::refresh_stored(ctx, &store, &key, &stored, 0, true)?;
    super::print(ctx, |p| {
        crate::output::token::render_stored(p, format, &fresh.tokens)
    })
}
