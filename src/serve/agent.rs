//! The demo user's user agent: what a person with a browser does on this
//! provider, done over HTTP, so `demo` walks the interactive flows on a
//! machine with no browser and nobody at the keyboard.
//!
//! It signs in only where the provider approves on its own
//! (`--auto-approve`): it follows the authorization redirect back to the
//! client's loopback listener, and it approves a device code on the
//! verification page. It never reads the provider's memory: everything it
//! does goes through the same pages a browser would load. It does not
//! print; what went wrong is kept for [`DemoUser::problems`].

use std::sync::{Arc, Mutex};

use crate::browser::UserAgent;
use crate::http::{HttpClient, Method, Request};

/// The user agent of `demo`, on one HTTP client (whose trace shows its
/// requests beside the client's).
pub struct DemoUser {
    http: Arc<HttpClient>,
    problems: Mutex<Vec<String>>,
}

impl DemoUser {
    /// A user agent that sends its requests through `http`.
    pub fn new(http: Arc<HttpClient>) -> DemoUser {
        DemoUser {
            http,
            problems: Mutex::new(Vec::new()),
        }
    }

    /// What went wrong so far, in order.
    pub fn problems(&self) -> Vec<String> {
        self.problems
            .lock()
            .map(|p| p.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    fn problem(&self, p: String) {
        match self.problems.lock() {
            Ok(mut v) => v.push(p),
            Err(poisoned) => poisoned.into_inner().push(p),
        }
    }

    /// Load the authorization URL and follow its redirect (one hop, as a
    /// browser would) to the client's redirect URI.
    fn sign_in(&self, url: &str) -> Result<(), String> {
        let page = Request::get("loading the authorization page", url, "text/html");
        let resp = self
            .http
            .send_no_redirect(&page)
            .map_err(|e| crate::error::chain(&e))?;
        let location = resp
            .header("location")
            .filter(|_| (300..400).contains(&resp.status))
            .ok_or_else(|| {
                format!(
                    "the authorization page answered HTTP {} without a redirect (does the \
                     provider approve on its own? demo starts it with auto-approve)",
                    resp.status
                )
            })?;
        let next = url::Url::parse(url)
            .and_then(|u| u.join(location))
            .map_err(|e| format!("the redirect to {location:?} is not a URL: {e}"))?;
        let back = Request::get("returning to the client", next.as_str(), "text/html");
        let resp = self
            .http
            .send_no_redirect(&back)
            .map_err(|e| crate::error::chain(&e))?;
        if resp.status != 200 {
            return Err(format!(
                "the client's redirect URI answered HTTP {}",
                resp.status
            ));
        }
        Ok(())
    }

    /// Open the verification page with the code, then press Allow.
    fn approve(&self, verification_uri: &str, user_code: &str) -> Result<(), String> {
        let mut page = url::Url::parse(verification_uri)
            .map_err(|e| format!("the verification URI is not a URL: {e}"))?;
        page.query_pairs_mut().append_pair("user_code", user_code);
        let resp = self
            .http
            .send(&Request::get(
                "loading the verification page",
                page.as_str(),
                "text/html",
            ))
            .map_err(|e| crate::error::chain(&e))?;
        if resp.status != 200 {
            return Err(format!(
                "the verification page answered HTTP {}",
                resp.status
            ));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("user_code", user_code)
            .append_pair("action", "approve")
            .finish();
        let resp = self
            .http
            .send_no_redirect(&Request {
                method: Method::Post,
                url: verification_uri.to_owned(),
                headers: vec![(
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                )],
                body: Some(body.into_bytes()),
                body_has_secrets: false,
                what: "approving the device".into(),
            })
            .map_err(|e| crate::error::chain(&e))?;
        let text = String::from_utf8_lossy(&resp.body);
        if resp.status != 200 || !text.contains("Device approved") {
            return Err(format!(
                "the verification page did not approve the code (HTTP {})",
                resp.status
            ));
        }
        Ok(())
    }
}

impl UserAgent for DemoUser {
    fn open(&self, url: &str) {
        if let Err(e) = self.sign_in(url) {
            self.problem(format!("signing in: {e}"));
        }
    }

    fn enter_code(&self, verification_uri: &str, user_code: &str) {
        if let Err(e) = self.approve(verification_uri, user_code) {
            self.problem(format!("approving the device code: {e}"));
        }
    }
}
