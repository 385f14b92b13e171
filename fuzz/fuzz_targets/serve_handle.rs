//! `serve`'s request handling: [`Provider::handle`], which promises never
//! to panic on input.
//!
//! The input is a short conversation: up to eight requests separated by a
//! line `~~~`, each written as HTTP without the version (`METHOD TARGET`,
//! header lines, a blank line, the body). Each becomes the typed request
//! the loopback listener hands to the service (method in upper case, the
//! target split at `?`, header names in lower case, the body within the
//! listener's limit). A fresh provider answers each input: the built-in
//! clients (the service client's secret is `fuzz-secret`) and user, the
//! test vectors' P-256 key, `--auto-approve` and `--demo-api`, a fixed clock.
//!
//! So that a conversation can get past the first step, these placeholders
//! in a request are replaced by what earlier answers gave: `{at}`, `{rt}`,
//! `{id}` (access, refresh and ID token), `{dc}`, `{uc}` (device and user
//! code), `{code}` (the code in a redirect). With `OAUTHCTL_FUZZ_TRACE`
//! set, each request line, the status and the start of the body go to
//! stderr (to check what a seed reaches).

#![no_main]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use common::NOW;
use libfuzzer_sys::fuzz_target;
use oauthctl::clock::FixedClock;
use oauthctl::jwt::encode;
use oauthctl::loopback::{DEFAULT_MAX_BODY, Request, Response};
use oauthctl::serve::config::default_clients;
use oauthctl::serve::{Config, Provider};
use serde_json::Value;

const ISSUER: &str = "http://127.0.0.1:9876";
const MAX_REQUESTS: usize = 8;

static TRACE: LazyLock<bool> = LazyLock::new(|| std::env::var_os("OAUTHCTL_FUZZ_TRACE").is_some());

fn provider() -> Provider {
    // One P-256 key: loading an RSA key checks it (RSA_check_key), which
    // took half of each run; the jwt targets cover RSA.
    let key = encode::from_pem(include_bytes!("../../tests/vectors/keys/ec256.pem"), "fuzz")
        .expect("the vectors' key loads");
    let config = Config {
        keys: vec![key],
        clients: default_clients("fuzz-secret".into()),
        auto_approve: true,
        demo_api: true,
        workers: 1,
        ..Config::with_defaults()
    };
    Provider::new(ISSUER.into(), config, Arc::new(FixedClock(NOW))).expect("the provider starts")
}

/// One request as the listener types it.
fn request(text: &str) -> Option<Request> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let (method, target) = lines.next()?.split_once(' ')?;
    let mut req = Request::new(method, target);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        req = req.header(name.trim(), value.trim());
    }
    req.body = body.as_bytes().to_vec();
    req.body.truncate(DEFAULT_MAX_BODY);
    Some(req)
}

/// What later requests may refer to.
fn remember(resp: &Response, seen: &mut HashMap<&'static str, String>) {
    if let Some(location) = resp.get_header("location")
        && let Ok(url) = url::Url::parse(location)
        && let Some((_, code)) = url.query_pairs().find(|(k, _)| k == "code")
    {
        seen.insert("{code}", code.into_owned());
    }
    let Ok(Value::Object(doc)) = serde_json::from_slice::<Value>(&resp.body) else {
        return;
    };
    for (member, placeholder) in [
        ("access_token", "{at}"),
        ("refresh_token", "{rt}"),
        ("id_token", "{id}"),
        ("device_code", "{dc}"),
        ("user_code", "{uc}"),
    ] {
        if let Some(v) = doc.get(member).and_then(Value::as_str) {
            seen.insert(placeholder, v.to_owned());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let provider = provider();
    let mut seen: HashMap<&'static str, String> = HashMap::new();
    for chunk in text.split("\n~~~\n").take(MAX_REQUESTS) {
        let mut chunk = chunk.to_owned();
        for (placeholder, value) in &seen {
            chunk = chunk.replace(placeholder, value);
        }
        let Some(req) = request(&chunk) else {
            continue;
        };
        let resp = provider.handle(&req);
        if *TRACE {
            let body = String::from_utf8_lossy(&resp.body);
            let shown: String = body.chars().take(160).collect();
            eprintln!("{} -> {} {shown}", req.request_line(), resp.status);
        }
        assert!(
            (100..600).contains(&resp.status),
            "status {} for {req:?}",
            resp.status
        );
        remember(&resp, &mut seen);
    }
});
