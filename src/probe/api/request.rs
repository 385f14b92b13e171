//! The requests `probe api` sends: where the token goes, how a request is
//! built and described, and the evidence an answer gives.

use serde_json::Value;

use super::super::classify::{Calibration, Fingerprint, Reading};
use super::super::variants::Crafted;
use super::super::{Evidence, Planned};
use super::ApiOptions;
use crate::error::Result;
use crate::http::{Method, Request, Response};
use crate::jwt::Parsed;

/// Where the token goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    Header,
    Query,
    Form,
    None,
}

/// One request to send.
#[derive(Debug, Clone)]
pub(super) struct Attempt {
    pub check: &'static str,
    pub label: String,
    pub token: Option<String>,
    pub placement: Placement,
    /// The key server path this variant names (jku/x5u).
    pub hit_path: Option<String>,
}

impl Attempt {
    /// A crafted token in the Authorization header.
    pub fn header(check: &'static str, c: Crafted) -> Attempt {
        Attempt::new(check, c.label, Some(c.token), Placement::Header)
    }

    pub fn new(
        check: &'static str,
        label: impl Into<String>,
        token: Option<String>,
        placement: Placement,
    ) -> Attempt {
        Attempt {
            check,
            label: label.into(),
            token,
            placement,
            hit_path: None,
        }
    }

    /// The request, with the token where this attempt puts it.
    pub fn request(&self, opts: &ApiOptions) -> Request {
        let mut req = Request {
            method: opts.method,
            url: opts.url.clone(),
            headers: opts.headers.clone(),
            body: opts.data.clone(),
            body_has_secrets: false,
            what: format!("probing ({})", self.check),
        };
        let Some(token) = &self.token else { return req };
        match self.placement {
            Placement::Header => req
                .headers
                .push(("Authorization".into(), format!("Bearer {token}"))),
            Placement::Query => {
                let sep = if req.url.contains('?') { '&' } else { '?' };
                req.url = format!("{}{sep}access_token={token}", req.url);
            }
            Placement::Form => {
                req.method = Method::Post;
                req.headers.push((
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
                req.body = Some(format!("access_token={token}").into_bytes());
                req.body_has_secrets = true;
            }
            Placement::None => {}
        }
        req
    }

    /// Method, URL and where the token goes, for reports.
    pub fn describe(&self, opts: &ApiOptions) -> String {
        let where_ = match self.placement {
            Placement::Header => "token in the Authorization header",
            Placement::Query => "token in the access_token query parameter",
            Placement::Form => "token in an access_token form body",
            Placement::None if self.token.is_none() => "no token",
            Placement::None => "",
        };
        let method = if self.placement == Placement::Form {
            Method::Post
        } else {
            opts.method
        };
        format!("{} {}, {where_}", method.as_str(), opts.url)
    }

    /// This attempt in a `--dry-run` plan, under `check`.
    pub fn planned(&self, check: &'static str, opts: &ApiOptions) -> Planned {
        Planned {
            check,
            variant: self.label.clone(),
            request: self.describe(opts),
        }
    }

    /// The evidence of an answer to this attempt, read as `reading`.
    pub fn evidence(
        &self,
        opts: &ApiOptions,
        resp: &Result<Response>,
        reading: &Reading,
    ) -> Evidence {
        Evidence {
            variant: self.label.clone(),
            request: self.describe(opts),
            token_header: self.token.as_deref().and_then(token_header),
            reading: reading.describe(),
            ..Evidence::default()
        }
        .answer(resp)
    }
}

fn token_header(token: &str) -> Option<Value> {
    match crate::jwt::parse(token) {
        Ok(Parsed::Jws(j)) => Some(Value::Object(j.header)),
        _ => None,
    }
}

/// How calibration reads an answer.
pub(super) fn read(cal: &Calibration, resp: &Result<Response>) -> Reading {
    match resp {
        Ok(r) => cal.read(&Fingerprint::of(r)),
        Err(e) => Reading::Unclear(format!("the request failed: {}", crate::error::chain(e))),
    }
}
