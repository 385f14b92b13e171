//! oauthctl: OAuth 2.x and OpenID Connect from the terminal.
//!
//! The layers, each calling only those below it (see DESIGN.md):
//! 1. [`cli`]: the clap definition.
//! 2. [`commands`]: one module per subcommand; no protocol logic.
//! 3. [`flows`], [`jwt`], [`provider`], [`serve`], [`probe`], [`store`]: the capabilities;
//!    they return values, never print.
//! 4. [`http`], [`browser`], [`config`], [`settings`], [`output`], [`error`], [`secret`],
//!    [`clock`], [`finding`]: the foundation.

#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod browser;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod docs;
pub mod error;
pub mod finding;
pub mod flows;
pub mod http;
pub mod jwt;
pub mod loopback;
pub mod output;
pub mod probe;
pub mod provider;
pub mod secret;
pub mod serve;
pub mod settings;
pub mod store;

use error::{ExitStatus, Result};

/// Run a parsed command line. `main` prints the error, if any.
pub fn run(cli: cli::Cli) -> Result<ExitStatus> {
    let mut ctx = settings::Context::from_args(&cli.global, cli.command.issuer_args())?;
    commands::dispatch(cli.command, &mut ctx)
}
