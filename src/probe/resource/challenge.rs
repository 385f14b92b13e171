//! A stand-in for the shared `WWW-Authenticate` parser (`crate::challenge`,
//! issue 15's helper `resource`) until it is merged: RFC 9110 §11.6.1
//! challenges with auth-params (tokens or quoted strings with escapes).

/// One challenge: its scheme and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The auth-scheme (`Bearer`, `DPoP`).
    pub scheme: String,
    /// The auth-params, names lowercase, in order.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of a parameter (name compared without case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Every challenge in a header value; what cannot be parsed is skipped.
pub fn parse(header: &str) -> Vec<Challenge> {
    let s: Vec<char> = header.chars().collect();
    let mut i = 0;
    let mut out: Vec<Challenge> = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < s.len() && (s[*i] == ' ' || s[*i] == '\t') {
            *i += 1;
        }
    };
    let token = |i: &mut usize| {
        let start = *i;
        while *i < s.len() && is_tchar(s[*i]) {
            *i += 1;
        }
        s[start..*i].iter().collect::<String>()
    };
    while i < s.len() {
        skip_ws(&mut i);
        while i < s.len() && (s[i] == ',' || s[i] == ' ') {
            i += 1;
        }
        let name = token(&mut i);
        if name.is_empty() {
            i += 1;
            continue;
        }
        skip_ws(&mut i);
        if i < s.len() && s[i] == '=' {
            // A parameter of the current challenge.
            i += 1;
            skip_ws(&mut i);
            let value = if i < s.len() && s[i] == '"' {
                i += 1;
                let mut v = String::new();
                while i < s.len() && s[i] != '"' {
                    if s[i] == '\\' && i + 1 < s.len() {
                        i += 1;
                    }
                    v.push(s[i]);
                    i += 1;
                }
                i += 1;
                v
            } else {
                let start = i;
                while i < s.len() && s[i] != ',' && s[i] != ' ' {
                    i += 1;
                }
                s[start..i].iter().collect()
            };
            if let Some(c) = out.last_mut() {
                c.params.push((name.to_ascii_lowercase(), value));
            }
        } else {
            out.push(Challenge {
                scheme: name,
                params: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_challenges_with_quoted_params() {
        let c = parse(
            r#"Bearer resource_metadata="http://x/m", error="invalid_token", error_description="a \"b\", c", DPoP algs="ES256 RS256""#,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, "Bearer");
        assert_eq!(c[0].param("resource_metadata"), Some("http://x/m"));
        assert_eq!(c[0].param("error_description"), Some("a \"b\", c"));
        assert_eq!(c[1].param("algs"), Some("ES256 RS256"));
        assert_eq!(parse("Bearer")[0].params.len(), 0);
    }
}
