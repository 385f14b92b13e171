//! Integration tests: where tokens go. Real git clones and pushes over
//! HTTP with `oauthctl credential git` as its helper, kubectl runs oauthctl
//! as an exec plugin (v1beta1 and v1), skopeo reads `credential docker`
//! through `credHelpers`, `fetch` and `exec`; the servers are loopback
//! stand-ins (tests/plumbing/server.py) that check the credential and
//! record what they received.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::support::{Reply, Server};
use crate::tokens::{Home, now};

const TOKEN: &str = "plumbing-access-token-7f3a";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_oauthctl")
}

/// A home with profile `dev` logged in with [`TOKEN`] for an hour (the
/// issuer is never asked: the token is fresh).
fn logged_in() -> Home {
    let home = Home::new("http://127.0.0.1:9");
    home.seed(&json!({ "access_token": TOKEN, "expires_in": 3600 }), 3600);
    home
}

/// A stand-in server from tests/plumbing/server.py; killed on drop.
struct Stand {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Stand {
    fn start(mode: &str, args: &[&Path]) -> Stand {
        let dir = tempfile::tempdir().unwrap();
        let portfile = dir.path().join("port");
        let log = dir.path().join("log");
        std::fs::write(&log, "").unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plumbing/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(mode)
            .arg(&portfile)
            .arg(&log)
            .arg(TOKEN)
            .args(args)
            .stdin(Stdio::null())
            .spawn()
            .expect("python3");
        for _ in 0..200 {
            if let Ok(p) = std::fs::read_to_string(&portfile) {
                return Stand {
                    child,
                    port: p.trim().parse().unwrap(),
                    log,
                    _dir: dir,
                };
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("server.py {mode} did not start");
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for Stand {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// git with no user or system configuration but `config`, in `home`.
fn git(home: &Path, config: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", config)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("OAUTHCTL_STORE", "file")
        .env_remove("OAUTHCTL_PROFILE")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    cmd
}

#[test]
fn git_clones_and_pushes_with_the_token_from_credential_git() {
    let home = logged_in();
    let repos = tempfile::tempdir().unwrap();
    run(Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(repos.path().join("r.git")));
    run(Command::new("git")
        .args(["config", "http.receivepack", "true"])
        .current_dir(repos.path().join("r.git")));
    let server = Stand::start("git", &[repos.path()]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let config = home.path().join("gitconfig");
    // The helper for this host only, with the profile on its line.
    std::fs::write(
        &config,
        format!(
            "[credential \"{base}\"]\n\thelper = \"!{} -p dev credential git\"\n",
            bin()
        ),
    )
    .unwrap();
    let work = home.path().join("work");
    run(git(home.path(), &config)
        .args(["clone", "-q", &format!("{base}/r.git")])
        .arg(&work));
    std::fs::write(work.join("f"), "x").unwrap();
    run(git(home.path(), &config)
        .args(["-C"])
        .arg(&work)
        .args(["add", "f"]));
    run(git(home.path(), &config)
        .args(["-C"])
        .arg(&work)
        .args(["commit", "-qm", "c"]));
    run(git(home.path(), &config).args(["-C"]).arg(&work).args([
        "push",
        "-q",
        "origin",
        "HEAD:main",
    ]));
    let log = server.log();
    // git 2.46+ announces capability[]=authtype: the token as a bearer.
    assert!(log.contains(&format!("Bearer {TOKEN}")), "{log}");
    assert!(log.contains("POST /r.git/git-receive-pack"), "{log}");
    let pushed = run(Command::new("git")
        .args(["log", "--format=%s", "main"])
        .current_dir(repos.path().join("r.git")));
    assert_eq!(String::from_utf8_lossy(&pushed.stdout).trim(), "c");

    // Another host (no helper line for it): git gets nothing and fails.
    let other = std::fs::read_to_string(&config)
        .unwrap()
        .replace(&base, "http://127.0.0.1:1");
    std::fs::write(&config, other).unwrap();
    let out = git(home.path(), &config)
        .args(["clone", "-q", &format!("{base}/r.git")])
        .arg(home.path().join("denied"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn credential_git_speaks_the_protocol_as_git_does() {
    let home = logged_in();
    // Without capability[]=authtype (git before 2.46): username + password.
    let out = home
        .run(["credential", "git", "get"])
        .stdin("protocol=https\nhost=git.example\n\n")
        .run();
    assert!(
        out.stdout
            .starts_with(&format!("username=oauth2\npassword={TOKEN}\n")),
        "{}",
        out.stdout
    );
    let out = home
        .run(["credential", "git", "--username", "me", "get"])
        .stdin("capability[]=authtype\nprotocol=https\nhost=git.example\n\n")
        .run();
    assert!(
        out.stdout.starts_with(&format!(
            "capability[]=authtype\nauthtype=Bearer\ncredential={TOKEN}\n"
        )),
        "{}",
        out.stdout
    );
    // A plain http host that is not loopback gets nothing.
    home.run(["credential", "git", "get"])
        .stdin("protocol=http\nhost=git.example\n\n")
        .stdout_lacks(TOKEN)
        .stderr_contains("https only")
        .run();
    // store is a no-op; the login is still there.
    home.run(["credential", "git", "store"])
        .stdin(format!(
            "protocol=https\nhost=git.example\nusername=oauth2\npassword={TOKEN}\n\n"
        ))
        .run();
    assert_eq!(home.stored()["access_token"], TOKEN);
    // An unknown operation: exit 2, one line.
    let out = home
        .run(["credential", "git", "fetch"])
        .stdin("")
        .code(2)
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    // No profile: an empty answer, exit 0, so git asks its next helper.
    let out = crate::support::in_home(home.path())
        .args(["credential", "git", "get"])
        .stdin("protocol=https\nhost=git.example\n\n")
        .run();
    assert_eq!(out.stdout, "");
}

#[test]
fn credential_docker_as_docker_credential_oauthctl() {
    let home = logged_in();
    let out = home
        .run(["credential", "docker", "get"])
        .stdin("https://registry.example\n")
        .run();
    let v = out.json();
    assert_eq!(v["ServerURL"], "https://registry.example");
    assert_eq!(v["Secret"], TOKEN);
    assert_eq!(v["Username"], "oauth2");
    // Called through a link named docker-credential-oauthctl, the profile
    // from OAUTHCTL_PROFILE; none: the protocol's "not found", exit 1.
    let helper = |profile: Option<&str>, verb: &str, input: &str| {
        use std::io::Write;
        let mut cmd = crate::support::clean_command(home.path());
        cmd.arg0("docker-credential-oauthctl")
            .env("OAUTHCTL_STORE", "file")
            .arg(verb)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(p) = profile {
            cmd.env("OAUTHCTL_PROFILE", p);
        }
        let mut p = cmd.spawn().unwrap();
        p.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        p.wait_with_output().unwrap()
    };
    let got = helper(Some("dev"), "get", "127.0.0.1:5000\n");
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&got.stdout).unwrap();
    assert_eq!(v["Secret"], TOKEN);
    let none = helper(None, "get", "127.0.0.1:5000\n");
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&none.stdout).trim(),
        "credentials not found in native keychain"
    );
    let list = helper(Some("dev"), "list", "");
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "{}");
    let bad = helper(Some("dev"), "frobnicate", "");
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim().lines().count(),
        1
    );
}

use std::os::unix::process::CommandExt;

#[test]
fn skopeo_reads_credential_docker_through_cred_helpers() {
    if Command::new("skopeo").arg("--version").output().is_err() {
        panic!("skopeo is not installed (scripts/test installs it)");
    }
    let home = logged_in();
    let server = Stand::start("registry", &[]);
    let registry = format!("127.0.0.1:{}", server.port);
    let bin_dir = home.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::os::unix::fs::symlink(bin(), bin_dir.join("docker-credential-oauthctl")).unwrap();
    let auth = home.path().join("auth.json");
    std::fs::write(
        &auth,
        json!({ "credHelpers": { &registry: "oauthctl" } }).to_string(),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = run(Command::new("skopeo")
        .args(["inspect", "--raw", "--tls-verify=false", "--authfile"])
        .arg(&auth)
        .arg(format!("docker://{registry}/team/app:1"))
        .env("PATH", path)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("OAUTHCTL_STORE", "file")
        .env("OAUTHCTL_PROFILE", "dev"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("schemaVersion"));
    let expected = base64_basic("oauth2", TOKEN);
    assert!(server.log().contains(&expected), "{}", server.log());
}

fn base64_basic(user: &str, pw: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pw}"))
    )
}

/// kubectl: Debian's 1.20 (kubernetes-client), which speaks v1beta1
/// (`OAUTHCTL_TEST_KUBECTL` names another one).
fn kubectl() -> PathBuf {
    std::env::var_os("OAUTHCTL_TEST_KUBECTL")
        .map(PathBuf::from)
        .unwrap_or_else(|| "kubectl".into())
}

/// kubectl with an exec plugin (`api_version` in the kubeconfig) that runs
/// oauthctl through a wrapper recording KUBERNETES_EXEC_INFO; returns what
/// kubectl sent the plugin.
fn kube_case(kubectl: &Path, api_version: &str) -> serde_json::Value {
    let home = logged_in();
    let wrapper = home.path().join("plugin.sh");
    let seen = home.path().join("exec-info.json");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > '{}'\nexec '{}' \"$@\"\n",
            seen.display(),
            bin()
        ),
    )
    .unwrap();
    run(Command::new("chmod").arg("755").arg(&wrapper));
    let tls = tempfile::tempdir().unwrap();
    crate::support::openssl(
        tls.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ],
    );
    let cert = tls.path().join("cert.pem");
    let server = Stand::start("kube", &[&cert, &tls.path().join("key.pem")]);
    let kubeconfig = home.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:{}\n    certificate-authority: {}\n\
users:\n- name: u\n  user:\n    exec:\n      apiVersion: {api_version}\n      command: {}\n      args: [\"-p\", \"dev\", \"token\", \"-o\", \"exec-credential\"]\n      interactiveMode: Never\n      env:\n      - name: XDG_CONFIG_HOME\n        value: {}\n      - name: XDG_STATE_HOME\n        value: {}\n      - name: OAUTHCTL_STORE\n        value: file\n\
contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n",
            server.port,
            cert.display(),
            wrapper.display(),
            home.path().join("config").display(),
            home.path().join("state").display(),
        ),
    )
    .unwrap();
    let out = run(Command::new(kubectl)
        .args(["--kubeconfig"])
        .arg(&kubeconfig)
        .args(["get", "--raw", "/api"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("APIVersions"));
    assert!(
        server.log().contains(&format!("GET /api Bearer {TOKEN}")),
        "{}",
        server.log()
    );
    serde_json::from_slice(&std::fs::read(&seen).unwrap()).unwrap_or(serde_json::Value::Null)
}

/// The minor version of a kubectl client.
fn kubectl_minor(kubectl: &Path) -> Option<u32> {
    let out = Command::new(kubectl)
        .args(["version", "--client", "-o", "json"])
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["clientVersion"]["minor"]
        .as_str()?
        .trim_end_matches('+')
        .parse()
        .ok()
}

#[test]
fn kubectl_exec_plugin_v1beta1() {
    let seen = kube_case(&kubectl(), "client.authentication.k8s.io/v1beta1");
    // What kubectl said it wants, when it says (1.20 sends the version).
    if !seen.is_null() {
        assert_eq!(seen["apiVersion"], "client.authentication.k8s.io/v1beta1");
    }
}

/// kubectl 1.22 and later speak v1 and say so in KUBERNETES_EXEC_INFO:
/// run with such a kubectl (`OAUTHCTL_TEST_KUBECTL_V1`, else the one on
/// PATH when it is 1.22 or later). Debian's 1.20 cannot: then the
/// environment such a kubectl sets is checked in
/// `exec_credential_follows_kubernetes_exec_info`.
#[test]
fn kubectl_exec_plugin_v1() {
    let kubectl = std::env::var_os("OAUTHCTL_TEST_KUBECTL_V1")
        .map(PathBuf::from)
        .unwrap_or_else(|| "kubectl".into());
    if kubectl_minor(&kubectl).is_none_or(|m| m < 22) {
        eprintln!("no kubectl 1.22+ here: v1 checked through KUBERNETES_EXEC_INFO only");
        return;
    }
    let seen = kube_case(&kubectl, "client.authentication.k8s.io/v1");
    assert_eq!(seen["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(seen["spec"]["interactive"], false);
}

#[test]
fn exec_credential_follows_kubernetes_exec_info() {
    let home = logged_in();
    for (asked, answered) in [
        (None, "client.authentication.k8s.io/v1"),
        (
            Some(
                r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}}"#,
            ),
            "client.authentication.k8s.io/v1beta1",
        ),
        (
            Some(
                r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}}"#,
            ),
            "client.authentication.k8s.io/v1",
        ),
    ] {
        let mut t = home.run(["token", "-o", "exec-credential"]);
        if let Some(a) = asked {
            t = t.env("KUBERNETES_EXEC_INFO", a);
        }
        let v = t.run().json();
        assert_eq!(v["apiVersion"], answered);
        assert_eq!(v["status"]["token"], TOKEN);
        assert!(
            v["status"]["expirationTimestamp"]
                .as_str()
                .unwrap()
                .ends_with('Z')
        );
    }
    home.run(["token", "-o", "exec-credential"])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
        )
        .code(2)
        .run();
    // Not interactive and nothing stored: one line naming the login.
    let empty = Home::new("http://127.0.0.1:9");
    let out = empty
        .run(["token", "-o", "exec-credential"])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#,
        )
        .code(4)
        .stderr_contains("non-interactively")
        .stderr_contains("oauthctl -p dev login")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
}

#[test]
fn exec_puts_the_token_in_the_environment_and_passes_the_status_through() {
    let home = logged_in();
    home.run([
        "exec",
        "--",
        "sh",
        "-c",
        "test \"$OAUTHCTL_ACCESS_TOKEN\" = \"$0\" && exit 7",
        TOKEN,
    ])
    .code(7)
    .run();
    home.run([
        "exec",
        "--env",
        "GH_TOKEN",
        "--",
        "sh",
        "-c",
        "printf %s \"$GH_TOKEN\" | wc -c",
    ])
    .stdout_contains(TOKEN.len().to_string())
    .run();
    let out = home
        .run(["exec", "--", "oauthctl-no-such-command-xyz"])
        .code(127)
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("command not found"));
}

#[test]
fn fetch_sends_the_token_and_prints_the_body() {
    let home = logged_in();
    let api = Server::new(|_, path| match path {
        "/hello" => Reply::json(json!({"hello": "world"})).header("X-Thing", "1"),
        _ => Reply::status(404, "text/plain", "nope"),
    })
    .allow_unused();
    let url = format!("{}/hello", api.url());
    home.run(["fetch", &url])
        .stdout_contains("\"hello\"")
        .stderr_lacks(TOKEN)
        .run();
    let got = api.requests();
    assert_eq!(
        got[0].header("authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    home.run(["fetch", "-i", &url])
        .stdout_contains("HTTP/1.1 200 OK\r\n")
        .stdout_contains("x-thing: 1\r\n")
        .run();
    let v = home.run(["-o", "json", "fetch", &url]).run().json();
    assert_eq!(v["status"], 200);
    assert_eq!(v["headers"]["x-thing"], "1");
    let out = home
        .run(["fetch", &format!("{}/missing", api.url())])
        .code(1)
        .stdout_contains("nope")
        .stderr_contains("HTTP 404")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    home.run(["-v", "fetch", &url]).stderr_lacks(TOKEN).run();
    // Plain http to another host: the token is not sent, exit 2.
    home.run(["fetch", "http://api.example/x"])
        .code(2)
        .stderr_contains("https only")
        .run();
    // A refused connection: exit 3.
    home.run([
        "fetch",
        &format!("http://127.0.0.1:{}/", crate::support::free_port()),
    ])
    .code(3)
    .run();
}

#[test]
fn fetch_refreshes_once_on_invalid_token_and_a_second_401_is_exit_1() {
    // The issuer's token endpoint hands out a new token; the API refuses
    // both with invalid_token.
    let issuer = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({})),
        _ => Reply::json(
            json!({"access_token": "second", "token_type": "Bearer", "expires_in": 3600}),
        ),
    })
    .allow_unused();
    let home = Home::new(issuer.url());
    home.seed(
        &json!({"access_token": "first", "refresh_token": "rt", "expires_in": 3600}),
        3600,
    );
    let mut entry = home.stored();
    entry["token_endpoint"] = json!(format!("{}/token", issuer.url()));
    std::fs::write(home.entry_path(), entry.to_string()).unwrap();
    let api = Server::new(|_, _| {
        Reply::status(401, "text/plain", "no")
            .header("WWW-Authenticate", r#"Bearer error="invalid_token""#)
    });
    let out = home
        .run(["fetch", &format!("{}/x", api.url())])
        .code(1)
        .stderr_contains("HTTP 401")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    let auths: Vec<_> = api
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or("").to_owned())
        .collect();
    assert_eq!(auths, ["Bearer first", "Bearer second"]);
    assert_eq!(home.stored()["access_token"], "second");
    let _ = now();
}

#[test]
fn fetch_names_the_login_for_a_step_up() {
    let home = logged_in();
    let api = Server::new(|_, _| {
        Reply::status(403, "text/plain", "").header(
            "WWW-Authenticate",
            r#"Bearer error="insufficient_scope", scope="repo:write""#,
        )
    });
    home.run(["fetch", api.url()])
        .code(1)
        .stderr_contains("insufficient_scope")
        .stderr_contains("oauthctl -p dev login --scope repo:write")
        .run();
}

const SCOPE: &str = "openid profile email offline_access";

#[test]
fn fetch_at_oidc_provider_userinfo_refreshes_a_token_it_refuses() {
    let p = crate::oidc_provider::Provider::start();
    let userinfo = p.metadata()["userinfo_endpoint"]
        .as_str()
        .unwrap()
        .to_owned();
    let tokens = p.device_login(SCOPE);
    let home = Home::new(p.issuer());
    home.seed(&tokens, 3600);
    let v: serde_json::Value = serde_json::from_str(
        &home
            .run(["fetch", &userinfo])
            .stderr_lacks(tokens["access_token"].as_str().unwrap())
            .run()
            .stdout,
    )
    .unwrap();
    assert!(v["sub"].is_string(), "{v}");
    // A stored token the provider does not know (revoked, say): 401
    // invalid_token, one refresh at the real token endpoint, and the
    // retry succeeds.
    let mut broken = tokens.clone();
    broken["access_token"] = json!("not-a-token-the-provider-issued");
    home.seed(&broken, 3600);
    let before = p.refresh_count();
    home.run(["fetch", &userinfo])
        .stdout_contains("\"sub\"")
        .run();
    assert_eq!(p.refresh_count(), before + 1);
    assert_ne!(
        home.stored()["access_token"],
        "not-a-token-the-provider-issued"
    );
}

#[test]
fn fetch_at_serves_demo_api_and_userinfo() {
    let s = crate::serve::Serve::start(&["--demo-api"]);
    let t: serde_json::Value = crate::serve::post(
        &format!("{}/token", s.url()),
        &[("grant_type", "client_credentials")],
    )
    .basic_auth("oauthctl-service", Some(s.secret()))
    .send()
    .unwrap()
    .json()
    .unwrap();
    let at = t["access_token"].as_str().unwrap();
    let whoami = format!("{}/api/whoami", s.url());
    crate::support::in_home(tempfile::tempdir().unwrap().path())
        .args(["fetch", "--token", at, &whoami])
        .stdout_contains("oauthctl-service")
        .run();
    // A token source: the environment, a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("at"), format!("{at}\n")).unwrap();
    crate::support::in_home(dir.path())
        .env("API_TOKEN", at)
        .args(["fetch", "--token", "env:API_TOKEN", &whoami])
        .stdout_contains("oauthctl-service")
        .run();
    crate::support::in_home(dir.path())
        .args(["fetch", "--token"])
        .arg(format!("@{}", dir.path().join("at").display()))
        .arg(&whoami)
        .stdout_contains("oauthctl-service")
        .run();
    // A token serve never issued: 401 invalid_token; a given token cannot
    // be refreshed, so no retry: exit 1.
    let out = crate::support::in_home(tempfile::tempdir().unwrap().path())
        .args(["fetch", "--token", "forged.token.here", &whoami])
        .code(1)
        .stderr_contains("HTTP 401")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    // A machine token at userinfo: insufficient_scope, and the login
    // command that asks for the scope.
    let home = Home::new(s.url());
    home.seed(&json!({ "access_token": at, "expires_in": 300 }), 300);
    home.run(["fetch", &format!("{}/userinfo", s.url())])
        .code(1)
        .stderr_contains("insufficient_scope")
        .stderr_contains("oauthctl -p dev login --scope openid")
        .run();
}

#[test]
fn fetch_proves_a_dpop_bound_token_with_the_nonce_retry_and_helpers_refuse_it() {
    let p = crate::oidc_provider::Provider::start_with(&[("DPOP_NONCE", Path::new("1"))]);
    let userinfo = p.metadata()["userinfo_endpoint"]
        .as_str()
        .unwrap()
        .to_owned();
    let home = tempfile::tempdir().unwrap();
    crate::dpop::device_login(&p, home.path(), &["--dpop"]);
    let stored = crate::support::store_files(home.path());
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&stored[0]).unwrap()).unwrap();
    assert_eq!(entry["token_type"], "DPoP");
    let token = entry["access_token"].as_str().unwrap().to_owned();
    let login = ["--issuer", p.issuer(), "--client-id", "cli"];
    let out = crate::support::in_home(home.path())
        .args(["-vv", "fetch"])
        .args(login)
        .arg(&userinfo)
        .stderr_lacks(&token)
        .run();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["sub"], "alice");
    // No nonce known yet: 401 use_dpop_nonce, then the proof with it.
    let gets = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("> GET ") && l.ends_with("/me"))
        .count();
    assert_eq!(gets, 2, "{}", out.stderr);
    assert!(out.stderr.contains("< 401"), "{}", out.stderr);
    // git, Docker and a command cannot make proofs: refused, exit 2.
    crate::support::in_home(home.path())
        .args(["credential", "git"])
        .args(login)
        .arg("get")
        .stdin("protocol=https\nhost=git.example\n\n")
        .code(2)
        .stderr_contains("DPoP-bound")
        .stdout_lacks(&token)
        .run();
    crate::support::in_home(home.path())
        .arg("exec")
        .args(login)
        .args(["--", "true"])
        .code(2)
        .stderr_contains("DPoP-bound")
        .run();
}

/// An unsigned JWT with these claims (the store holds ID tokens that were
/// verified at login; `token --id-token` reads, not verifies, them).
fn jwt(claims: serde_json::Value) -> String {
    use base64::Engine;
    let b = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!(
        "{}.{}.c2ln",
        b(br#"{"alg":"RS256","typ":"JWT"}"#),
        b(claims.to_string().as_bytes())
    )
}

#[test]
fn token_id_token_refreshes_an_expiring_id_token_and_is_an_exec_credential() {
    let p = crate::oidc_provider::Provider::start();
    let tokens = p.device_login(SCOPE);
    let home = Home::new(p.issuer());
    home.seed(&tokens, 3600);
    let first = tokens["id_token"].as_str().unwrap();
    // Fresh enough: the stored one, no request.
    let out = home.run(["token", "--id-token"]).run();
    assert_eq!(out.stdout.trim(), first);
    assert_eq!(p.refresh_count(), 0);
    // It expires within --min-ttl (oidc-provider's last an hour): a
    // refresh, and the provider's new ID token (a second later, so not
    // byte for byte the first), as a v1beta1 ExecCredential with its expiry.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let v = home
        .run([
            "token",
            "--id-token",
            "--min-ttl",
            "7200",
            "-o",
            "exec-credential",
        ])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#,
        )
        .run()
        .json();
    assert_eq!(p.refresh_count(), 1);
    assert_eq!(v["apiVersion"], "client.authentication.k8s.io/v1beta1");
    let second = v["status"]["token"].as_str().unwrap();
    assert_ne!(second, first);
    assert_eq!(home.stored()["id_token"], second);
    assert!(
        v["status"]["expirationTimestamp"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
}

/// A token endpoint that answers every refresh with `id_token` (if any).
fn refreshing_issuer(id_token: Option<String>) -> Server {
    Server::new(move |_, _| {
        let mut t = json!({"access_token": "at2", "token_type": "Bearer", "expires_in": 3600});
        if let Some(i) = &id_token {
            t["id_token"] = json!(i);
        }
        Reply::json(t)
    })
}

fn seed_expired_id_token(issuer: &Server) -> (Home, String) {
    let home = Home::new(issuer.url());
    let expired = jwt(json!({"sub": "alice", "exp": now() - 10, "iss": issuer.url()}));
    home.seed(
        &json!({"access_token": "at1", "refresh_token": "rt", "id_token": expired, "expires_in": 3600}),
        3600,
    );
    let mut entry = home.stored();
    entry["token_endpoint"] = json!(format!("{}/token", issuer.url()));
    std::fs::write(home.entry_path(), entry.to_string()).unwrap();
    (home, expired)
}

#[test]
fn an_expired_id_token_is_refreshed_like_an_access_token() {
    let new = jwt(json!({"sub": "alice", "exp": now() + 3600}));
    let issuer = refreshing_issuer(Some(new.clone()));
    let (home, _) = seed_expired_id_token(&issuer);
    let v = home
        .run(["token", "--id-token", "-o", "exec-credential"])
        .run()
        .json();
    assert_eq!(v["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(v["status"]["token"], new.as_str());
    assert_eq!(issuer.hits(), 1);
    assert_eq!(home.stored()["id_token"], new.as_str());
}

#[test]
fn an_expired_id_token_without_a_new_one_on_refresh_is_exit_1() {
    let issuer = refreshing_issuer(None);
    let (home, expired) = seed_expired_id_token(&issuer);
    let out = home
        .run(["token", "--id-token"])
        .code(1)
        .stderr_contains("no new one")
        .stderr_contains("oauthctl -p dev login")
        .stdout_lacks(&expired)
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert_eq!(issuer.hits(), 1);
    assert_eq!(home.stored()["access_token"], "at2");
}

#[test]
fn git_erase_of_the_stored_token_refreshes_it_and_keeps_the_login() {
    let issuer = refreshing_issuer(None);
    let home = Home::new(issuer.url());
    home.seed(
        &json!({"access_token": "at1", "refresh_token": "rt", "expires_in": 3600}),
        3600,
    );
    let mut entry = home.stored();
    entry["token_endpoint"] = json!(format!("{}/token", issuer.url()));
    std::fs::write(home.entry_path(), entry.to_string()).unwrap();
    // A token git was given earlier (not the stored one): nothing to do.
    home.run(["credential", "git", "erase"])
        .stdin("protocol=https\nhost=git.example\nusername=oauth2\npassword=older\n\n")
        .run();
    assert_eq!(issuer.hits(), 0);
    // git rejected the stored token: refreshed, so the next get differs.
    home.run(["credential", "git", "erase"])
        .stdin("protocol=https\nhost=git.example\nusername=oauth2\npassword=at1\n\n")
        .run();
    assert_eq!(issuer.hits(), 1);
    assert_eq!(home.stored()["access_token"], "at2");
    assert_eq!(home.stored()["refresh_token"], "rt");
    home.run(["credential", "git", "get"])
        .stdin("protocol=https\nhost=git.example\n\n")
        .stdout_contains("password=at2\n")
        .run();
}
