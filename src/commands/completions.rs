//! `completions SHELL`: print shell completions from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{ExitStatus, Result};
use crate::settings::Context;

pub fn run(args: CompletionsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "oauthctl", ctx.printer.out());
    Ok(ExitStatus::Success)
}
