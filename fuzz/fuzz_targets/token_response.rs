//! Token-endpoint answers: token responses and OAuth error responses
//! (RFC 6749 §5.1, §5.2), as `client-credentials`, `login`, `refresh` and
//! `exchange` read them.
//!
//! The input is a status (first byte, one of the statuses servers answer
//! with), a content type (second byte) and the body (the rest). The
//! response goes the way [`exchange::send`] passes it on: through
//! [`exchange::normalize`] (the provider quirks), then to the `oauth2`
//! crate's parser, driven by the real `oauth2` client with a closure in
//! place of the network, for the plain and the OpenID Connect token
//! response types; failures are mapped by [`exchange::token_error`],
//! successes become a [`TokenSet`] that is rendered in each format the
//! token commands print.

#![no_main]

mod common;

use common::NOW;
use libfuzzer_sys::fuzz_target;
use oauth2::basic::BasicTokenResponse;
use oauth2::{RequestTokenError, TokenResponse};
use oauthctl::cli::OutputFormat;
use oauthctl::error::Error;
use oauthctl::flows::client_auth::ClientAuth;
use oauthctl::flows::exchange;
use oauthctl::flows::oidc::OidcTokenResponse;
use oauthctl::http::Response;
use oauthctl::output::Printer;
use oauthctl::output::token::render_token_set;
use oauthctl::settings::{EXEC_CREDENTIAL_VERSIONS, KubeExec};
use oauthctl::tokens::TokenSet;

const ENDPOINT: &str = "https://issuer.example/token";
const WHAT: &str = "requesting a token from";
const STATUSES: [u16; 10] = [200, 400, 401, 403, 429, 500, 503, 201, 302, 204];
const CONTENT_TYPES: [&str; 6] = [
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "text/html",
    "text/plain",
    "",
];

/// The response as `exchange::send` hands it to the `oauth2` crate.
fn as_oauth2(mut resp: Response) -> Result<oauth2::HttpResponse, Error> {
    exchange::normalize(&mut resp);
    if !(200..300).contains(&resp.status) && resp.body.iter().all(u8::is_ascii_whitespace) {
        return Err(oauthctl::http::status_error(WHAT, &resp));
    }
    let mut builder = oauth2::http::Response::builder().status(resp.status);
    for (k, v) in &resp.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder.body(resp.body).map_err(|e| Error::BadResponse {
        what: WHAT.into(),
        url: resp.url,
        detail: format!("unusable response: {e}"),
    })
}

fn render(t: &TokenSet) {
    // ExecCredential in each version kubectl may ask for.
    let kube: Vec<KubeExec> = EXEC_CREDENTIAL_VERSIONS
        .iter()
        .map(|v| KubeExec {
            api_version: v,
            interactive: None,
        })
        .collect();
    for format in [
        OutputFormat::Text,
        OutputFormat::Json,
        OutputFormat::Header,
        OutputFormat::ExecCredential,
    ] {
        for k in &kube {
            let mut p = Printer::new(Box::new(std::io::sink()), Box::new(std::io::sink()), false);
            render_token_set(&mut p, format, t, k).expect("rendering into a sink");
        }
    }
}

fn report(e: &Error) {
    let _ = (oauthctl::error::chain(e), e.exit_status().code());
}

fn outcome<TR: TokenResponse>(
    result: Result<TR, RequestTokenError<Error, oauth2::basic::BasicErrorResponse>>,
) {
    match result {
        Ok(resp) => match exchange::token_set(&resp, NOW, WHAT, ENDPOINT) {
            Ok(tokens) => render(&tokens),
            // A token that could split a header is refused, never rendered.
            Err(e) => report(&e),
        },
        Err(e) => report(&exchange::token_error(WHAT, ENDPOINT, e)),
    }
}

fuzz_target!(|data: &[u8]| {
    let [s, c, body @ ..] = data else {
        return;
    };
    let status = STATUSES[usize::from(*s) % STATUSES.len()];
    let ctype = CONTENT_TYPES[usize::from(*c) % CONTENT_TYPES.len()];
    let mut headers = Vec::new();
    if !ctype.is_empty() {
        headers.push(("content-type".to_owned(), ctype.to_owned()));
    }
    let resp = Response {
        url: ENDPOINT.into(),
        status,
        headers,
        body: body.to_vec(),
    };
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = exchange::retry_after(status, Some(text));
    }
    let send = |_req: oauth2::HttpRequest| as_oauth2(resp.clone());

    let auth = ClientAuth::None {
        client_id: "cli".into(),
    };
    let url = exchange::token_url(ENDPOINT).expect("a URL");
    let plain = auth.client_for::<BasicTokenResponse>(url.clone());
    outcome(plain.exchange_client_credentials().request(&send));
    let oidc = auth.client_for::<OidcTokenResponse>(url);
    let result = oidc.exchange_client_credentials().request(&send);
    if let Ok(r) = &result {
        let _ = r.extra_fields().id_token.as_ref().map(|t| t.expose().len());
    }
    outcome(result);
});
