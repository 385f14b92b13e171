//! One syntax for every token a command reads (DESIGN.md, "One syntax for
//! every token a command reads").
//!
//! Wherever a command takes a token or an assertion, the value is a
//! *source*, read with [`read`] (or [`Source::parse`] then
//! [`Source::read`]):
//!
//! | spec | what is read |
//! |---|---|
//! | `TOKEN` | the token itself (anything that is none of the below) |
//! | `-` | standard input (read once: a one-time source) |
//! | `@FILE` | the file, one trailing newline dropped, at most [`MAX_LEN`] bytes |
//! | `env:VAR` | the environment variable |
//! | `exec:CMD` | the standard output of `sh -c CMD`, one trailing newline dropped |
//! | `github-actions[:AUDIENCE]` | GET `$ACTIONS_ID_TOKEN_REQUEST_URL` (`&audience=` added) with `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`; the answer's `value` |
//! | `gitlab[:VAR]` | an `id_tokens:` variable, `GITLAB_OIDC_TOKEN` by default |
//! | `circleci` | `CIRCLE_OIDC_TOKEN_V2`, else `CIRCLE_OIDC_TOKEN` |
//! | `azure-pipelines[:CONNECTION]` | POST `$SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=CONNECTION` with `Authorization: Bearer $SYSTEM_ACCESSTOKEN`; the answer's `oidcToken` (CONNECTION defaults to `$AZURESUBSCRIPTION_SERVICE_CONNECTION_ID`) |
//! | `buildkite[:AUDIENCE]` | the standard output of `buildkite-agent oidc request-token [--audience AUDIENCE]` |
//! | `kubernetes[:PATH]` | a projected service-account token file, `/var/run/secrets/kubernetes.io/serviceaccount/token` by default |
//!
//! A JWT never contains `:` and never starts with `@`, so nothing is
//! ambiguous. Errors: a source that is not there (a variable not set or
//! empty, a file missing, a command not found or failing) is a usage error
//! (exit 2) naming the variable, file or command it looked for; a CI
//! endpoint that refuses or answers something other than the documented
//! JSON is a network error (exit 3). The token read is a
//! [`Secret`] and appears in no error; the runner's
//! request token travels in an `Authorization` header, which `-v` traces
//! shorten, and the answers' `value`/`oidcToken` members are secret fields
//! of [`crate::http::SECRET_FIELDS`].
//!
//! The commands clean what they read as before (surrounding whitespace,
//! quotes and a `Bearer ` prefix; `jwt::clean_input`).

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::http::{HttpClient, Method, Request};
use crate::secret::{Secret, printable, redact_text};

/// The most read from a source: far above any real token (oauthctl's JWT
/// parser takes at most 256 KiB) and a bound for `@/dev/zero` or a
/// runaway command.
pub const MAX_LEN: u64 = 1024 * 1024;

/// Where the Kubernetes source reads by default.
pub const KUBERNETES_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// The GitLab source's default variable.
pub const GITLAB_VAR: &str = "GITLAB_OIDC_TOKEN";

/// What a source reads from the world: the environment and, for the CI
/// endpoints, HTTP.
pub struct SourceContext<'a> {
    /// The HTTP client (with the command's timeout, CA and `-v` trace).
    pub http: &'a HttpClient,
    /// An environment variable's value (the process environment in normal
    /// use; a map in unit tests).
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> SourceContext<'a> {
    /// The process environment and `http`.
    pub fn process(http: &'a HttpClient) -> SourceContext<'a> {
        SourceContext {
            http,
            env: &process_env,
        }
    }

    /// A variable that is set and not empty.
    fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.is_empty())
    }

    /// A variable that must be set: the error names it and says what sets it.
    fn need(&self, source: &str, name: &str, hint: &str) -> Result<String> {
        self.var(name).ok_or_else(|| {
            Error::usage(format!("{source}: the variable {name} is not set ({hint})"))
        })
    }
}

fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A parsed token source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The token itself.
    Literal(Secret<String>),
    /// `-`: standard input.
    Stdin,
    /// `@FILE`.
    File(PathBuf),
    /// `env:VAR`.
    Env(String),
    /// `exec:CMD`.
    Exec(String),
    /// `github-actions[:AUDIENCE]`.
    GithubActions {
        /// The `audience` to ask for; the runner's default when `None`.
        audience: Option<String>,
    },
    /// `gitlab[:VAR]`.
    Gitlab {
        /// The `id_tokens` variable.
        var: String,
    },
    /// `circleci`.
    Circleci,
    /// `azure-pipelines[:CONNECTION]`.
    AzurePipelines {
        /// The service connection id; `$AZURESUBSCRIPTION_SERVICE_CONNECTION_ID` when `None`.
        connection: Option<String>,
    },
    /// `buildkite[:AUDIENCE]`.
    Buildkite {
        /// The `--audience` to ask for; the agent's default when `None`.
        audience: Option<String>,
    },
    /// `kubernetes[:PATH]`.
    Kubernetes {
        /// The token file.
        path: PathBuf,
    },
}

/// Read the token a source spec names: [`Source::parse`] then
/// [`Source::read`].
pub fn read(spec: &str, ctx: &SourceContext<'_>) -> Result<Secret<String>> {
    Source::parse(spec)?.read(ctx)
}

/// `name` or `name:ARG`: `None` when `spec` is neither, `Some(None)` for
/// the bare name, `Some(Some(arg))` with an argument.
fn named<'s>(spec: &'s str, name: &str) -> Option<Option<&'s str>> {
    let rest = spec.strip_prefix(name)?;
    if rest.is_empty() {
        return Some(None);
    }
    rest.strip_prefix(':').map(Some)
}

impl Source {
    /// Parse a spec. Anything that is not one of the forms above is the
    /// token itself; a known form with a bad argument (`env:` with no
    /// name, an empty `@`) is a usage error.
    pub fn parse(spec: &str) -> Result<Source> {
        let empty = |what: &str| Error::usage(format!("token source '{spec}': {what}"));
        if spec == "-" {
            return Ok(Source::Stdin);
        }
        if let Some(path) = spec.strip_prefix('@') {
            if path.is_empty() {
                return Err(empty("give a file after '@'"));
            }
            return Ok(Source::File(PathBuf::from(path)));
        }
        if let Some(var) = spec.strip_prefix("env:") {
            if !valid_var(var) {
                return Err(empty(
                    "give an environment variable name after 'env:' (letters, digits, '_')",
                ));
            }
            return Ok(Source::Env(var.to_owned()));
        }
        if let Some(cmd) = spec.strip_prefix("exec:") {
            if cmd.trim().is_empty() {
                return Err(empty("give a command after 'exec:'"));
            }
            return Ok(Source::Exec(cmd.to_owned()));
        }
        let arg = |a: Option<&str>, what: &str| -> Result<Option<String>> {
            match a {
                None => Ok(None),
                Some("") => Err(empty(&format!("give {what} after ':', or no ':'"))),
                Some(a) => Ok(Some(a.to_owned())),
            }
        };
        if let Some(a) = named(spec, "github-actions") {
            return Ok(Source::GithubActions {
                audience: arg(a, "an audience")?,
            });
        }
        if let Some(a) = named(spec, "gitlab") {
            let var = arg(a, "a variable name")?.unwrap_or_else(|| GITLAB_VAR.to_owned());
            if !valid_var(&var) {
                return Err(empty("the variable name has letters, digits and '_' only"));
            }
            return Ok(Source::Gitlab { var });
        }
        if spec == "circleci" {
            return Ok(Source::Circleci);
        }
        if let Some(a) = named(spec, "azure-pipelines") {
            return Ok(Source::AzurePipelines {
                connection: arg(a, "a service connection id")?,
            });
        }
        if let Some(a) = named(spec, "buildkite") {
            return Ok(Source::Buildkite {
                audience: arg(a, "an audience")?,
            });
        }
        if let Some(a) = named(spec, "kubernetes") {
            let path = arg(a, "a token file")?.unwrap_or_else(|| KUBERNETES_TOKEN.to_owned());
            return Ok(Source::Kubernetes {
                path: PathBuf::from(path),
            });
        }
        Ok(Source::Literal(Secret::new(spec.to_owned())))
    }

    /// Whether the source can be read only once (standard input): a caller
    /// that needs the token twice keeps what it read.
    pub fn one_time(&self) -> bool {
        matches!(self, Source::Stdin)
    }

    /// Where the token comes from, for messages: never the token itself.
    pub fn describe(&self) -> String {
        match self {
            Source::Literal(_) => "the command line".into(),
            Source::Stdin => "standard input".into(),
            Source::File(p) => format!("the file {}", p.display()),
            Source::Env(v) => format!("the variable {v}"),
            Source::Exec(c) => format!("exec:{}", short_command(c)),
            Source::GithubActions { .. } => "the GitHub Actions runner".into(),
            Source::Gitlab { var } => format!("the GitLab variable {var}"),
            Source::Circleci => "CircleCI's CIRCLE_OIDC_TOKEN_V2".into(),
            Source::AzurePipelines { .. } => "the Azure Pipelines OIDC endpoint".into(),
            Source::Buildkite { .. } => "buildkite-agent".into(),
            Source::Kubernetes { path } => format!("the service-account token {}", path.display()),
        }
    }

    /// Read the token. See the module documentation for each source and
    /// its errors.
    pub fn read(&self, ctx: &SourceContext<'_>) -> Result<Secret<String>> {
        let token = match self {
            Source::Literal(t) => t.expose().clone(),
            Source::Stdin => read_stdin()?,
            Source::File(path) => file_text("the token file", path)?,
            Source::Env(var) => ctx.need(&format!("env:{var}"), var, "or it is empty")?,
            Source::Exec(cmd) => exec(cmd)?,
            Source::GithubActions { audience } => github_actions(ctx, audience.as_deref())?,
            Source::Gitlab { var } => ctx.need(
                "gitlab",
                var,
                "declare it under id_tokens: in the job of .gitlab-ci.yml",
            )?,
            Source::Circleci => ctx
                .var("CIRCLE_OIDC_TOKEN_V2")
                .or_else(|| ctx.var("CIRCLE_OIDC_TOKEN"))
                .ok_or_else(|| {
                    Error::usage(
                        "circleci: neither CIRCLE_OIDC_TOKEN_V2 nor CIRCLE_OIDC_TOKEN is set \
                         (CircleCI sets them in jobs that use a context)",
                    )
                })?,
            Source::AzurePipelines { connection } => azure_pipelines(ctx, connection.as_deref())?,
            Source::Buildkite { audience } => buildkite(audience.as_deref())?,
            Source::Kubernetes { path } => {
                if !path.exists() {
                    return Err(Error::usage(format!(
                        "kubernetes: no service-account token at {} (mount a projected \
                         serviceAccountToken volume, or give kubernetes:PATH)",
                        path.display()
                    )));
                }
                file_text("the service-account token", path)?
            }
        };
        if token.trim().is_empty() {
            return Err(Error::usage(format!(
                "no token: {} gave an empty one",
                self.describe()
            )));
        }
        Ok(Secret::new(token))
    }
}

fn valid_var(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

/// One trailing newline (`\n` or `\r\n`) dropped.
fn drop_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    s
}

fn utf8(what: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| Error::input(what, "not UTF-8 text"))
}

fn file_text(what: &'static str, path: &std::path::Path) -> Result<String> {
    let bytes = crate::error::read_file_capped(what, path, MAX_LEN)?;
    utf8(&format!("{what} {}", path.display()), bytes).map(drop_newline)
}

fn read_stdin() -> Result<String> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_LEN + 1)
        .read_to_end(&mut buf)
        .map_err(|source| Error::ReadFile {
            what: "the token from",
            path: "standard input".into(),
            source,
        })?;
    if buf.len() as u64 > MAX_LEN {
        return Err(Error::input(
            "the token on standard input",
            "longer than the 1 MiB oauthctl reads",
        ));
    }
    utf8("the token on standard input", buf)
}

/// A command as it may appear in a message: escaped, at most 60 characters.
fn short_command(cmd: &str) -> String {
    let mut s: String = printable(cmd).chars().take(60).collect();
    if cmd.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// The end of what a failing command said on stderr, on one line,
/// shortened like any server text (a credential it quoted is redacted).
fn stderr_summary(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("");
    let mut s: String = redact_text(line).chars().take(200).collect();
    if line.chars().count() > 200 {
        s.push('…');
    }
    printable(&s).into_owned()
}

/// Run a program, its stdout captured (capped) and its stderr kept for the
/// error; stdin is inherited, so a command may still prompt.
fn run_capture(
    mut cmd: std::process::Command,
) -> std::io::Result<(std::process::ExitStatus, Vec<u8>, Vec<u8>)> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stderr_pipe = child.stderr.take();
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(p) = stderr_pipe.as_mut() {
            let _ = p.take(64 * 1024).read_to_end(&mut buf);
            // Drain the rest so the child never blocks on a full pipe.
            let _ = std::io::copy(p, &mut std::io::sink());
        }
        buf
    });
    let mut out = Vec::new();
    if let Some(mut p) = child.stdout.take() {
        p.by_ref().take(MAX_LEN + 1).read_to_end(&mut out)?;
        let _ = std::io::copy(&mut p, &mut std::io::sink());
    }
    let status = child.wait()?;
    let err = err_thread.join().unwrap_or_default();
    Ok((status, out, err))
}

/// `exec:CMD`: stdout of `sh -c CMD`, one trailing newline dropped. A
/// command that cannot start or fails is a usage error (exit 2) naming it,
/// with the last line of its stderr; its stdout is never echoed.
fn exec(cmd: &str) -> Result<String> {
    let name = format!("exec:{}", short_command(cmd));
    let mut c = std::process::Command::new("sh");
    c.arg("-c").arg(cmd);
    let (status, out, err) = run_capture(c)
        .map_err(|e| Error::usage(format!("{name}: could not run it through sh: {e}")))?;
    if !status.success() {
        let said = stderr_summary(&err);
        return Err(Error::usage(format!(
            "{name}: the command failed ({}){}",
            exit_text(status),
            if said.is_empty() {
                String::new()
            } else {
                format!(": {said}")
            }
        )));
    }
    if out.len() as u64 > MAX_LEN {
        return Err(Error::input(
            name,
            "it printed more than the 1 MiB oauthctl reads",
        ));
    }
    utf8(&name, out).map(drop_newline)
}

fn exit_text(status: std::process::ExitStatus) -> String {
    match status.code() {
        Some(c) => format!("exit status {c}"),
        None => "killed by a signal".into(),
    }
}

/// `buildkite[:AUDIENCE]`: `buildkite-agent oidc request-token`. No agent
/// on `PATH` is a usage error (exit 2); an agent that fails (it could not
/// reach Buildkite, or Buildkite refused) is exit 3 with its last words.
fn buildkite(audience: Option<&str>) -> Result<String> {
    let mut c = std::process::Command::new("buildkite-agent");
    c.args(["oidc", "request-token"]);
    if let Some(a) = audience {
        c.args(["--audience", a]);
    }
    let (status, out, err) = run_capture(c).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::usage(
                "buildkite: buildkite-agent is not on PATH (the Buildkite source runs \
                 `buildkite-agent oidc request-token` inside a Buildkite job)",
            )
        } else {
            Error::usage(format!("buildkite: could not run buildkite-agent: {e}"))
        }
    })?;
    if !status.success() {
        return Err(Error::Network {
            what: "requesting an OIDC token".into(),
            url: "with buildkite-agent oidc request-token".into(),
            detail: format!(
                "it failed ({}): {}",
                exit_text(status),
                stderr_summary(&err)
            ),
        });
    }
    utf8("buildkite-agent's output", out).map(|s| s.trim().to_owned())
}

/// `url` with `name=value` added to its query.
fn with_query(what: &str, url: &str, pairs: &[(&str, &str)]) -> Result<String> {
    let mut u = url::Url::parse(url)
        .map_err(|e| Error::usage(format!("{what}: '{}' is not a URL ({e})", printable(url))))?;
    {
        let mut q = u.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    Ok(u.to_string())
}

/// The string member `field` of a CI endpoint's JSON answer; a refusal,
/// HTML or anything else is exit 3.
fn ci_answer(ctx: &SourceContext<'_>, req: &Request, field: &str) -> Result<String> {
    let resp = ctx.http.send(req)?;
    if !(200..300).contains(&resp.status) {
        return Err(crate::http::status_error(&req.what, &resp));
    }
    let map = resp.json_object(&req.what)?;
    match map.get(field) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(Error::BadResponse {
            what: req.what.clone(),
            url: resp.url.clone(),
            detail: format!("the answer has no '{field}' string"),
        }),
    }
}

/// `github-actions[:AUDIENCE]`: the runner's ID-token endpoint, as
/// `@actions/core`'s `getIDToken` calls it.
fn github_actions(ctx: &SourceContext<'_>, audience: Option<&str>) -> Result<String> {
    let hint = "a GitHub Actions job sets it when the workflow or job has `permissions: \
                id-token: write`";
    let url = ctx.need("github-actions", "ACTIONS_ID_TOKEN_REQUEST_URL", hint)?;
    let bearer = ctx.need("github-actions", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", hint)?;
    let url = match audience {
        Some(a) => with_query("github-actions", &url, &[("audience", a)])?,
        None => url,
    };
    let mut req = Request::get(
        "requesting the job's OIDC token from the GitHub Actions runner",
        url,
        "application/json",
    );
    req.headers
        .push(("Authorization".into(), format!("bearer {bearer}")));
    ci_answer(ctx, &req, "value")
}

/// `azure-pipelines[:CONNECTION]`: the OIDC endpoint of the pipeline, as
/// the Azure SDKs' `AzurePipelinesCredential` calls it.
fn azure_pipelines(ctx: &SourceContext<'_>, connection: Option<&str>) -> Result<String> {
    let hint = "Azure Pipelines sets it in every job";
    let base = ctx.need("azure-pipelines", "SYSTEM_OIDCREQUESTURI", hint)?;
    let bearer = ctx.need(
        "azure-pipelines",
        "SYSTEM_ACCESSTOKEN",
        "map it in the step: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)",
    )?;
    let connection = match connection {
        Some(c) => c.to_owned(),
        None => ctx.need(
            "azure-pipelines",
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            "give the service connection id: azure-pipelines:ID",
        )?,
    };
    let url = with_query(
        "azure-pipelines",
        base.trim_end_matches('/'),
        &[("api-version", "7.1"), ("serviceConnectionId", &connection)],
    )?;
    let req = Request {
        method: Method::Post,
        url,
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), format!("Bearer {bearer}")),
            // No redirect to a sign-in page: a refusal is a status.
            ("X-TFS-FedAuthRedirect".into(), "Suppress".into()),
        ],
        body: Some(Vec::new()),
        body_has_secrets: false,
        what: "requesting the job's OIDC token from Azure Pipelines".into(),
    };
    ci_answer(ctx, &req, "oidcToken")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitStatus;
    use crate::http::{HttpSettings, Incoming};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    type Seen = Arc<Mutex<Vec<Request>>>;

    fn client(status: u16, ctype: &str, body: &str) -> (HttpClient, Seen) {
        let seen: Seen = Arc::default();
        let s2 = Arc::clone(&seen);
        let (ctype, body) = (ctype.to_owned(), body.to_owned());
        let http =
            HttpClient::with_transport(HttpSettings::default(), None, move |req: &Request| {
                s2.lock().unwrap().push(req.clone());
                Ok(Incoming::new(
                    status,
                    vec![("Content-Type".into(), ctype.clone())],
                    body.clone().into_bytes(),
                ))
            });
        (http, seen)
    }

    fn read_with(spec: &str, vars: &[(&str, &str)], http: &HttpClient) -> Result<Secret<String>> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = move |k: &str| map.get(k).cloned();
        read(spec, &SourceContext { http, env: &env })
    }

    fn offline() -> HttpClient {
        client(500, "text/plain", "no network in this test").0
    }

    fn err(r: Result<Secret<String>>) -> (ExitStatus, String) {
        let e = r.expect_err("an error");
        (e.exit_status(), e.to_string())
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(Source::parse("-").unwrap(), Source::Stdin);
        assert_eq!(
            Source::parse("@t.jwt").unwrap(),
            Source::File("t.jwt".into())
        );
        assert_eq!(Source::parse("env:X_1").unwrap(), Source::Env("X_1".into()));
        assert_eq!(
            Source::parse("exec:echo a:b").unwrap(),
            Source::Exec("echo a:b".into())
        );
        assert_eq!(
            Source::parse("github-actions:sts.example:x").unwrap(),
            Source::GithubActions {
                audience: Some("sts.example:x".into())
            }
        );
        assert_eq!(
            Source::parse("github-actions").unwrap(),
            Source::GithubActions { audience: None }
        );
        assert_eq!(
            Source::parse("gitlab").unwrap(),
            Source::Gitlab {
                var: GITLAB_VAR.into()
            }
        );
        assert_eq!(
            Source::parse("gitlab:AWS_TOKEN").unwrap(),
            Source::Gitlab {
                var: "AWS_TOKEN".into()
            }
        );
        assert_eq!(Source::parse("circleci").unwrap(), Source::Circleci);
        assert_eq!(
            Source::parse("azure-pipelines:abc").unwrap(),
            Source::AzurePipelines {
                connection: Some("abc".into())
            }
        );
        assert_eq!(
            Source::parse("buildkite").unwrap(),
            Source::Buildkite { audience: None }
        );
        assert_eq!(
            Source::parse("kubernetes").unwrap(),
            Source::Kubernetes {
                path: KUBERNETES_TOKEN.into()
            }
        );
        // The token itself: a JWT, an opaque token, a word that only
        // starts like a source.
        for t in [
            "eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "opaque-123",
            "gitlabx",
            "circleci2",
        ] {
            assert!(
                matches!(Source::parse(t).unwrap(), Source::Literal(_)),
                "{t}"
            );
        }
        for bad in [
            "@",
            "env:",
            "env:A-B",
            "exec: ",
            "github-actions:",
            "gitlab:a-b",
        ] {
            let e = Source::parse(bad).unwrap_err();
            assert_eq!(e.exit_status(), ExitStatus::Usage, "{bad}");
        }
    }

    #[test]
    fn literal_env_and_file() {
        let http = offline();
        assert_eq!(read_with("tok", &[], &http).unwrap().expose(), "tok");
        assert_eq!(
            read_with("env:T", &[("T", "from-env")], &http)
                .unwrap()
                .expose(),
            "from-env"
        );
        let (code, msg) = err(read_with("env:NOPE", &[], &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("NOPE"), "{msg}");

        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("t");
        std::fs::write(&f, "file-token\n\n").unwrap();
        // One trailing newline dropped, not more.
        assert_eq!(
            read_with(&format!("@{}", f.display()), &[], &http)
                .unwrap()
                .expose(),
            "file-token\n"
        );
        std::fs::write(&f, "crlf\r\n").unwrap();
        assert_eq!(
            read_with(&format!("@{}", f.display()), &[], &http)
                .unwrap()
                .expose(),
            "crlf"
        );
        let missing = dir.path().join("missing");
        let (code, msg) = err(read_with(&format!("@{}", missing.display()), &[], &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("missing"), "{msg}");
        std::fs::write(&f, "\n").unwrap();
        let (code, msg) = err(read_with(&format!("@{}", f.display()), &[], &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("empty"), "{msg}");
    }

    #[test]
    fn exec_runs_through_sh_and_never_echoes_stdout() {
        let http = offline();
        assert_eq!(
            read_with("exec:printf 'a b\\n' | tr ' ' _", &[], &http)
                .unwrap()
                .expose(),
            "a_b"
        );
        let (code, msg) = err(read_with(
            "exec:printf 'S%sT' ECRET-STDOU; echo 'vault: permission denied' >&2; exit 7",
            &[],
            &http,
        ));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("exit status 7"), "{msg}");
        assert!(msg.contains("vault: permission denied"), "{msg}");
        assert!(!msg.contains("SECRET-STDOUT"), "{msg}");
        // A credential the command quotes on stderr is shortened.
        let (_, msg) = err(read_with(
            "exec:printf 'Authorization: Bearer %s%s\\n' Zm9vYmFyYmF6 cXV4MTIzNDU2Nzg5 >&2; false",
            &[],
            &http,
        ));
        assert!(!msg.contains("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"), "{msg}");
    }

    #[test]
    fn gitlab_circleci_and_kubernetes() {
        let http = offline();
        assert_eq!(
            read_with("gitlab", &[("GITLAB_OIDC_TOKEN", "gl")], &http)
                .unwrap()
                .expose(),
            "gl"
        );
        assert_eq!(
            read_with("gitlab:VAULT_ID_TOKEN", &[("VAULT_ID_TOKEN", "v")], &http)
                .unwrap()
                .expose(),
            "v"
        );
        let (code, msg) = err(read_with("gitlab", &[], &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(
            msg.contains("GITLAB_OIDC_TOKEN") && msg.contains("id_tokens"),
            "{msg}"
        );

        let both = [("CIRCLE_OIDC_TOKEN_V2", "v2"), ("CIRCLE_OIDC_TOKEN", "v1")];
        assert_eq!(read_with("circleci", &both, &http).unwrap().expose(), "v2");
        assert_eq!(
            read_with("circleci", &both[1..], &http).unwrap().expose(),
            "v1"
        );
        let (code, msg) = err(read_with("circleci", &[], &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("CIRCLE_OIDC_TOKEN_V2"), "{msg}");

        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("token");
        std::fs::write(&f, "k8s").unwrap();
        assert_eq!(
            read_with(&format!("kubernetes:{}", f.display()), &[], &http)
                .unwrap()
                .expose(),
            "k8s"
        );
        let (code, msg) = err(read_with(
            &format!("kubernetes:{}/none", dir.path().display()),
            &[],
            &http,
        ));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("/none") && msg.contains("projected"), "{msg}");
    }

    const GH: [(&str, &str); 2] = [
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://pipelines.example/idtoken?api-version=2.0",
        ),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-request-token"),
    ];

    #[test]
    fn github_actions_asks_the_runner() {
        let (http, seen) = client(200, "application/json", r#"{"count":1,"value":"job.jwt"}"#);
        let t = read_with("github-actions:sts.example", &GH, &http).unwrap();
        assert_eq!(t.expose(), "job.jwt");
        let req = seen.lock().unwrap()[0].clone();
        assert_eq!(req.method, Method::Get);
        assert_eq!(
            req.url,
            "https://pipelines.example/idtoken?api-version=2.0&audience=sts.example"
        );
        assert!(
            req.headers
                .contains(&("Authorization".into(), "bearer runner-request-token".into()))
        );
        // No audience: the URL as the runner gave it.
        let (http, seen) = client(200, "application/json", r#"{"value":"j"}"#);
        read_with("github-actions", &GH, &http).unwrap();
        assert_eq!(seen.lock().unwrap()[0].url, GH[0].1);
    }

    #[test]
    fn github_actions_faults() {
        let (code, msg) = err(read_with("github-actions", &GH[1..], &offline()));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("ACTIONS_ID_TOKEN_REQUEST_URL") && msg.contains("id-token: write"));
        for (status, ctype, body) in [
            (403, "application/json", r#"{"message":"forbidden"}"#),
            (200, "text/html", "<html>sign in</html>"),
            (200, "application/json", "not json"),
            (200, "application/json", r#"{"count":0}"#),
        ] {
            let (http, _) = client(status, ctype, body);
            let (code, msg) = err(read_with("github-actions:a", &GH, &http));
            assert_eq!(code, ExitStatus::Network, "{status} {body}: {msg}");
            assert!(!msg.contains("runner-request-token"), "{msg}");
        }
    }

    #[test]
    fn azure_pipelines_posts_to_the_oidc_endpoint() {
        let vars = [
            (
                "SYSTEM_OIDCREQUESTURI",
                "https://dev.azure.example/org/_apis/oidc/",
            ),
            ("SYSTEM_ACCESSTOKEN", "system-access-token"),
        ];
        let (http, seen) = client(200, "application/json", r#"{"oidcToken":"az.jwt"}"#);
        let t = read_with("azure-pipelines:conn-1", &vars, &http).unwrap();
        assert_eq!(t.expose(), "az.jwt");
        let req = seen.lock().unwrap()[0].clone();
        assert_eq!(req.method, Method::Post);
        assert_eq!(
            req.url,
            "https://dev.azure.example/org/_apis/oidc?api-version=7.1&serviceConnectionId=conn-1"
        );
        assert!(
            req.headers
                .contains(&("Authorization".into(), "Bearer system-access-token".into()))
        );
        // No connection id anywhere: says where it looked.
        let (code, msg) = err(read_with("azure-pipelines", &vars, &http));
        assert_eq!(code, ExitStatus::Usage);
        assert!(
            msg.contains("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
            "{msg}"
        );
        let (http, _) = client(401, "text/plain", "unauthorized");
        let (code, _) = err(read_with("azure-pipelines:c", &vars, &http));
        assert_eq!(code, ExitStatus::Network);
    }

    #[test]
    fn buildkite_without_an_agent_is_a_usage_error() {
        // PATH is process-wide: only check when no agent is installed.
        if std::process::Command::new("buildkite-agent")
            .arg("--version")
            .output()
            .is_ok()
        {
            return;
        }
        let (code, msg) = err(read_with("buildkite:aud", &[], &offline()));
        assert_eq!(code, ExitStatus::Usage);
        assert!(msg.contains("buildkite-agent"), "{msg}");
    }

    #[test]
    fn debug_and_describe_never_show_the_token() {
        let s = Source::parse("opaque-secret-token").unwrap();
        assert!(!format!("{s:?}").contains("opaque-secret-token"));
        assert!(!s.describe().contains("opaque-secret-token"));
        assert!(Source::Stdin.one_time());
        assert!(!Source::Circleci.one_time());
    }
}
