//! The HTML pages: sign-in and consent, device verification, messages.
//!
//! Self-contained (inline style, no external assets, no scripts but the
//! one line that submits a form-post response, allowed by its hash),
//! usable without JavaScript, with labels on every field, one `<h1>`, a
//! `lang`, and errors announced (`role="alert"`).

use super::Provider;
use super::config::Client;
use super::state::{Device, Pending};
use super::wire::esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#111;background:#fff}\
h1{font-size:1.5rem}label{display:block;margin-top:1rem;font-weight:600}\
input{font:inherit;width:100%;padding:.5rem;box-sizing:border-box;border:1px solid #555;border-radius:4px}\
input:focus,button:focus{outline:3px solid #1a5fb4;outline-offset:2px}\
.actions{margin-top:1.5rem;display:flex;gap:1rem}\
button{font:inherit;padding:.5rem 1.25rem;border-radius:4px;border:1px solid #1a5fb4;cursor:pointer}\
button.primary{background:#1a5fb4;color:#fff}button.secondary{background:#fff;color:#1a5fb4}\
.error{border-left:4px solid #c01c28;padding:.5rem 1rem;background:#fdecea}\
code{font-size:1.1rem}small{color:#444}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} · oauthctl serve</title><style>{STYLE}</style></head>\
<body><main>{body}</main></body></html>\n",
        esc(title)
    )
}

fn error_block(error: Option<&str>) -> String {
    error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"error\">{}</p>",
                esc(e)
            )
        })
        .unwrap_or_default()
}

fn scope_list(scopes: &[String]) -> String {
    if scopes.is_empty() {
        return "<p>It asks for no particular access.</p>".into();
    }
    let items: String = scopes
        .iter()
        .map(|s| {
            format!(
                "<li><code>{}</code> {}</li>",
                esc(s),
                esc(describe_scope(s))
            )
        })
        .collect();
    format!("<p>It asks for:</p><ul>{items}</ul>")
}

/// The `authorization_details` asked for (RFC 9396), each as its type and
/// its JSON, for the user to see what they allow.
fn details_list(details: Option<&serde_json::Value>) -> String {
    let Some(items) = details.and_then(|d| d.as_array()) else {
        return String::new();
    };
    let items: String = items
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code> <small>{}</small></li>",
                esc(d.get("type").and_then(|t| t.as_str()).unwrap_or("")),
                esc(&d.to_string())
            )
        })
        .collect();
    format!("<p>With these details (authorization_details):</p><ul>{items}</ul>")
}

fn describe_scope(s: &str) -> &'static str {
    match s {
        "openid" => "(sign you in)",
        "profile" => "(your name and profile)",
        "email" => "(your email address)",
        "phone" => "(your phone number)",
        "address" => "(your address)",
        "offline_access" => "(stay signed in)",
        _ => "",
    }
}

fn credentials(error: Option<&str>) -> String {
    let invalid = if error.is_some() {
        " aria-invalid=\"true\" aria-describedby=\"error\""
    } else {
        ""
    };
    format!(
        "<label for=\"username\">Username</label>\
<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus{invalid}>\
<label for=\"password\">Password</label>\
<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required{invalid}>"
    )
}

/// The sign-in and consent form for an authorization request.
pub fn login(
    p: &Provider,
    client: &Client,
    req: &Pending,
    tx: &str,
    error: Option<&str>,
) -> String {
    let _ = p;
    let body = format!(
        "<h1>Sign in</h1>{err}\
<p>The application <strong>{client}</strong> wants you to sign in.</p>{scopes}{details}\
<form method=\"post\" action=\"/login\">\
<input type=\"hidden\" name=\"tx\" value=\"{tx}\">{creds}\
<div class=\"actions\">\
<button class=\"primary\" type=\"submit\" name=\"action\" value=\"approve\">Sign in and allow</button>\
<button class=\"secondary\" type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>Deny</button>\
</div></form>\
<p><small>oauthctl serve: a local provider for development. Built-in user: demo / demo.</small></p>",
        err = error_block(error),
        client = esc(&client.client_id),
        scopes = scope_list(&req.scopes),
        details = details_list(req.authorization_details.as_ref()),
        tx = esc(tx),
        creds = credentials(error),
    );
    page("Sign in", &body)
}

/// The device verification page: enter the code, sign in, allow or deny.
pub fn device(
    p: &Provider,
    user_code: &str,
    device: Option<&Device>,
    error: Option<&str>,
) -> String {
    let about = match device {
        Some(d) => format!(
            "<p>The device of <strong>{}</strong> wants you to sign in.</p>{}",
            esc(&d.client_id),
            scope_list(&d.scopes)
        ),
        None => "<p>Enter the code shown on your device.</p>".into(),
    };
    let creds = if p.auto_approve {
        "<p><small>This provider approves as its default user (--auto-approve).</small></p>"
            .to_owned()
    } else {
        credentials(error.filter(|e| e.contains("password")))
    };
    let body = format!(
        "<h1>Connect a device</h1>{err}{about}\
<form method=\"post\" action=\"/device\">\
<label for=\"user_code\">Code from your device</label>\
<input id=\"user_code\" name=\"user_code\" value=\"{code}\" autocomplete=\"one-time-code\" \
autocapitalize=\"characters\" spellcheck=\"false\" required>{creds}\
<div class=\"actions\">\
<button class=\"primary\" type=\"submit\" name=\"action\" value=\"approve\">Allow</button>\
<button class=\"secondary\" type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>Deny</button>\
</div></form>",
        err = error_block(error),
        code = esc(user_code),
    );
    page("Connect a device", &body)
}

/// A page with a title and one message.
pub fn message(_p: &Provider, title: &str, text: &str) -> String {
    page(
        title,
        &format!("<h1>{}</h1><p>{}</p>", esc(title), esc(text)),
    )
}

/// The index page: what this provider is and where its endpoints are.
pub fn index(p: &Provider) -> String {
    let links: String = ["/.well-known/openid-configuration", "/jwks", "/device"]
        .iter()
        .map(|path| {
            format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(path),
                esc(&p.url(path))
            )
        })
        .collect();
    page(
        "oauthctl serve",
        &format!(
            "<h1>oauthctl serve</h1><p>A local OpenID provider for development and tests. \
Issuer: <code>{}</code></p><ul>{links}</ul>",
            esc(&p.issuer)
        ),
    )
}

/// The script that submits a form-post response page.
const SUBMIT_SCRIPT: &str = "document.forms[0].submit()";

/// A form-post response (OAuth 2.0 Form Post Response Mode §2): a page
/// whose form POSTs the parameters to the client's redirect URI, submitted
/// by a script the Content-Security-Policy allows by its hash, or by hand
/// without JavaScript.
pub fn form_post(redirect_uri: &str, params: &[(&str, String)]) -> super::wire::Resp {
    use base64::Engine;
    let fields: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                esc(k),
                esc(v)
            )
        })
        .collect();
    let body = format!(
        "<h1>Returning to the application</h1>\
<form method=\"post\" action=\"{}\">{fields}\
<noscript><button class=\"primary\" type=\"submit\">Continue</button></noscript></form>\
<script>{SUBMIT_SCRIPT}</script>",
        esc(redirect_uri)
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, SUBMIT_SCRIPT.as_bytes()).as_ref(),
    );
    let mut r = super::wire::Resp::html(200, page("Returning to the application", &body));
    for h in &mut r.headers {
        if h.0 == "Content-Security-Policy" {
            h.1 = format!(
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; \
                 frame-ancestors 'none'"
            );
        }
    }
    r
}
