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

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, ColorChoice, DemoArgs, OutputFormat, StoreChoice};
use crate::error::{Error, ExitStatus, Result};
use crate::http::{HttpClient, HttpSettings};
use crate::output::Printer;
use crate::output::demo::{DemoReport, StepReport, USER_AGENT_PREFIX};
use crate::serve::Server;
use crate::serve::agent::DemoUser;
use crate::serve::config::{CLI_CLIENT, Config, SERVICE_CLIENT, Vulnerability};
use crate::settings::Context;
use crate::store::Store;

pub fn run(args: DemoArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("demo", &[OutputFormat::Text, OutputFormat::Json])?;
    let work = WorkDir::create()?;
    let mut config = Config::with_defaults();
    config.port = 0;
    config.auto_approve = true;
    config.demo_api = true;
    config.vulnerable = vec![Vulnerability::AlgNone];
    config.check()?;
    let server = Server::start(config)?;
    let summary = server.provider().summary();
    let issuer = summary.issuer.clone();
    let secret = summary
        .clients
        .iter()
        .find(|c| c.client_id == SERVICE_CLIENT)
        .and_then(|c| c.client_secret.clone())
        .ok_or_else(|| Error::usage("demo: the built-in provider has no service client"))?;
    let secret_file = work.path.join("service.secret");
    crate::store::file::write_private(&secret_file, secret.as_bytes()).map_err(|source| {
        Error::WriteFile {
            what: "the demo's client secret",
            path: secret_file.clone(),
            source,
        }
    })?;

    let text = format == OutputFormat::Text;
    if text {
        crate::output::demo::render_intro(ctx.printer.out(), &issuer, &work.path)
            .map_err(super::stdout_error)?;
    }
    let walk = Walk {
        issuer: issuer.clone(),
        audience: summary.audience.clone(),
        secret_file: secret_file.display().to_string(),
        store: work.path.join("state"),
        color: ctx.color,
    };
    let steps = walk.steps(!args.no_probe);
    let total = steps.len();
    let mut report = DemoReport {
        issuer,
        steps: Vec::new(),
    };
    let mut outputs: Vec<String> = Vec::new();
    for (i, step) in steps.into_iter().enumerate() {
        let argv = step.argv(&outputs);
        let run = walk.run(&argv);
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
        if text {
            crate::output::demo::render_step(ctx.printer.out(), &r).map_err(super::stdout_error)?;
            let _ = ctx.printer.out().flush();
        }
        report.steps.push(r);
    }
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

/// A private temporary directory, removed on drop.
struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    fn create() -> Result<WorkDir> {
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

/// What every step shares.
struct Walk {
    issuer: String,
    audience: String,
    secret_file: String,
    store: PathBuf,
    color: bool,
}

/// What one step ran into.
struct Run {
    code: u8,
    error: Option<String>,
    stdout: String,
    stderr: String,
    trace: Vec<String>,
    agent: Vec<String>,
}

/// An argument: literal, or the trimmed output of an earlier step.
enum Arg {
    Lit(String),
    OutputOf(usize),
}

/// What a step must do to pass.
struct Expect {
    code: u8,
    stdout_has: &'static [&'static str],
    /// It must send no HTTP request (a cache hit).
    offline: bool,
}

impl Expect {
    fn ok(stdout_has: &'static [&'static str]) -> Expect {
        Expect {
            code: 0,
            stdout_has,
            offline: false,
        }
    }

    /// `None` when the step did what it should, else why not.
    fn judge(&self, run: &Run) -> Option<String> {
        let mut why = Vec::new();
        if run.code != self.code {
            why.push(format!(
                "exited {} instead of {}{}",
                run.code,
                self.code,
                run.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            ));
        }
        if self.offline && !run.trace.is_empty() {
            why.push(format!(
                "it sent {} trace lines of HTTP, and should have sent none",
                run.trace.len()
            ));
        }
        for want in self.stdout_has {
            if !run.stdout.contains(want) {
                why.push(format!("the output does not say {want:?}"));
            }
        }
        why.extend(run.agent.iter().cloned());
        (!why.is_empty()).then(|| why.join("; "))
    }
}

struct Step {
    name: &'static str,
    title: &'static str,
    args: Vec<Arg>,
    expect: Expect,
    lesson: &'static str,
}

impl Step {
    fn argv(&self, outputs: &[String]) -> Vec<String> {
        std::iter::once("oauthctl".to_owned())
            .chain(self.args.iter().map(|a| match a {
                Arg::Lit(s) => s.clone(),
                Arg::OutputOf(i) => outputs.get(*i).cloned().unwrap_or_default(),
            }))
            .collect()
    }
}

fn lits(words: &[&str]) -> Vec<Arg> {
    words.iter().map(|w| Arg::Lit((*w).to_owned())).collect()
}

impl Walk {
    /// The walk, in order. `Arg::OutputOf(i)` refers to step i's stdout.
    fn steps(&self, probe: bool) -> Vec<Step> {
        let iss = self.issuer.as_str();
        let secret = self.secret_file.as_str();
        let user = ["--issuer", iss, "--client-id", CLI_CLIENT];
        let service = [
            "--issuer",
            iss,
            "--client-id",
            SERVICE_CLIENT,
            "--client-secret-file",
            secret,
        ];
        let with = |head: &[&str], tail: &[&str]| {
            let mut v = lits(head);
            v.extend(lits(tail));
            v
        };
        let mut steps = vec![
            Step {
                name: "discover",
                title: "Discovery: what the issuer offers",
                args: lits(&["discover", iss]),
                expect: Expect::ok(&["token_endpoint"]),
                lesson: "One document (OpenID Connect Discovery 1.0, RFC 8414) names every \
                         endpoint and what the issuer supports, so a client needs only the \
                         issuer URL. The lint checks it against current best practice.",
            },
            Step {
                name: "jwks",
                title: "The issuer's public keys",
                args: lits(&["jwks", iss]),
                expect: Expect::ok(&["RS256", "ES256"]),
                lesson: "The key set holds public keys only: anyone can verify the issuer's \
                         tokens, nobody else can sign them. The RFC 7638 thumbprint names a \
                         key whatever its kid.",
            },
            Step {
                name: "client-credentials",
                title: "A machine token (client credentials)",
                args: with(&["cc"], &service),
                expect: Expect::ok(&["."]),
                lesson: "A service authenticates as itself (here with HTTP Basic, RFC 6749 \
                         §2.3.1) and gets an access token; only the token goes to stdout, so \
                         $(oauthctl cc …) works in scripts. It is now cached.",
            },
            Step {
                name: "client-credentials (cached)",
                title: "The same token again, from the cache",
                args: with(&["cc"], &service),
                expect: Expect {
                    offline: true,
                    ..Expect::ok(&["."])
                },
                lesson: "No request at all this time: the cached token still has more than \
                         --min-ttl left, so a CI job of 500 steps asks the issuer once, and \
                         keeps working while the issuer is down.",
            },
        ];
        let mut validate = lits(&[
            "validate",
            "--issuer",
            iss,
            "--audience",
            &self.audience,
            "--typ",
            "at+jwt",
        ]);
        validate.push(Arg::OutputOf(2));
        steps.push(Step {
            name: "validate",
            title: "Validate the machine token, every check by name",
            args: validate,
            expect: Expect::ok(&["VALID"]),
            lesson: "The signature is checked with the key the issuer published, then every \
                     claim: exp, iat, iss, aud and typ at+jwt (RFC 9068). A check with \
                     nothing to compare against is reported as not checked, never as passed.",
        });
        steps.push(Step {
            name: "device",
            title: "Sign in without a browser (device code, RFC 8628)",
            args: with(&["device"], &[&user[..], &["--no-qr"]].concat()),
            expect: Expect::ok(&["Signed in"]),
            lesson: "The CLI shows a code; the user enters it on another device (here the \
                     demo's own user agent approves it) while the CLI polls the token \
                     endpoint, slowing down when told to.",
        });
        steps.push(Step {
            name: "login",
            title: "Sign in with the browser (authorization code + PKCE)",
            args: with(
                &["login"],
                &[
                    &user[..],
                    &["--scope", "openid profile email", "--login-timeout", "30"],
                ]
                .concat(),
            ),
            expect: Expect::ok(&["Signed in"]),
            lesson: "The browser (here the demo's user agent) is sent to the issuer with a \
                     PKCE challenge, state and nonce, and comes back to a one-time listener \
                     on 127.0.0.1. oauthctl checks state and iss (RFC 9207), redeems the \
                     code with the PKCE verifier and validates the ID token.",
        });
        steps.push(Step {
            name: "token",
            title: "The stored access token",
            args: with(&["token"], &user),
            expect: Expect::ok(&["."]),
            lesson: "Tokens are kept in the store (the OS keyring, or private files; here a \
                     temporary directory). `oauthctl token` prints a valid one, refreshing \
                     it first when it is about to expire.",
        });
        let refresh_step = steps.len();
        steps.push(Step {
            name: "refresh",
            title: "A forced refresh, with rotation",
            args: with(&["refresh"], &user),
            expect: Expect::ok(&["."]),
            lesson: "The refresh token buys a new access token and is itself replaced \
                     (rotation): the old one is now dead, and reusing it would revoke the \
                     whole grant.",
        });
        steps.push(Step {
            name: "userinfo",
            title: "Who is signed in (userinfo)",
            args: with(&["userinfo"], &user),
            expect: Expect::ok(&["demo"]),
            lesson: "The userinfo endpoint answers for the access token's subject; \
                     oauthctl checks that its sub is the ID token's (OIDC Core 5.3.2).",
        });
        let mut introspect = lits(&["introspect"]);
        introspect.push(Arg::OutputOf(refresh_step));
        introspect.extend(lits(&service));
        steps.push(Step {
            name: "introspect",
            title: "Ask the issuer about a token (introspection, RFC 7662)",
            args: introspect,
            expect: Expect::ok(&["active"]),
            lesson: "A resource server that cannot validate a token itself asks the issuer, \
                     authenticating as a client. Exit 0 means active.",
        });
        if probe {
            let mut p = lits(&[
                "probe",
                "api",
                "--url",
                &format!("{iss}/api/whoami"),
                "--issuer",
                iss,
                "--token",
            ]);
            p.push(Arg::OutputOf(2));
            steps.push(Step {
                name: "probe api",
                title: "Attack an API that is vulnerable on purpose",
                args: p,
                expect: Expect {
                    code: 1,
                    stdout_has: &["alg-none"],
                    offline: false,
                },
                lesson: "The demo API accepts alg: none on purpose. probe api learns what \
                         accepted and rejected look like, sends crafted tokens and reports \
                         each flaw with evidence, a CWE and a fix; exit 1 means findings at \
                         or above --fail-on.",
            });
        }
        steps.push(Step {
            name: "logout",
            title: "Sign out: revoke and forget",
            args: with(&["logout"], &user),
            expect: Expect::ok(&[]),
            lesson: "The refresh and access tokens are revoked at the issuer (RFC 7009) and \
                     deleted from the store.",
        });
        steps.push(Step {
            name: "token (after logout)",
            title: "Nothing stored any more",
            args: with(&["token"], &user),
            expect: Expect {
                code: 4,
                stdout_has: &[],
                offline: false,
            },
            lesson: "With nothing stored, `token` fails with exit 4 and names the command \
                     that signs in again.",
        });
        steps
    }

    /// Run one command line in-process, hermetically, capturing everything.
    fn run(&self, argv: &[String]) -> Run {
        let out = Capture::default();
        let err = Capture::default();
        let trace = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut agent_problems = Vec::new();
        let result = (|| -> Result<ExitStatus> {
            let matches = hermetic(Cli::command())
                .try_get_matches_from(argv)
                .map_err(|e| {
                    Error::usage(format!("demo step {}: {}", shell_line(argv), e.kind()))
                })?;
            let mut cli = Cli::from_arg_matches(&matches)
                .map_err(|e| Error::usage(format!("demo step: {e}")))?;
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
            let status = super::dispatch(cli.command, &mut sub);
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
fn shell_line(argv: &[String]) -> String {
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
