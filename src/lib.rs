//! oauthctl: OAuth 2.x and OpenID Connect from the terminal.
//!
//! The layers, each calling only those below it (see DESIGN.md; the test
//! in [`layers`] holds the code to it):
//! 1. [`cli`]: the clap definition (and [`docs`], the man pages' extra sections).
//! 2. [`commands`]: one module per subcommand; it turns resolved settings into
//!    a capability's options, calls it, and hands the result to `output`.
//! 3. [`settings`] (flags, env, profile and defaults resolved once, before any
//!    work, into typed values such as [`settings::Provider`]) and [`output`]
//!    (rendering: text with colour, JSON, SARIF).
//! 4. [`flows`], [`jwt`], [`provider`], [`probe`], [`serve`], [`store`]: the
//!    capabilities; they return typed values and errors, never print, and
//!    never import a layer above.
//! 5. [`http`], [`config`], [`error`], [`secret`], [`clock`], [`browser`],
//!    [`finding`], [`glob`], [`json`], [`loopback`], [`proxy`], [`shell`], [`sources`],
//!    [`tokens`], [`challenge`]: the
//!    foundation, importing no capability.

#![deny(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod browser;
pub mod challenge;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod docs;
pub mod error;
pub mod finding;
pub mod flows;
pub mod glob;
pub mod http;
pub mod json;
pub mod jwt;
pub mod layers;
pub mod loopback;
pub mod output;
pub mod probe;
pub mod provider;
pub mod proxy;
pub mod secret;
pub mod serve;
pub mod settings;
pub mod shell;
pub mod sources;
pub mod store;
pub mod tokens;

use error::{ExitStatus, Result};

/// Run a parsed command line. `main` prints the error, if any.
pub fn run(cli: cli::Cli) -> Result<ExitStatus> {
    let mut ctx = settings::Context::from_args(&cli.global, cli.command.provider_args())?;
    commands::dispatch(cli.command, &mut ctx)
}
