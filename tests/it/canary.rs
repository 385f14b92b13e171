//! Canary secrets (issue 12): every flow runs with a distinctive client
//! secret ([`CANARY_SECRET`]) and a fresh private key, and after each run
//! [`Canary::assert_clean`] checks that neither they nor any token the
//! flows obtained (access, refresh and ID tokens, the authorization code,
//! the device code) appears on stdout (but for the command's product), on
//! stderr at any `-v` level, or in any file under the test's home but the
//! store's.
//!
//! One provider per test; every command runs without `-v`, with `-v` and
//! with `-vv`. Against the built-in provider a login costs one `curl`, so
//! `login` and `device` run at each level too.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::serve::Serve;
use crate::support::{
    CANARY_SECRET, Canary, Output, Reply, Server, Test, clean_command, device_approved_by, in_home,
};

/// Each command at each of these levels.
const LEVELS: [&[&str]; 3] = [&[], &["-v"], &["-vv"]];

fn level_name(level: &[&str]) -> &'static str {
    match level {
        [] => "without -v",
        ["-v"] => "at -v",
        _ => "at -vv",
    }
}

/// A fresh P-256 key, made by openssl: the PEM (PKCS#8) and the same key
/// as a private JWK, both written under `dir`, and the public key set.
struct CanaryKey {
    pem_path: PathBuf,
    pem: String,
    jwk_path: PathBuf,
    jwk: Value,
    jwks: Value,
}

fn canary_key(dir: &Path) -> CanaryKey {
    std::fs::create_dir_all(dir).unwrap();
    let pem_path = dir.join("canary.key.pem");
    crate::support::openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            pem_path.to_str().unwrap(),
        ],
    );
    let text = std::process::Command::new("openssl")
        .args(["ec", "-text", "-noout", "-in"])
        .arg(&pem_path)
        .output()
        .unwrap();
    assert!(text.status.success(), "openssl ec -text");
    let text = String::from_utf8(text.stdout).unwrap();
    // "priv:" and "pub:" are followed by indented lines of hex bytes.
    let section = |label: &str| -> Vec<u8> {
        let hex: String = text
            .lines()
            .skip_while(|l| l.trim() != label)
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .collect::<String>()
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect();
        hex::decode(hex).unwrap()
    };
    let mut d = section("priv:");
    while d.len() > 32 && d[0] == 0 {
        d.remove(0);
    }
    while d.len() < 32 {
        d.insert(0, 0);
    }
    let point = section("pub:");
    assert_eq!((point.len(), point[0]), (65, 4), "an uncompressed point");
    let b64 = oauthctl::jwt::b64_encode;
    let (x, y) = (b64(&point[1..33]), b64(&point[33..]));
    let public =
        json!({ "kty": "EC", "crv": "P-256", "x": x, "y": y, "alg": "ES256", "use": "sig" });
    let mut jwk = public.clone();
    jwk["d"] = b64(&d).into();
    let jwk_path = dir.join("canary.jwk.json");
    std::fs::write(&jwk_path, jwk.to_string()).unwrap();
    CanaryKey {
        pem: std::fs::read_to_string(&pem_path).unwrap(),
        pem_path,
        jwk_path,
        jwk,
        jwks: json!({ "keys": [public] }),
    }
}

/// The user's home, its secrets, and the canary that knows them.
struct Home {
    dir: tempfile::TempDir,
    canary: Canary,
    key: CanaryKey,
    secret_file: PathBuf,
}

impl Home {
    /// A home with the canary secret in a file, a fresh key, and `config`
    /// as oauthctl's configuration (`{secret_file}` replaced).
    fn new(config: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        let secret_file = dir.path().join("canary-secret");
        std::fs::write(&secret_file, format!("{CANARY_SECRET}\n")).unwrap();
        let key = canary_key(&dir.path().join("keys"));
        let config_path = dir.path().join("config/oauthctl/config.toml");
        std::fs::create_dir_all(config_path.parent().unwrap()).unwrap();
        std::fs::write(
            &config_path,
            config.replace("{secret_file}", secret_file.to_str().unwrap()),
        )
        .unwrap();
        let mut canary = Canary::new();
        canary
            .secret("client secret", CANARY_SECRET)
            .pem("private key", &key.pem)
            .jwk("private key", &key.jwk)
            .own_file(&secret_file)
            .own_file(&key.pem_path)
            .own_file(&key.jwk_path);
        Home {
            dir,
            canary,
            key,
            secret_file,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `oauthctl LEVEL ARGS` in this home.
    fn cmd(&self, level: &[&str], args: &[&str]) -> Test {
        in_home(self.path()).args(level).args(args)
    }

    /// Learn the store, then check the run: stdout may carry only the
    /// tokens named by `product` (none, the access token, the ID token),
    /// as stored.
    #[track_caller]
    fn check(&mut self, level: &[&str], args: &[&str], out: &Output, product: Product) {
        self.canary.learn_store(self.dir.path());
        let printed = out.stdout.trim();
        let may: Vec<String> = match product {
            Product::Nothing => vec![],
            Product::Stored(field) => {
                let stored = self.stored(field);
                assert_eq!(printed, stored, "{args:?} prints the stored {field}");
                vec![printed.to_owned()]
            }
            Product::Cached => {
                let cached = self.cached_access_token();
                assert_eq!(printed, cached, "{args:?} prints the cached token");
                vec![printed.to_owned()]
            }
            Product::Printed => {
                // A token that no store keeps (`cc --no-cache`): it is what
                // stdout carries, and a canary from now on.
                self.canary.token("access token printed by cc", printed);
                vec![printed.to_owned()]
            }
            Product::Json => {
                let v = out.json();
                for never in ["refresh_token", "id_token"] {
                    assert!(v.get(never).is_none(), "{args:?}: {never} on stdout");
                }
                let at = v["access_token"].as_str().expect("access_token");
                self.canary.token("access token printed by cc", at);
                vec![at.to_owned()]
            }
        };
        let what = format!("oauthctl {} {}", args.join(" "), level_name(level));
        // The levels are not vacuous: a command that talked to a server
        // traced it at -v, with bodies at -vv.
        const TALKS: &[&str] = &[
            "login",
            "device",
            "refresh",
            "userinfo",
            "introspect",
            "logout",
            "cc",
        ];
        if !level.is_empty() && args.iter().any(|a| TALKS.contains(a)) {
            assert!(
                out.stderr
                    .lines()
                    .any(|l| l.starts_with("> POST") || l.starts_with("> GET")),
                "{what}: no request traced:\n{}",
                out.stderr
            );
            if level == ["-vv"] {
                assert!(
                    out.stderr.lines().any(|l| l.starts_with("< {")),
                    "{what}: no body traced:\n{}",
                    out.stderr
                );
            }
        }
        let may: Vec<&str> = may.iter().map(String::as_str).collect();
        self.canary.assert_clean(&what, out, &may, self.dir.path());
    }

    /// A field of the one stored login (`profile-canary.json` or the
    /// entry of the issuer and client).
    fn stored(&self, field: &str) -> String {
        let dir = self.path().join("state/oauthctl/tokens");
        let entries: Vec<Value> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
            .collect();
        assert_eq!(entries.len(), 1, "one stored login: {entries:#?}");
        entries[0][field]
            .as_str()
            .unwrap_or_else(|| panic!("no {field} stored: {:#}", entries[0]))
            .to_owned()
    }

    /// The access token of the one client-credentials cache entry.
    fn cached_access_token(&self) -> String {
        let dir = self.path().join("state/oauthctl/cache");
        let entries: Vec<Value> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
            .collect();
        assert_eq!(entries.len(), 1, "one cache entry: {entries:#?}");
        entries[0]["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access token cached: {:#}", entries[0]))
            .to_owned()
    }

    /// Run and check.
    #[track_caller]
    fn run(&mut self, level: &[&str], args: &[&str], product: Product) -> Output {
        let out = self.cmd(level, args).run();
        self.check(level, args, &out, product);
        out
    }
}

/// What a command prints on stdout by design.
#[derive(Clone, Copy)]
enum Product {
    Nothing,
    /// This field of the stored login.
    Stored(&'static str),
    /// The access token of the one client-credentials cache entry.
    Cached,
    /// The access token, kept nowhere.
    Printed,
    /// A token response as JSON (its access token only).
    Json,
}

/// A `$BROWSER` for a provider that approves at once (`serve
/// --auto-approve`): it asks for the authorization URL, writes down where
/// it was sent (the callback with the code) in `codes`, and follows.
fn curl_browser(dir: &Path, codes: &Path) -> PathBuf {
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nloc=$(curl -s -o /dev/null -w '%{{redirect_url}}' \"$1\")\n\
             printf '%s\\n' \"$loc\" >> '{}'\nexec curl -s -o /dev/null \"$loc\"\n",
            codes.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

/// The last authorization code the browser saw.
fn last_code(codes: &Path) -> String {
    let text = std::fs::read_to_string(codes).unwrap();
    let line = text.lines().last().expect("a redirect");
    url::Url::parse(line)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no code in {line}"))
}

/// `oauthctl LEVEL device ARGS` in `home`, approved on `serve`'s device
/// page as the demo user once it shows the code.
fn device_on_serve(home: &Path, serve: &Serve, level: &[&str], args: &[&str]) -> Output {
    let mut cmd = clean_command(home);
    cmd.env("TMPDIR", home.join("tmp"))
        .env("OAUTHCTL_STORE", "file")
        .current_dir(home)
        .args(level)
        .arg("device")
        .args(args);
    let out = device_approved_by(cmd, |complete| {
        let user_code = url::Url::parse(complete)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "user_code")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no user_code in {complete}"));
        let page = crate::serve::post(
            &format!("{}/device", serve.url()),
            &[
                ("user_code", &user_code),
                ("username", "demo"),
                ("password", "demo"),
                ("action", "approve"),
            ],
        )
        .send()
        .unwrap()
        .text()
        .unwrap();
        assert!(page.contains("Device approved"), "{page}");
    });
    assert_eq!(out.code, 0, "device:\n{}", out.stderr);
    out
}

/// The built-in provider with a confidential client whose secret is the
/// canary, a `private_key_jwt` client with the canary key, and `--auto-
/// approve`: login, token, refresh, userinfo, introspect, logout, device
/// and client credentials (basic, post, a PEM key, a JWK key), each at
/// every level.
#[test]
fn no_canary_leaks_from_the_flows_against_the_built_in_provider() {
    let aux = tempfile::tempdir().unwrap();
    // The provider learns the public key only; the client's key is made
    // first, in the home.
    let mut home = Home::new(
        "[profiles.canary]\nissuer = \"{issuer}\"\nclient_id = \"canary-svc\"\n\
         client_secret_file = \"{secret_file}\"\n\
         scopes = [\"openid\", \"profile\", \"email\", \"offline_access\"]\n",
    );
    let jwks = aux.path().join("canary.jwks.json");
    std::fs::write(&jwks, home.key.jwks.to_string()).unwrap();
    let provider = aux.path().join("provider.toml");
    std::fs::write(
        &provider,
        format!(
            "device_interval = 1\n\
             [[clients]]\nclient_id = \"canary-svc\"\nclient_secret = \"{CANARY_SECRET}\"\n\
             [[clients]]\nclient_id = \"canary-jwt\"\njwks_file = \"{}\"\n\
             grant_types = [\"client_credentials\"]\n",
            jwks.display()
        ),
    )
    .unwrap();
    let serve = Serve::start(&[
        "--auto-approve",
        "--provider-config",
        provider.to_str().unwrap(),
    ]);
    let config = home.path().join("config/oauthctl/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("{issuer}", serve.url())).unwrap();

    let codes = aux.path().join("codes");
    let browser = curl_browser(aux.path(), &codes);
    let issuer = serve.url().to_owned();
    let pem = home.key.pem_path.to_str().unwrap().to_owned();
    let jwk = home.key.jwk_path.to_str().unwrap().to_owned();
    let p = |args: &[&'static str]| -> Vec<&'static str> {
        let mut v = vec!["-p", "canary"];
        v.extend_from_slice(args);
        v
    };
    for level in LEVELS {
        // login: the code comes back through the browser, then the tokens.
        let args = p(&["login"]);
        let out = home.cmd(level, &args).env("BROWSER", &browser).run();
        assert!(out.stdout.contains("Signed in"), "{}", out.stdout);
        home.canary.secret("authorization code", &last_code(&codes));
        home.check(level, &args, &out, Product::Nothing);

        home.run(level, &p(&["token"]), Product::Stored("access_token"));
        home.run(
            level,
            &p(&["token", "--id-token"]),
            Product::Stored("id_token"),
        );
        home.run(level, &p(&["refresh"]), Product::Stored("access_token"));
        let out = home.run(level, &p(&["userinfo"]), Product::Nothing);
        assert!(out.stdout.contains("demo@example.com"), "{}", out.stdout);

        let at = home.stored("access_token");
        let rt = home.stored("refresh_token");
        // `--`: a token may start with `-`.
        let args = ["-p", "canary", "introspect", "--", at.as_str()];
        let out = home.run(level, &args, Product::Nothing);
        assert!(out.stdout.starts_with("ACTIVE"), "{}", out.stdout);
        let args = [
            "-p",
            "canary",
            "introspect",
            "--token-type-hint",
            "refresh_token",
            "--",
            rt.as_str(),
        ];
        home.run(level, &args, Product::Nothing);

        let out = home.run(level, &p(&["logout"]), Product::Nothing);
        assert!(
            out.stdout.contains("deleted the stored tokens"),
            "{}",
            out.stdout
        );

        // device: the device code is only ever in the exchange itself.
        let args = p(&[]);
        let out = device_on_serve(home.path(), &serve, level, &args);
        home.check(level, &["-p", "canary", "device"], &out, Product::Nothing);

        // Client credentials: the secret from the profile's file (basic,
        // cached), from the environment (post), and the key as PEM and JWK.
        home.run(
            level,
            &p(&["cc", "--scope", "api:read", "--min-ttl", "86400"]),
            Product::Cached,
        );
        let post = [
            "cc",
            "--no-cache",
            "--issuer",
            &issuer,
            "--client-id",
            "canary-svc",
            "--auth-method",
            "client_secret_post",
        ];
        let out = home
            .cmd(level, &post)
            .env("OAUTHCTL_CLIENT_SECRET", CANARY_SECRET)
            .run();
        home.check(level, &post, &out, Product::Printed);
        for key in [&pem, &jwk] {
            let args = [
                "cc",
                "--no-cache",
                "-o",
                "json",
                "--issuer",
                &issuer,
                "--client-id",
                "canary-jwt",
                "--private-key",
                key,
            ];
            home.run(level, &args, Product::Json);
        }
    }
}

/// The independent provider (node oidc-provider): its `svc-canary` client
/// has the canary secret, `svc-jwt` a key whose PEM is a canary too. Each
/// level starts from a fresh login of alice (through the provider's device
/// fixture) that expires within `--min-ttl`, so `token` refreshes too.
#[test]
fn no_canary_leaks_from_the_flows_against_an_independent_provider() {
    use crate::oidc_provider::{Provider, provider_dir};
    let provider = Provider::start();
    let issuer = provider.issuer().to_owned();
    let mut home = Home::new(
        "[profiles.canary]\nissuer = \"{issuer}\"\nclient_id = \"cli\"\n\
         scopes = [\"openid\", \"profile\", \"email\", \"offline_access\"]\n",
    );
    let config = home.path().join("config/oauthctl/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("{issuer}", &issuer)).unwrap();
    let svc_jwt_key = provider_dir().join("keys/svc-jwt.key.pem");
    home.canary.pem(
        "svc-jwt private key",
        &std::fs::read_to_string(&svc_jwt_key).unwrap(),
    );
    let svc_jwt_key = svc_jwt_key.to_str().unwrap().to_owned();
    let secret_file = home.secret_file.to_str().unwrap().to_owned();
    let entry = home
        .path()
        .join("state/oauthctl/tokens/profile-canary.json");
    std::fs::create_dir_all(entry.parent().unwrap()).unwrap();
    let p = |args: &[&'static str]| -> Vec<&'static str> {
        let mut v = vec!["-p", "canary"];
        v.extend_from_slice(args);
        v
    };
    // One login in the scripted browser (the provider's own login and
    // consent pages), at -vv.
    let log = crate::login::AgentLog::new();
    let args = p(&["login"]);
    let out = home
        .cmd(&["-vv"], &args)
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .run();
    assert!(out.stdout.contains("sub      alice"), "{}", out.stdout);
    home.check(&["-vv"], &args, &out, Product::Nothing);
    home.run(&["-vv"], &p(&["logout"]), Product::Nothing);
    for level in LEVELS {
        let tokens = provider.device_login("openid profile email offline_access");
        home.canary.tokens(&tokens);
        let now = crate::tokens::now();
        let mut seeded = json!({
            "issuer": issuer, "client_id": "cli", "token_type": "Bearer",
            "expires_at": now + 30, "scope": tokens["scope"],
        });
        for k in ["access_token", "refresh_token", "id_token"] {
            seeded[k] = tokens[k].clone();
        }
        std::fs::write(&entry, seeded.to_string()).unwrap();

        let refreshes = provider.refresh_count();
        home.run(level, &p(&["token"]), Product::Stored("access_token"));
        assert_eq!(provider.refresh_count(), refreshes + 1, "token refreshed");
        home.run(
            level,
            &p(&["token", "--id-token"]),
            Product::Stored("id_token"),
        );
        home.run(level, &p(&["refresh"]), Product::Stored("access_token"));
        let out = home.run(level, &p(&["userinfo"]), Product::Nothing);
        assert!(out.stdout.contains("alice@example.com"), "{}", out.stdout);

        let rt = home.stored("refresh_token");
        let args = [
            "introspect",
            "--issuer",
            &issuer,
            "--client-id",
            "svc-canary",
            "--client-secret-file",
            &secret_file,
            "--",
            &rt,
        ];
        let out = home.run(level, &args, Product::Nothing);
        assert!(out.stdout.starts_with("ACTIVE"), "{}", out.stdout);

        let basic = [
            "cc",
            "--no-cache",
            "--issuer",
            &issuer,
            "--client-id",
            "svc-canary",
        ];
        let out = home
            .cmd(level, &basic)
            .env("OAUTHCTL_CLIENT_SECRET", CANARY_SECRET)
            .run();
        home.check(level, &basic, &out, Product::Printed);
        let jwt = [
            "cc",
            "--no-cache",
            "-o",
            "json",
            "--issuer",
            &issuer,
            "--client-id",
            "svc-jwt",
            "--private-key",
            &svc_jwt_key,
        ];
        home.run(level, &jwt, Product::Json);

        let out = home.run(level, &p(&["logout"]), Product::Nothing);
        assert!(
            out.stdout.contains("deleted the stored tokens"),
            "{}",
            out.stdout
        );
    }
}

const DEVICE_CODE: &str = "canary-device-code-7d41c0-DO-NOT-PRINT";
const ACCESS: &str = "canary-access-token-2b9e77-DO-NOT-PRINT";
const REFRESH: &str = "canary-refresh-token-90aa1f-DO-NOT-PRINT";

/// A small issuer whose device code and tokens are canaries themselves
/// (a real provider's device code never reaches the test), with a
/// confidential client.
#[test]
fn no_canary_leaks_from_a_device_login_with_known_codes() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "token_endpoint": "{{base}}/token",
            "device_authorization_endpoint": "{{base}}/device/code",
            "revocation_endpoint": "{{base}}/revoke",
        })),
        "/device/code" => Reply::json(json!({
            "device_code": DEVICE_CODE,
            "user_code": "WXYZ-2345",
            "verification_uri": "{{base}}/device",
            "verification_uri_complete": "{{base}}/device?user_code=WXYZ-2345",
            "expires_in": 60,
            "interval": 0,
        })),
        "/token" => Reply::json(json!({
            "access_token": ACCESS, "token_type": "Bearer", "expires_in": 600,
            "refresh_token": REFRESH, "scope": "profile",
        })),
        "/revoke" => Reply::status(200, "text/plain", ""),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    let mut home = Home::new(
        "[profiles.canary]\nissuer = \"{issuer}\"\nclient_id = \"canary-svc\"\n\
         client_secret_file = \"{secret_file}\"\nscopes = [\"profile\"]\n",
    );
    let config = home.path().join("config/oauthctl/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("{issuer}", server.url())).unwrap();
    home.canary
        .secret("device code", DEVICE_CODE)
        .token("access token", ACCESS)
        .token("refresh token", REFRESH);
    for level in LEVELS {
        let args = ["-p", "canary", "device"];
        let out = home.run(level, &args, Product::Nothing);
        assert!(out.stderr.contains("WXYZ-2345"), "{}", out.stderr);
        home.run(
            level,
            &["-p", "canary", "token"],
            Product::Stored("access_token"),
        );
        home.run(
            level,
            &["-p", "canary", "refresh"],
            Product::Stored("access_token"),
        );
        home.run(level, &["-p", "canary", "logout"], Product::Nothing);
    }
    let requests = server.requests();
    let polls: Vec<_> = requests
        .iter()
        .filter(|r| r.param("device_code").is_some())
        .collect();
    assert_eq!(polls.len(), 3, "one poll per level");
    assert!(
        polls
            .iter()
            .all(|r| r.param("device_code").as_deref() == Some(DEVICE_CODE))
    );
}

/// The helper itself: it finds a secret whole, by its first or last 16
/// characters, a JWT by its signature, on either stream and in any file
/// but the store's; it lets stdout carry the product it is told of.
#[test]
fn the_canary_finds_what_it_is_meant_to_find() {
    let home = tempfile::tempdir().unwrap();
    let jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImp0aSI6IjEyMyJ9.\
               c2lnbmF0dXJlLW9mLWEtY2FuYXJ5LXRva2VuLTAxMjM0NTY3ODk";
    let mut canary = Canary::new();
    canary
        .secret("client secret", CANARY_SECRET)
        .token("access token", jwt);
    let out = |stdout: &str, stderr: &str| Output {
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
        code: 0,
    };
    let fails = |o: Output, may: &[&str]| {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            canary.assert_clean("self-test", &o, may, home.path())
        }));
        match caught {
            Ok(()) => None,
            Err(e) => Some(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "a panic".into()),
            ),
        }
    };
    let redacted =
        "> authorization: Basic Y2FuYX…[68 chars]\n< {\"access_token\":\"eyJhbG…[120 chars]\"}";
    assert_eq!(fails(out("", redacted), &[]), None);
    assert_eq!(fails(out(&format!("{jwt}\n"), redacted), &[jwt]), None);
    let leak = fails(out(&format!("{jwt}\n"), ""), &[]).expect("stdout not excused");
    assert!(leak.contains("the access token is on stdout"), "{leak}");
    let leak = fails(out("", "client_secret=canary-5f3a9e-cl…"), &[]).expect("a prefix");
    assert!(leak.contains("its first 16 characters"), "{leak}");
    let leak = fails(out("", "…secret-DO-NOT-PRINT"), &[]).expect("a suffix");
    assert!(leak.contains("its last 16 characters"), "{leak}");
    let sig = jwt.rsplit('.').next().unwrap();
    let leak = fails(out("", &format!("sig={sig}")), &[jwt]).expect("stderr never excused");
    assert!(leak.contains("its signature"), "{leak}");
    // Files: the store may hold tokens, nothing else may.
    let tokens = home.path().join("state/oauthctl/tokens");
    std::fs::create_dir_all(&tokens).unwrap();
    std::fs::write(
        tokens.join("profile-x.json"),
        json!({ "access_token": jwt }).to_string(),
    )
    .unwrap();
    assert_eq!(fails(out("", ""), &[]), None);
    std::fs::create_dir_all(home.path().join("cache")).unwrap();
    std::fs::write(
        home.path().join("cache/debug.log"),
        format!("secret {CANARY_SECRET}"),
    )
    .unwrap();
    let leak = fails(out("", ""), &[]).expect("a file");
    assert!(leak.contains("is in HOME/cache/debug.log"), "{leak}");
}

/// A server that quotes the client's credentials back in its refusal
/// (issue 12, item 9): what it says is shown, the secret is not.
#[test]
fn no_canary_leaks_when_a_server_echoes_the_secret() {
    let basic = oauthctl::jwt::b64_encode(format!("canary-svc:{CANARY_SECRET}").as_bytes());
    let said =
        format!("client authentication failed for Basic {basic} (client_secret={CANARY_SECRET})");
    let body = json!({ "error": "invalid_client", "error_description": said }).to_string();
    let server = Server::new(move |_, _| Reply::status(401, "application/json", body.clone()));
    let mut home = Home::new("");
    home.canary.secret("Basic credentials", &basic);
    let endpoint = format!("{}/token", server.url());
    for level in LEVELS {
        let args = [
            "cc",
            "--no-cache",
            "--token-endpoint",
            &endpoint,
            "--client-id",
            "canary-svc",
        ];
        let out = home
            .cmd(level, &args)
            .env("OAUTHCTL_CLIENT_SECRET", CANARY_SECRET)
            .code(4)
            .stderr_contains("invalid_client")
            .run();
        home.check(level, &args, &out, Product::Nothing);
    }
}
