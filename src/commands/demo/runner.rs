//! Running one demo step in-process: the command line parsed without the
//! user's environment, a sub-[`Context`] with the demo's store, printer and
//! traced HTTP clients, and everything the step wrote captured. It judges
//! nothing; [`super::steps`] says what a step must do.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, ColorChoice, StoreChoice};
use crate::error::{Error, ExitStatus, Result};
use crate::http::{HttpClient, HttpSettings};
use crate::output::Printer;
use crate::output::demo::USER_AGENT_PREFIX;
use crate::serve::agent::DemoUser;
use crate::settings::Context;
use crate::store::Store;

/// A private temporary directory, removed on drop.
pub(super) struct WorkDir {
    pub path: PathBuf,
}

impl WorkDir {
    pub(super) fn create() -> Result<WorkDir> {
        let name: String = crate::serve::random_token().chars().take(12).collect();
        let path = std::env::temp_dir().join(format!("oauthctl-demo-{name}"));
        crate::store::file::create_private_dir(&path).map_err(|source| Error::WriteFile {
            what: "the demo's temporary directory",
            path: path.clone(),
            source,
        })?;
        Ok(WorkDir { path })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What every step's run shares.
pub(super) struct Runner {
    /// The token store's directory.
    pub store: PathBuf,
    pub color: bool,
}

/// What one step ran into.
pub(super) struct Run {
    pub code: u8,
    pub error: Option<String>,
    pub stdout: String,
    pub stderr: String,
    pub trace: Vec<String>,
    /// What the user agent found wrong, if the step used it.
    pub agent: Vec<String>,
}

impl Runner {
    /// Run one command line in-process, hermetically, capturing everything.
    pub(super) fn run(&self, argv: &[String]) -> Run {
        let out = Capture::default();
        let err = Capture::default();
        let trace = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut agent_problems = Vec::new();
        let result = (|| -> Result<ExitStatus> {
            let cli = self.parse(argv)?;
            // The steps run without the user's environment.
            let env = crate::settings::Environment::default();
            let mut sub = Context::resolve(&cli.global, cli.command.provider_args(), &env)?;
            sub.printer = Printer::new(Box::new(out.clone()), Box::new(err.clone()), false);
            sub.http = Arc::new(traced_client(&trace, ""));
            sub.use_store(Store::files(&self.store));
            // The user agent's own client, its trace lines marked as the browser's.
            let agent = Arc::new(DemoUser::new(Arc::new(traced_client(
                &trace,
                USER_AGENT_PREFIX,
            ))));
            sub.user_agent = Some(agent.clone());
            let status = crate::commands::dispatch(cli.command, &mut sub);
            agent_problems = agent.problems();
            status
        })();
        let (code, error) = match result {
            Ok(s) => (s.code(), None),
            Err(e) => (e.exit_status().code(), Some(crate::error::chain(&e))),
        };
        let trace = trace.lock().map(|v| v.clone()).unwrap_or_default();
        Run {
            code,
            error,
            stdout: out.text(),
            stderr: err.text(),
            trace,
            agent: agent_problems,
        }
    }

    /// The command line parsed without the environment, its global options
    /// set to the demo's: no profile or config, the file store, quiet
    /// traces, the demo's colour.
    fn parse(&self, argv: &[String]) -> Result<Cli> {
        let matches = hermetic(Cli::command())
            .try_get_matches_from(argv)
            .map_err(|e| Error::usage(format!("demo step {}: {}", shell_line(argv), e.kind())))?;
        let mut cli =
            Cli::from_arg_matches(&matches).map_err(|e| Error::usage(format!("demo step: {e}")))?;
        cli.global.profile = None;
        cli.global.config = None;
        cli.global.store = Some(StoreChoice::File);
        cli.global.verbose = 0;
        cli.global.quiet = false;
        cli.global.color = if self.color {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        };
        Ok(cli)
    }
}

/// An HTTP client that traces every exchange, bodies included (redacted
/// by the HTTP layer), into `lines`, each line after `prefix`.
fn traced_client(lines: &Arc<Mutex<Vec<String>>>, prefix: &'static str) -> HttpClient {
    let lines = Arc::clone(lines);
    HttpClient::new(
        HttpSettings {
            timeout: Duration::from_secs(30),
            verbosity: 2,
            ..HttpSettings::default()
        },
        Some(Arc::new(move |line: &str| {
            if let Ok(mut v) = lines.lock() {
                v.push(format!("{prefix}{line}"));
            }
        })),
    )
}

/// The command line as a user would type it (tokens shortened).
pub(super) fn shell_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| crate::output::demo::mask_tokens(&crate::output::shell_word(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The CLI definition without its environment variables, so a step reads
/// only what the demo gives it, whatever `OAUTHCTL_*` the user has set.
fn hermetic(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| a.env(None)).mut_subcommands(hermetic)
}

/// A `Write` that keeps what is written, shared between the printer and
/// the demo.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("capture poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
