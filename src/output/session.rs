//! Rendering sign-ins (`login`, `device`): who signed in, the granted
//! scopes and the expiry; and the device flow's conversation on stderr (the
//! code, the QR code, the spinner).

use std::cell::Cell;
use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Style, paint, printable};
use crate::clock::{Clock, format_instant, relative};
use crate::flows::TokenSet;

/// A sign-in, as shown to the user: no token in it.
#[derive(Debug, Serialize)]
pub struct SignedIn {
    /// The issuer.
    pub issuer: String,
    /// The client ID.
    pub client_id: String,
    /// `sub` from the validated ID token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// `name`, when the ID token has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `email`, when the ID token has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The granted scopes (the requested ones when the server did not say,
    /// RFC 6749 §5.1).
    pub scope: String,
    /// `token_type`.
    pub token_type: String,
    /// When the access token expires (Unix seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Whether a refresh token came with it (`token` refreshes silently).
    pub refresh_token: bool,
    /// The granted `authorization_details` (RFC 9396 §7), when the server
    /// sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<Value>,
    /// Where the tokens were stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
}

impl SignedIn {
    /// From a sign-in's tokens and validated ID token claims.
    pub fn new(
        issuer: &str,
        client_id: &str,
        requested_scopes: &[String],
        tokens: &TokenSet,
        claims: &Map<String, Value>,
    ) -> SignedIn {
        let claim = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
        SignedIn {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            sub: claim("sub"),
            name: claim("name"),
            email: claim("email"),
            scope: tokens
                .scope
                .clone()
                .unwrap_or_else(|| requested_scopes.join(" ")),
            token_type: tokens.token_type.clone(),
            expires_at: tokens.expires_at,
            refresh_token: tokens.refresh_token.is_some(),
            authorization_details: tokens.authorization_details.clone(),
            stored: None,
        }
    }
}

/// The sign-in as text.
pub fn render_signed_in(w: &mut dyn Write, s: &SignedIn, now: i64) -> io::Result<()> {
    // Names, scopes and the issuer come from the server and its ID token.
    let who = match (&s.name, &s.email) {
        (Some(n), Some(e)) => format!("{n} <{e}>"),
        (Some(n), None) => n.clone(),
        (None, Some(e)) => e.clone(),
        (None, None) => s.sub.clone().unwrap_or_default(),
    };
    let who = printable(&who);
    let issuer = printable(&s.issuer);
    if s.sub.is_some() {
        writeln!(
            w,
            "{} to {} as {}",
            paint(Style::Ok, "Signed in"),
            issuer,
            paint(Style::Str, &who)
        )?;
    } else {
        writeln!(
            w,
            "{} to {} (no ID token: ask for the openid scope to learn who)",
            paint(Style::Ok, "Signed in"),
            issuer
        )?;
    }
    let row = |w: &mut dyn Write, k: &str, v: &str| {
        writeln!(
            w,
            "  {} {}",
            paint(Style::Key, &format!("{k:<8}")),
            printable(v)
        )
    };
    if let Some(sub) = &s.sub {
        row(w, "sub", sub)?;
    }
    row(w, "client", &s.client_id)?;
    row(
        w,
        "scope",
        if s.scope.is_empty() {
            "(none)"
        } else {
            &s.scope
        },
    )?;
    match s.expires_at {
        Some(e) => row(
            w,
            "expires",
            &format!("{} ({})", relative(e, now), format_instant(e)),
        )?,
        None => row(w, "expires", "not said by the server")?,
    }
    row(w, "refresh", if s.refresh_token { "yes" } else { "no" })?;
    if let Some(Value::Array(details)) = &s.authorization_details {
        // The types granted; -o json shows the whole of each.
        let types: Vec<&str> = details
            .iter()
            .map(|d| d.get("type").and_then(Value::as_str).unwrap_or("?"))
            .collect();
        row(w, "details", &types.join(", "))?;
    }
    if s.token_type == "DPoP" {
        // RFC 9449: the key stays with the tokens in the store.
        row(
            w,
            "dpop",
            "the tokens are bound to the DPoP key stored with them",
        )?;
    }
    if let Some(stored) = &s.stored {
        row(w, "stored", stored)?;
    }
    Ok(())
}

/// The device flow's instructions (RFC 8628 §3.3), with a QR code of the
/// complete URI when asked.
pub fn render_device_prompt(
    w: &mut dyn Write,
    verification_uri: &str,
    user_code: &str,
    complete: Option<&str>,
    qr: bool,
) -> io::Result<()> {
    writeln!(
        w,
        "To sign in, open {} and enter the code {}",
        paint(Style::Str, &printable(verification_uri)),
        paint(Style::Heading, &printable(user_code))
    )?;
    if let Some(c) = complete {
        writeln!(w, "or open {}", paint(Style::Str, &printable(c)))?;
        if qr && let Some(code) = qr_code(c) {
            writeln!(w)?;
            w.write_all(code.as_bytes())?;
            writeln!(w)?;
        }
    }
    Ok(())
}

/// A QR code as Unicode half blocks, light on dark as terminals show it.
fn qr_code(data: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .build(),
    )
}

/// A spinner with the time left, on stderr, for the device flow's waits.
/// Off (plain sleeps) when stderr is not a terminal.
pub struct Spinner<'a> {
    clock: &'a dyn Clock,
    enabled: bool,
    expires_at: i64,
    frame: Cell<usize>,
}

const FRAMES: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK: Duration = Duration::from_millis(100);

impl<'a> Spinner<'a> {
    /// A spinner counting down to `expires_at`.
    pub fn new(clock: &'a dyn Clock, enabled: bool, expires_at: i64) -> Spinner<'a> {
        Spinner {
            clock,
            enabled,
            expires_at,
            frame: Cell::new(0),
        }
    }

    /// Wait `d`, animating when enabled.
    pub fn wait(&self, d: Duration) {
        if !self.enabled {
            self.clock.sleep(d);
            return;
        }
        let mut left = d;
        while !left.is_zero() {
            let step = left.min(TICK);
            let secs = (self.expires_at - self.clock.now()).max(0);
            let i = self.frame.get();
            self.frame.set(i.wrapping_add(1));
            let mut err = io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2K{} Waiting for approval… {}:{:02} left",
                FRAMES[i % FRAMES.len()],
                secs / 60,
                secs % 60
            );
            let _ = err.flush();
            drop(err);
            self.clock.sleep(step);
            left -= step;
        }
    }

    /// Erase the spinner line.
    pub fn clear(&self) {
        if self.enabled {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// How `login` tells the user to sign in, after trying to open a browser.
pub struct SignInPrompt<'a> {
    /// The issuer, named when a browser opened.
    pub issuer: &'a str,
    /// The URL the user is shown (the short local one when asked for).
    pub shown: &'a str,
    /// The loopback port, for the SSH and container hints.
    pub port: u16,
    /// The redirect URI the browser must reach.
    pub redirect_uri: &'a str,
    /// The redirect URL can be pasted into this terminal.
    pub paste: bool,
}

impl SignInPrompt<'_> {
    /// The message for what happened (`None`: no browser was wanted).
    pub fn text(&self, opened: Option<&crate::browser::Opened>) -> String {
        use crate::browser::{NoBrowser, Opened};
        let text = self.how(opened);
        if !self.paste {
            return text;
        }
        match opened {
            Some(Opened::NotTried(NoBrowser::Ssh | NoBrowser::Container)) => format!(
                "{text}\nWithout port forwarding: open it in a browser on your own machine, sign \
                 in, and when the browser fails to load {} (it cannot reach this host), copy the \
                 whole address from its address bar, paste it here and press Enter.",
                self.redirect_uri
            ),
            _ => format!(
                "{text}\nIf the browser runs on another machine and cannot reach {} after you \
                 sign in, paste the address it shows here and press Enter.",
                self.redirect_uri
            ),
        }
    }

    /// The message without the paste-back part.
    fn how(&self, opened: Option<&crate::browser::Opened>) -> String {
        use crate::browser::{NoBrowser, Opened};
        let (shown, port) = (self.shown, self.port);
        match opened {
            Some(Opened::Launched) => format!(
                "Opened the browser to sign in at {}. If nothing shows up, open:\n\n  {shown}\n",
                self.issuer
            ),
            Some(Opened::NotTried(NoBrowser::Ssh)) => format!(
                "No browser was opened: this is an SSH session. Either sign in with \
                 `oauthctl device`, or forward the redirect port from your own machine \
                 (ssh -L {port}:127.0.0.1:{port} THIS-HOST) and open there:\n\n  {shown}\n"
            ),
            Some(Opened::NotTried(why @ NoBrowser::Container)) => format!(
                "No browser was opened: {why}. Either sign in \
                 with `oauthctl device`, or publish the redirect port (docker run -p \
                 {port}:{port} …, with --bind 0.0.0.0 --port {port}) and open on the host:\n\n  \
                 {shown}\n"
            ),
            other => {
                let why = match other {
                    Some(Opened::NotTried(why)) => format!("No browser was opened: {why}. "),
                    Some(Opened::Failed(e)) => format!("No browser could be opened ({e}). "),
                    _ => String::new(),
                };
                format!(
                    "{why}Open this URL in a browser on this machine to sign in:\n\n  {shown}\n\n\
                     The browser must reach {} here; to sign in from another device, use \
                     `oauthctl device` instead.",
                    self.redirect_uri
                )
            }
        }
    }
}

/// `logout -o json`.
pub fn logout_json(out: &crate::flows::revocation::LoggedOut, location: &str) -> Value {
    serde_json::json!({
        "revoked": out.revoked,
        "deleted": out.deleted,
        "store": location,
        "end_session_url": out.end_session_url,
    })
}

/// `logout` as text: what was revoked, and that the tokens were deleted.
pub fn render_logout(
    w: &mut dyn Write,
    out: &crate::flows::revocation::LoggedOut,
    location: &str,
) -> io::Result<()> {
    let mut text = String::new();
    for name in &out.revoked {
        text.push_str(&format!("revoked the {name}\n"));
    }
    text.push_str(&format!("deleted the stored tokens ({location})\n"));
    w.write_all(text.as_bytes())
}

/// What to tell the user after trying to open the end-session URL.
pub fn end_session_notice(opened: &crate::browser::Opened, url: &str) -> String {
    use crate::browser::Opened;
    match opened {
        Opened::Launched => format!(
            "Opened the browser to end the session at the issuer. If nothing shows up, open:\n\n  {url}\n"
        ),
        Opened::NotTried(why) => format!(
            "No browser was opened: {why}. To end the session at the issuer, open:\n\n  {url}\n"
        ),
        Opened::Failed(e) => format!(
            "The browser could not be started ({e}). To end the session at the issuer, open:\n\n  {url}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(scope: Option<&str>) -> TokenSet {
        TokenSet {
            access_token: "secret-access-token".into(),
            token_type: "Bearer".into(),
            expires_at: Some(1_000 + 3600),
            expires_in: Some(3600),
            refresh_token: Some("secret-refresh".into()),
            id_token: Some("secret-id-token".into()),
            scope: scope.map(str::to_owned),
            authorization_details: None,
            issued_token_type: None,
        }
    }

    #[test]
    fn the_summary_says_who_and_never_a_token() {
        let mut claims = Map::new();
        claims.insert("sub".into(), "alice".into());
        claims.insert("name".into(), "Alice Example".into());
        claims.insert("email".into(), "alice@example.com".into());
        let s = SignedIn::new(
            "https://as.example",
            "cli",
            &["openid".into(), "email".into()],
            &tokens(None),
            &claims,
        );
        let mut out = Vec::new();
        render_signed_in(&mut out, &s, 1_000).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("Signed in to https://as.example as Alice Example <alice@example.com>"),
            "{text}"
        );
        assert!(text.contains("openid email"), "{text}");
        assert!(text.contains("in 1 h"), "{text}");
        let json = serde_json::to_string(&s).unwrap();
        for t in [&text, &json] {
            assert!(!t.contains("secret"), "{t}");
        }
    }

    #[test]
    fn the_prompt_has_the_code_and_a_qr_code() {
        let mut out = Vec::new();
        render_device_prompt(
            &mut out,
            "https://as.example/device",
            "ABCD-EFGH",
            Some("https://as.example/device?user_code=ABCD-EFGH"),
            true,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("enter the code ABCD-EFGH"), "{text}");
        assert!(
            text.contains('▀') || text.contains('▄') || text.contains('█'),
            "{text}"
        );
    }
}
