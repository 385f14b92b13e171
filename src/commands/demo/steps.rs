//! The demo's steps: what each runs, what it must do to pass, and what it
//! shows about OAuth. A table of values only; running a step is
//! [`super::runner`]'s job.

use crate::serve::config::{CLI_CLIENT, SERVICE_CLIENT};

use super::runner::Run;

/// The built-in provider the steps talk to.
pub(super) struct Target {
    pub issuer: String,
    pub audience: String,
    /// The service client's secret, in a private file.
    pub secret_file: String,
}

impl Target {
    /// The provider options of the public CLI client (a user signing in).
    fn user(&self) -> [&str; 4] {
        ["--issuer", &self.issuer, "--client-id", CLI_CLIENT]
    }

    /// The provider options of the confidential service client.
    fn service(&self) -> [&str; 6] {
        [
            "--issuer",
            &self.issuer,
            "--client-id",
            SERVICE_CLIENT,
            "--client-secret-file",
            &self.secret_file,
        ]
    }
}

/// An argument: literal, the trimmed output of an earlier step, or what
/// follows a prefix on the first line of that output that starts with it.
pub(super) enum Arg {
    Lit(String),
    OutputOf(usize),
    LineOf(usize, &'static str),
}

/// What a step must do to pass.
pub(super) struct Expect {
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
    pub(super) fn judge(&self, run: &Run) -> Option<String> {
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

pub(super) struct Step {
    pub name: &'static str,
    pub title: &'static str,
    pub args: Vec<Arg>,
    pub expect: Expect,
    pub lesson: &'static str,
}

impl Step {
    /// The command line, `Arg::OutputOf` filled in from the earlier steps'
    /// `outputs`.
    pub(super) fn argv(&self, outputs: &[String]) -> Vec<String> {
        std::iter::once("oauthctl".to_owned())
            .chain(self.args.iter().map(|a| {
                match a {
                    Arg::Lit(s) => s.clone(),
                    Arg::OutputOf(i) => outputs.get(*i).cloned().unwrap_or_default(),
                    Arg::LineOf(i, prefix) => outputs
                        .get(*i)
                        .and_then(|o| o.lines().find_map(|l| l.strip_prefix(prefix)))
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                }
            }))
            .collect()
    }
}

fn lits(words: &[&str]) -> Vec<Arg> {
    words.iter().map(|w| Arg::Lit((*w).to_owned())).collect()
}

fn with(head: &[&str], tail: &[&str]) -> Vec<Arg> {
    let mut v = lits(head);
    v.extend(lits(tail));
    v
}

/// The walk, in order. `Arg::OutputOf(i)` refers to step i's stdout.
pub(super) fn walk(t: &Target, probe: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    issuer_documents(t, &mut steps);
    let machine_token = machine_tokens(t, &mut steps);
    validate(t, machine_token, &mut steps);
    user_sign_in(t, &mut steps);
    let refreshed = stored_tokens(t, &mut steps);
    introspect(t, refreshed, &mut steps);
    dpop(t, &mut steps);
    if probe {
        probe_api(t, machine_token, &mut steps);
    }
    sign_out(t, &mut steps);
    steps
}

/// What the issuer publishes: its metadata and its keys.
fn issuer_documents(t: &Target, steps: &mut Vec<Step>) {
    let iss = t.issuer.as_str();
    steps.push(Step {
        name: "discover",
        title: "Discovery: what the issuer offers",
        args: lits(&["discover", iss]),
        expect: Expect::ok(&["token_endpoint"]),
        lesson: "One document (OpenID Connect Discovery 1.0, RFC 8414) names every \
                 endpoint and what the issuer supports, so a client needs only the \
                 issuer URL. The lint checks it against current best practice.",
    });
    steps.push(Step {
        name: "jwks",
        title: "The issuer's public keys",
        args: lits(&["jwks", iss]),
        expect: Expect::ok(&["RS256", "ES256"]),
        lesson: "The key set holds public keys only: anyone can verify the issuer's \
                 tokens, nobody else can sign them. The RFC 7638 thumbprint names a \
                 key whatever its kid.",
    });
}

/// A machine token, then the same from the cache; returns the index of
/// the step whose output is the token.
fn machine_tokens(t: &Target, steps: &mut Vec<Step>) -> usize {
    let first = steps.len();
    steps.push(Step {
        name: "client-credentials",
        title: "A machine token (client credentials)",
        args: with(&["cc"], &t.service()),
        expect: Expect::ok(&["."]),
        lesson: "A service authenticates as itself (here with HTTP Basic, RFC 6749 \
                 §2.3.1) and gets an access token; only the token goes to stdout, so \
                 $(oauthctl cc …) works in scripts. It is now cached.",
    });
    steps.push(Step {
        name: "client-credentials (cached)",
        title: "The same token again, from the cache",
        args: with(&["cc"], &t.service()),
        expect: Expect {
            offline: true,
            ..Expect::ok(&["."])
        },
        lesson: "No request at all this time: the cached token still has more than \
                 --min-ttl left, so a CI job of 500 steps asks the issuer once, and \
                 keeps working while the issuer is down.",
    });
    first
}

/// Validate the token that step `token` printed.
fn validate(t: &Target, token: usize, steps: &mut Vec<Step>) {
    let mut args = lits(&[
        "validate",
        "--issuer",
        &t.issuer,
        "--audience",
        &t.audience,
        "--typ",
        "at+jwt",
    ]);
    args.push(Arg::OutputOf(token));
    steps.push(Step {
        name: "validate",
        title: "Validate the machine token, every check by name",
        args,
        expect: Expect::ok(&["VALID"]),
        lesson: "The signature is checked with the key the issuer published, then every \
                 claim: exp, iat, iss, aud and typ at+jwt (RFC 9068). A check with \
                 nothing to compare against is reported as not checked, never as passed.",
    });
}

/// A user signs in: device code, then browser.
fn user_sign_in(t: &Target, steps: &mut Vec<Step>) {
    let user = t.user();
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
}

/// The stored tokens: read, refreshed, used at userinfo; returns the
/// index of the refresh step (its output is the new access token).
fn stored_tokens(t: &Target, steps: &mut Vec<Step>) -> usize {
    let user = t.user();
    steps.push(Step {
        name: "token",
        title: "The stored access token",
        args: with(&["token"], &user),
        expect: Expect::ok(&["."]),
        lesson: "Tokens are kept in the store (the OS keyring, or private files; here a \
                 temporary directory). `oauthctl token` prints a valid one, refreshing \
                 it first when it is about to expire.",
    });
    let refresh = steps.len();
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
    refresh
}

/// Introspect the token that step `token` printed, as the service client.
fn introspect(t: &Target, token: usize, steps: &mut Vec<Step>) {
    let mut args = lits(&["introspect"]);
    args.push(Arg::OutputOf(token));
    args.extend(lits(&t.service()));
    steps.push(Step {
        name: "introspect",
        title: "Ask the issuer about a token (introspection, RFC 7662)",
        args,
        expect: Expect::ok(&["active"]),
        lesson: "A resource server that cannot validate a token itself asks the issuer, \
                 authenticating as a client. Exit 0 means active.",
    });
}

/// A DPoP-bound machine token (RFC 9449): bound at the token endpoint
/// (meeting the provider's nonce challenge), a proof made for one request
/// to the demo API, and that proof checked by name.
fn dpop(t: &Target, steps: &mut Vec<Step>) {
    let api = format!("{}/api/whoami", t.issuer);
    let service = t.service();
    let bound = |extra: &[&str]| with(&["cc", "--dpop"], &[&service[..], extra].concat());
    steps.push(Step {
        name: "cc --dpop",
        title: "A sender-constrained token (DPoP)",
        args: bound(&["-o", "json"]),
        expect: Expect::ok(&["\"token_type\": \"DPoP\""]),
        lesson: "The token request carries a proof signed with a fresh key; the \
                 provider asks for its nonce first (use_dpop_nonce), oauthctl retries \
                 once with it, and the token comes back bound to the key (cnf.jkt). \
                 A stolen copy is useless without the key, which is kept with the \
                 cached token and never printed.",
    });
    let header = steps.len();
    steps.push(Step {
        name: "cc --dpop -o header",
        title: "The headers for one request, with a fresh proof",
        args: bound(&["-o", "header", "--url", &api]),
        expect: Expect {
            offline: true,
            ..Expect::ok(&["Authorization: DPoP ", "DPoP: "])
        },
        lesson: "The token comes from the cache (no request), and the proof is made for \
                 exactly this method and URL (htm, htu), with the token's hash (ath): \
                 a proof is good for one request only.",
    });
    let mut args = lits(&["validate", "--dpop-proof"]);
    args.push(Arg::LineOf(header, "DPoP: "));
    args.extend(lits(&["--method", "GET", "--url", &api]));
    args.push(Arg::LineOf(header, "Authorization: DPoP "));
    steps.push(Step {
        name: "validate --dpop-proof",
        title: "The proof, every check by name",
        args,
        expect: Expect::ok(&["VALID"]),
        lesson: "What a resource server checks (RFC 9449 §4.3): typ dpop+jwt, an \
                 asymmetric alg, a public jwk, the signature, htm, htu, iat, jti, \
                 ath, and that the key is the one the token is bound to (cnf.jkt).",
    });
}

/// Attack the demo API with the token that step `token` printed.
fn probe_api(t: &Target, token: usize, steps: &mut Vec<Step>) {
    let iss = t.issuer.as_str();
    let url = format!("{iss}/api/whoami");
    let mut args = lits(&["probe", "api", "--url", &url, "--issuer", iss, "--token"]);
    args.push(Arg::OutputOf(token));
    steps.push(Step {
        name: "probe api",
        title: "Attack an API that is vulnerable on purpose",
        args,
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

/// Sign out, and see that nothing is stored any more.
fn sign_out(t: &Target, steps: &mut Vec<Step>) {
    let user = t.user();
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
}
