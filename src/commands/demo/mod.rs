//! `demo`: start the built-in provider in-process and walk every flow
//! against it. Each step is the oauthctl command a user would type, run
//! in-process through the same dispatch as the real command line, with its
//! HTTP exchanges captured (secrets masked by the HTTP layer's redaction),
//! its output, and what it shows about OAuth.
//!
//! The steps run hermetically: the user's `OAUTHCTL_*` environment,
//! profiles and keyring are not read, tokens go to a temporary directory
//! that is removed at the end, and the interactive parts (the browser of
//! `login`, the person approving `device`) are played by
//! [`crate::serve::agent::DemoUser`] over HTTP. Exit 0 only when every
//! step did what it should.
//!
//! This module starts the provider, walks the steps and hands the report to
//! `output::demo`; [`steps`] is the table of steps, [`runner`] runs one.

mod runner;
mod steps;

use std::path::Path;

use crate::cli::{DemoArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::output::Printer;
use crate::output::demo::{DemoReport, StepReport};
use crate::serve::Server;
use crate::serve::config::{Config, SERVICE_CLIENT, Vulnerability};
use crate::settings::Context;

use runner::{Runner, WorkDir, shell_line};
use steps::{Step, Target};

pub fn run(args: DemoArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("demo", &[OutputFormat::Text, OutputFormat::Json])?;
    let work = WorkDir::create()?;
    let (server, target) = start_provider(&work.path)?;
    let text = format == OutputFormat::Text;
    if text {
        crate::output::demo::render_intro(ctx.printer.out(), &target.issuer, &work.path)
            .map_err(super::stdout_error)?;
    }
    let runner = Runner {
        store: work.path.join("state"),
        color: ctx.color,
    };
    let steps = steps::walk(&target, !args.no_probe);
    let printer = text.then_some(&mut ctx.printer);
    let report = walk(&runner, target.issuer, steps, printer)?;
    server.stop();
    match format {
        OutputFormat::Json => ctx.printer.json(&report),
        _ => crate::output::demo::render_outcome(ctx.printer.out(), &report),
    }
    .map_err(super::stdout_error)?;
    Ok(if report.ok() {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

/// The built-in provider with the demo's settings, and what the steps need
/// to talk to it (the service client's secret written into `dir`).
fn start_provider(dir: &Path) -> Result<(Server, Target)> {
    let mut config = Config::with_defaults();
    config.port = 0;
    config.auto_approve = true;
    config.demo_api = true;
    config.vulnerable = vec![Vulnerability::AlgNone];
    // The DPoP step meets a nonce challenge, as at FAPI 2.0 providers.
    config.dpop_nonce = true;
    config.check()?;
    let server = Server::start(config)?;
    let summary = server.provider().summary();
    let secret = summary
        .clients
        .iter()
        .find(|c| c.client_id == SERVICE_CLIENT)
        .and_then(|c| c.client_secret.clone())
        .ok_or_else(|| Error::usage("demo: the built-in provider has no service client"))?;
    let secret_file = dir.join("service.secret");
    crate::store::file::write_private(&secret_file, secret.as_bytes()).map_err(|source| {
        Error::WriteFile {
            what: "the demo's client secret",
            path: secret_file.clone(),
            source,
        }
    })?;
    let target = Target {
        issuer: summary.issuer.clone(),
        audience: summary.audience.clone(),
        secret_file: secret_file.display().to_string(),
    };
    Ok((server, target))
}

/// Run the steps in order, each judged, and with `printer` (text output)
/// each rendered as soon as it has run.
fn walk(
    runner: &Runner,
    issuer: String,
    steps: Vec<Step>,
    mut printer: Option<&mut Printer>,
) -> Result<DemoReport> {
    let total = steps.len();
    let mut report = DemoReport {
        issuer,
        steps: Vec::new(),
    };
    let mut outputs: Vec<String> = Vec::new();
    for (i, step) in steps.into_iter().enumerate() {
        let argv = step.argv(&outputs);
        let run = runner.run(&argv);
        let problem = step.expect.judge(&run);
        outputs.push(run.stdout.trim().to_owned());
        let r = StepReport {
            number: i + 1,
            total,
            name: step.name,
            title: step.title,
            command: shell_line(&argv),
            trace: run.trace,
            stdout: run.stdout,
            stderr: run.stderr,
            exit_code: run.code,
            error: run.error,
            problem,
            lesson: step.lesson,
        };
        if let Some(p) = printer.as_deref_mut() {
            crate::output::demo::render_step(p.out(), &r).map_err(super::stdout_error)?;
            let _ = p.out().flush();
        }
        report.steps.push(r);
    }
    Ok(report)
}
