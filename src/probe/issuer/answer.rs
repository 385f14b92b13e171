//! Reading the answers of an authorization endpoint.

use crate::error::Result;
use crate::http::Response;

/// How an authorization endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Answer {
    /// Went on towards login or consent: a page, or a redirect that is not
    /// to the redirect URI.
    Proceeds,
    /// Redirected to this redirect URI (the client's), with these
    /// parameters (query or fragment).
    ToClient {
        location: String,
        params: Vec<(String, String)>,
    },
    /// Refused with an error page.
    Refused(u16),
    /// Anything else.
    Unclear(String),
}

impl Answer {
    /// For evidence and summaries.
    pub fn describe(&self) -> String {
        match self {
            Answer::Proceeds => "accepted: went on towards login".into(),
            Answer::ToClient { params, .. } => match param(params, "error") {
                Some(err) => format!("error redirect to the client: {err}"),
                None => "redirected to the client without an error".into(),
            },
            Answer::Refused(s) => format!("refused: HTTP {s}"),
            Answer::Unclear(why) => format!("unclear: {why}"),
        }
    }
}

fn params_of(url: &url::Url) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    if let Some(f) = url.fragment() {
        out.extend(url::form_urlencoded::parse(f.as_bytes()).into_owned());
    }
    out
}

/// The value of a parameter, if present.
pub(super) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Read an authorization response; `client_uris` are the redirect URIs that
/// count as "the client's" for this request.
pub(super) fn read_authz(resp: &Result<Response>, endpoint: &str, client_uris: &[&str]) -> Answer {
    let r = match resp {
        Ok(r) => r,
        Err(e) => {
            return Answer::Unclear(format!("the request failed: {}", crate::error::chain(e)));
        }
    };
    if (300..400).contains(&r.status) {
        let loc = r.header("location").unwrap_or("");
        let Some(abs) = url::Url::parse(endpoint)
            .ok()
            .and_then(|base| base.join(loc).ok())
        else {
            return Answer::Unclear(format!("HTTP {} with an unusable Location", r.status));
        };
        let s = abs.as_str();
        if client_uris.iter().any(|u| {
            s.starts_with(u) && matches!(s.as_bytes().get(u.len()), None | Some(b'?') | Some(b'#'))
        }) {
            return Answer::ToClient {
                location: s.to_owned(),
                params: params_of(&abs),
            };
        }
        return Answer::Proceeds;
    }
    match r.status {
        200 => Answer::Proceeds,
        400..=499 => Answer::Refused(r.status),
        s => Answer::Unclear(format!("HTTP {s}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, location: &str) -> Result<Response> {
        Ok(Response {
            url: "https://idp.test/authorize".into(),
            status,
            headers: vec![("location".into(), location.into())],
            body: Vec::new(),
        })
    }

    #[test]
    fn authorization_answers() {
        let ep = "https://idp.test/authorize";
        let uris = ["https://app.test/cb"];
        assert_eq!(
            read_authz(&resp(302, "/login?x=1"), ep, &uris),
            Answer::Proceeds
        );
        match read_authz(
            &resp(
                302,
                "https://app.test/cb?error=invalid_request&iss=https%3A%2F%2Fidp.test",
            ),
            ep,
            &uris,
        ) {
            Answer::ToClient { params, .. } => {
                assert_eq!(param(&params, "error"), Some("invalid_request"));
                assert_eq!(param(&params, "iss"), Some("https://idp.test"));
            }
            other => panic!("{other:?}"),
        }
        // A longer path is not the client's URI.
        assert_eq!(
            read_authz(&resp(302, "https://app.test/cb2?code=x"), ep, &uris),
            Answer::Proceeds
        );
        assert_eq!(read_authz(&resp(400, ""), ep, &uris), Answer::Refused(400));
    }
}
