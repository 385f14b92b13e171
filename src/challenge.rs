//! `WWW-Authenticate` challenges, parsed in one place (RFC 9110 §11.6.1),
//! with the parameters resources send: RFC 6750 (`error`,
//! `error_description`, `scope`), RFC 9728 (`resource_metadata`) and
//! RFC 9470 (`acr_values`, `max_age`).
//!
//! Use:
//! ```
//! use oauthctl::challenge::{parse, bearer};
//! let cs = parse(r#"Bearer realm="api", error="insufficient_scope", scope="read write""#).unwrap();
//! let b = bearer(&cs).unwrap();
//! assert_eq!(b.error(), Some("insufficient_scope"));
//! assert_eq!(b.scopes(), vec!["read", "write"]);
//! ```
//!
//! [`parse`] never panics: a header oauthctl cannot read is a
//! [`ChallengeError`] naming the position. [`Challenge::login_command`]
//! gives the `oauthctl login` command line that answers an
//! `insufficient_scope` or `insufficient_user_authentication` challenge.
//! Foundation: imports nothing of oauthctl's but [`crate::shell`].

use std::fmt;

use crate::shell::shell_word;

/// One challenge: an auth scheme with either a token68 or auth-params.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The auth scheme as the server wrote it (compare with
    /// [`Challenge::is`], schemes are case-insensitive).
    pub scheme: String,
    /// The token68 form (`Negotiate abc==`), when the challenge has one.
    pub token68: Option<String>,
    /// The auth-params in order; names lower-cased (they are
    /// case-insensitive), values unquoted and unescaped.
    pub params: Vec<(String, String)>,
}

/// A header that is not a list of challenges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeError {
    /// Character offset where reading stopped.
    pub at: usize,
    /// What was wrong there.
    pub detail: String,
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.detail, self.at)
    }
}

impl std::error::Error for ChallengeError {}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token68_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/".contains(c)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn err(&self, detail: impl Into<String>) -> ChallengeError {
        ChallengeError {
            at: self.pos,
            detail: detail.into(),
        }
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    /// Skip whitespace and empty list elements (RFC 9110 §5.6.1 lets a
    /// recipient accept `a, , b`).
    fn skip_separators(&mut self) -> bool {
        let mut comma = false;
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => self.pos += 1,
                ',' => {
                    comma = true;
                    self.pos += 1
                }
                _ => break,
            }
        }
        comma
    }

    fn token(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn quoted(&mut self) -> Result<String, ChallengeError> {
        // At the opening quote.
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated quoted string")),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c) if c == '\t' || !c.is_control() => {
                            out.push(c);
                            self.pos += 1;
                        }
                        None => return Err(self.err("unterminated quoted string")),
                        Some(_) => return Err(self.err("control character in quoted string")),
                    }
                }
                Some(c) if c == '\t' || !c.is_control() => {
                    out.push(c);
                    self.pos += 1;
                }
                Some(_) => return Err(self.err("control character in quoted string")),
            }
        }
    }

    /// After `name` BWS `=` BWS: a token or a quoted string.
    fn value(&mut self) -> Result<String, ChallengeError> {
        match self.peek() {
            Some('"') => self.quoted(),
            Some(c) if is_tchar(c) => Ok(self.token()),
            Some(c) => Err(self.err(format!("unexpected {c:?} where a parameter value belongs"))),
            None => Err(self.err("a parameter without a value")),
        }
    }

    /// At the end of an element: only whitespace, then a comma or the end.
    fn end_of_element(&mut self) -> Result<(), ChallengeError> {
        self.skip_ows();
        match self.peek() {
            None | Some(',') => Ok(()),
            Some(c) => Err(self.err(format!("unexpected {c:?}"))),
        }
    }

    /// Right after a scheme and its whitespace: a token68, an auth-param,
    /// or nothing. Returns the token68 or pushes the param.
    fn first_item(&mut self, challenge: &mut Challenge) -> Result<(), ChallengeError> {
        let start = self.pos;
        let name = self.token();
        if name.is_empty() {
            // Not a token: a token68 may still start with '/' or similar,
            // which are all tchars except '/'.
            return self.token68(challenge, start);
        }
        let after_name = self.pos;
        self.skip_ows();
        if self.peek() == Some('=') {
            self.pos += 1;
            self.skip_ows();
            match self.peek() {
                // `abc=`, `abc==`, `abc=,`: a token68 with padding.
                None | Some(',') | Some('=') => self.token68(challenge, start),
                _ => {
                    let value = self.value()?;
                    challenge.params.push((name.to_ascii_lowercase(), value));
                    self.end_of_element()
                }
            }
        } else {
            self.pos = after_name;
            self.token68(challenge, start)
        }
    }

    fn token68(&mut self, challenge: &mut Challenge, start: usize) -> Result<(), ChallengeError> {
        self.pos = start;
        while self.peek().is_some_and(is_token68_char) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.err(match self.peek() {
                Some(c) => format!("unexpected {c:?} after the scheme"),
                None => "unexpected end".into(),
            }));
        }
        while self.peek() == Some('=') {
            self.pos += 1;
        }
        challenge.token68 = Some(self.chars[start..self.pos].iter().collect());
        self.end_of_element()
    }
}

/// Parse a `WWW-Authenticate` value (or several joined with commas) into
/// its challenges.
pub fn parse(header: &str) -> Result<Vec<Challenge>, ChallengeError> {
    let mut p = Parser {
        chars: header.chars().collect(),
        pos: 0,
    };
    let mut out: Vec<Challenge> = Vec::new();
    loop {
        p.skip_separators();
        if p.peek().is_none() {
            break;
        }
        let name_at = p.pos;
        let name = p.token();
        if name.is_empty() {
            return Err(p.err(match p.peek() {
                Some(c) => format!("unexpected {c:?} where an auth scheme belongs"),
                None => "unexpected end".into(),
            }));
        }
        let after_name = p.pos;
        p.skip_ows();
        // `name = value` after a comma: another param of the challenge
        // being read (unless it has a token68, which takes no params).
        if p.peek() == Some('=') {
            let Some(current) = out.last_mut() else {
                p.pos = name_at;
                return Err(p.err("a parameter before any auth scheme"));
            };
            if current.token68.is_some() {
                p.pos = name_at;
                return Err(p.err("a parameter after a token68"));
            }
            p.pos += 1;
            p.skip_ows();
            let value = p.value()?;
            let key = name.to_ascii_lowercase();
            if current.params.iter().any(|(k, _)| *k == key) {
                p.pos = name_at;
                return Err(p.err(format!("parameter {key} given twice in one challenge")));
            }
            current.params.push((key, value));
            p.end_of_element()?;
            continue;
        }
        // A new challenge.
        let mut challenge = Challenge {
            scheme: name,
            token68: None,
            params: Vec::new(),
        };
        if p.pos > after_name && !matches!(p.peek(), None | Some(',')) {
            p.first_item(&mut challenge)?;
        } else if !matches!(p.peek(), None | Some(',')) {
            return Err(p.err("expected a space after the auth scheme"));
        }
        out.push(challenge);
    }
    if out.is_empty() {
        return Err(ChallengeError {
            at: 0,
            detail: "no challenge".into(),
        });
    }
    Ok(out)
}

/// The first `Bearer` challenge (RFC 6750), if any.
pub fn bearer(challenges: &[Challenge]) -> Option<&Challenge> {
    challenges.iter().find(|c| c.is("Bearer"))
}

/// The first `Bearer` or `DPoP` challenge: the schemes whose parameters
/// RFC 6750, RFC 9449, RFC 9728 and RFC 9470 define.
pub fn oauth(challenges: &[Challenge]) -> Option<&Challenge> {
    challenges.iter().find(|c| c.is("Bearer") || c.is("DPoP"))
}

/// What a `login` run must ask for to satisfy a challenge (RFC 6750 §3.1
/// `insufficient_scope`, RFC 9470 `insufficient_user_authentication`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepUp {
    /// The scopes the resource asks for (`scope`).
    pub scopes: Vec<String>,
    /// `acr_values` asked for.
    pub acr_values: Option<String>,
    /// `max_age` asked for, in seconds.
    pub max_age: Option<u64>,
}

impl Challenge {
    /// Whether the scheme is `scheme` (case-insensitive).
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// A parameter's value (`name` case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `realm`.
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// `error` (RFC 6750 §3: invalid_request, invalid_token,
    /// insufficient_scope; RFC 9470: insufficient_user_authentication).
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }

    /// `error_description`.
    pub fn error_description(&self) -> Option<&str> {
        self.param("error_description")
    }

    /// `scope`, as written.
    pub fn scope(&self) -> Option<&str> {
        self.param("scope")
    }

    /// `scope` split on spaces.
    pub fn scopes(&self) -> Vec<&str> {
        self.scope()
            .map(|s| s.split_ascii_whitespace().collect())
            .unwrap_or_default()
    }

    /// `resource_metadata` (RFC 9728 §5.1): the URL of the resource's
    /// protected-resource metadata.
    pub fn resource_metadata(&self) -> Option<&str> {
        self.param("resource_metadata")
    }

    /// `acr_values` (RFC 9470 §3).
    pub fn acr_values(&self) -> Option<&str> {
        self.param("acr_values")
    }

    /// `max_age` (RFC 9470 §3), when it is a number of seconds.
    pub fn max_age(&self) -> Option<u64> {
        self.param("max_age").and_then(|v| v.trim().parse().ok())
    }

    /// What a new sign-in must ask for, when the challenge is a step-up
    /// (`insufficient_scope` or `insufficient_user_authentication`) that
    /// says what it wants; `None` otherwise.
    pub fn step_up(&self) -> Option<StepUp> {
        match self.error() {
            Some("insufficient_scope") | Some("insufficient_user_authentication") => {}
            _ => return None,
        }
        let step = StepUp {
            scopes: self.scopes().into_iter().map(str::to_owned).collect(),
            acr_values: self.acr_values().map(str::to_owned),
            max_age: self.max_age(),
        };
        (step != StepUp::default()).then_some(step)
    }

    /// The `oauthctl login` command that satisfies a step-up challenge:
    /// `prefix` is what comes before `login` (`oauthctl -p work`), and
    /// `resource`, when given, is passed as `--resource`. `None` when the
    /// challenge is no step-up or does not say what it wants.
    pub fn login_command(&self, prefix: &str, resource: Option<&str>) -> Option<String> {
        let step = self.step_up()?;
        let mut cmd = format!("{prefix} login");
        if let Some(r) = resource {
            cmd.push_str(&format!(" --resource {}", shell_word(r)));
        }
        if !step.scopes.is_empty() {
            cmd.push_str(&format!(" --scope {}", shell_word(&step.scopes.join(" "))));
        }
        if let Some(acr) = &step.acr_values {
            cmd.push_str(&format!(" --acr-values {}", shell_word(acr)));
        }
        if let Some(age) = step.max_age {
            cmd.push_str(&format!(" --max-age {age}"));
        }
        Some(cmd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(h: &str) -> Challenge {
        let mut v = parse(h).unwrap();
        assert_eq!(v.len(), 1, "{v:?}");
        v.remove(0)
    }

    #[test]
    fn a_bearer_challenge_with_rfc_6750_and_9728_params() {
        let c = one(
            r#"Bearer realm="example", error="invalid_token", error_description="The access token expired", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp""#,
        );
        assert!(c.is("bearer"));
        assert_eq!(c.realm(), Some("example"));
        assert_eq!(c.error(), Some("invalid_token"));
        assert_eq!(c.error_description(), Some("The access token expired"));
        assert_eq!(
            c.resource_metadata(),
            Some("https://api.example.com/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(c.token68, None);
    }

    #[test]
    fn several_challenges_in_one_header() {
        let v = parse(
            r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple", DPoP algs="ES256 PS256", Bearer scope="a b""#,
        )
        .unwrap();
        let schemes: Vec<_> = v.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["Newauth", "Basic", "DPoP", "Bearer"]);
        assert_eq!(v[0].param("type"), Some("1"));
        assert_eq!(v[0].param("title"), Some(r#"Login to "apps""#));
        assert_eq!(v[1].realm(), Some("simple"));
        assert_eq!(v[2].param("algs"), Some("ES256 PS256"));
        assert_eq!(bearer(&v).unwrap().scopes(), ["a", "b"]);
        assert!(oauth(&v).unwrap().is("DPoP"));
    }

    #[test]
    fn commas_and_equals_inside_quoted_strings_stay_in_the_value() {
        let c = one(r#"Bearer error_description="a, b=c, Basic x", scope="x""#);
        assert_eq!(c.error_description(), Some("a, b=c, Basic x"));
        assert_eq!(c.scope(), Some("x"));
    }

    #[test]
    fn escaped_quotes_and_backslashes() {
        let c = one(r#"Bearer realm="a \"quoted\" \\ word", error=x"#);
        assert_eq!(c.realm(), Some(r#"a "quoted" \ word"#));
        assert_eq!(c.error(), Some("x"));
    }

    #[test]
    fn token68_forms() {
        let v = parse("Negotiate YIIC+w/ab==, Basic").unwrap();
        assert_eq!(v[0].token68.as_deref(), Some("YIIC+w/ab=="));
        assert!(v[0].params.is_empty());
        assert!(v[1].is("basic") && v[1].token68.is_none() && v[1].params.is_empty());
        assert_eq!(one("Foo abc").token68.as_deref(), Some("abc"));
        assert_eq!(one("Foo abc=").token68.as_deref(), Some("abc="));
        assert_eq!(one("Foo /abc").token68.as_deref(), Some("/abc"));
        // `realm=` alone is a token68 by the grammar, not an empty param.
        assert_eq!(one("Bearer realm=").token68.as_deref(), Some("realm="));
    }

    #[test]
    fn odd_spacing_and_case() {
        let v = parse(
            "  bEaReR   REALM = \"x\" ,ERROR=insufficient_scope ,,  Scope=\t\"read\" , dpop  algs=ES256 ",
        )
        .unwrap();
        assert_eq!(v.len(), 2);
        assert!(v[0].is("Bearer"));
        assert_eq!(v[0].realm(), Some("x"));
        assert_eq!(v[0].error(), Some("insufficient_scope"));
        assert_eq!(v[0].scope(), Some("read"));
        assert_eq!(v[0].params[0].0, "realm");
        assert_eq!(v[1].param("ALGS"), Some("ES256"));
    }

    #[test]
    fn a_bare_scheme_then_more_schemes() {
        let v = parse("Bearer, Basic realm=x").unwrap();
        assert_eq!(v.len(), 2);
        assert!(v[0].params.is_empty());
        assert_eq!(v[1].realm(), Some("x"));
    }

    #[test]
    fn unicode_in_quoted_strings() {
        let c = one("Bearer error_description=\"zu groß — bitte\"");
        assert_eq!(c.error_description(), Some("zu groß — bitte"));
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for bad in [
            "",
            "   ",
            ",,,",
            "=x",
            "realm=\"x\"",
            "Bearer realm=\"unterminated",
            "Bearer realm=\"ends in backslash\\",
            "Bearer realm=\"a\" junk",
            "Bearer realm=\"a\", realm=\"b\"",
            "Bearer \"quoted\"",
            "Bearer realm=\"a\u{1}b\"",
            "Bearer realm=x\u{0}",
            "Negotiate abc==, realm=x",
            "Bearer a b",
            "Bearer realm=@",
            "(Bearer)",
            "Bearer;realm=x",
            "Bearer realm=\"x\"\"y\"",
        ] {
            let r = parse(bad);
            assert!(r.is_err(), "{bad:?} parsed as {r:?}");
            assert!(!r.unwrap_err().to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A small deterministic fuzz over the characters that matter.
        let alphabet: Vec<char> = "Bb =,\"\\\t/a1é\u{7}".chars().collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let mut s = String::new();
            let mut x = seed;
            for _ in 0..len {
                s.push(alphabet[(x % alphabet.len() as u64) as usize]);
                x = x.rotate_right(5).wrapping_mul(31).wrapping_add(7);
            }
            let _ = parse(&s);
        }
    }

    #[test]
    fn step_up_names_the_login_command() {
        let c = one(
            r#"Bearer error="insufficient_scope", scope="files:read files:write", error_description="need write""#,
        );
        assert_eq!(
            c.login_command("oauthctl -p work", None).unwrap(),
            "oauthctl -p work login --scope 'files:read files:write'"
        );
        let c = one(
            r#"Bearer error="insufficient_user_authentication", acr_values="urn:mace:incommon:iap:silver", max_age="300""#,
        );
        assert_eq!(c.max_age(), Some(300));
        assert_eq!(
            c.login_command("oauthctl", Some("https://api.example.com/mcp"))
                .unwrap(),
            "oauthctl login --resource https://api.example.com/mcp --acr-values urn:mace:incommon:iap:silver --max-age 300"
        );
    }

    #[test]
    fn no_login_command_for_other_errors_or_empty_step_ups() {
        assert!(
            one(r#"Bearer error="invalid_token""#)
                .login_command("oauthctl", None)
                .is_none()
        );
        assert!(
            one(r#"Bearer error="insufficient_scope""#)
                .login_command("oauthctl", None)
                .is_none()
        );
        assert!(one(r#"Bearer realm="x""#).step_up().is_none());
        assert_eq!(one("Bearer max_age=soon").max_age(), None);
    }
}
