//! Glob patterns for claim values and trust rules: `*` matches any run of
//! characters (`/` and `:` included, so `repo:acme/*` matches every
//! repository and ref of `acme`), `?` exactly one character, and every
//! other character itself. No escapes and no character classes: a claim
//! value such as a GitHub `sub` has no `*` or `?` of its own. Foundation:
//! shared by `validate --claim` and `serve`'s trust rules, so both answer
//! the same for the same pattern.

/// Whether `pattern` contains a wildcard (`*` or `?`); one without is an
/// exact comparison.
pub fn is_pattern(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Whether `text` matches `pattern` as a whole (anchored at both ends).
/// Iterative, with one backtrack point: linear in practice and never
/// exponential, whatever the pattern.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    // The position after the last `*` and the text position it stood for.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((after, from)) => {
                    pi = after;
                    ti = from + 1;
                    star = Some((after, from + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_patterns_compare_exactly() {
        assert!(matches("repo:acme/app", "repo:acme/app"));
        assert!(!matches("repo:acme/app", "repo:acme/app2"));
        assert!(!matches("repo:acme/app", "repo:acme/ap"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(!is_pattern("repo:acme/app"));
    }

    #[test]
    fn star_crosses_slashes_and_colons() {
        let p = "repo:acme/*:ref:refs/heads/main";
        assert!(is_pattern(p));
        assert!(matches(p, "repo:acme/app:ref:refs/heads/main"));
        assert!(matches(p, "repo:acme/a/b:c:ref:refs/heads/main"));
        assert!(!matches(p, "repo:acme/app:ref:refs/heads/dev"));
        assert!(!matches(p, "repo:evil/app:ref:refs/heads/main"));
        assert!(!matches(p, "repo:acme/app:ref:refs/heads/main2"));
        assert!(matches("*", ""));
        assert!(matches("**", "anything"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn question_mark_is_one_character() {
        assert!(matches("v?", "v1"));
        assert!(!matches("v?", "v"));
        assert!(!matches("v?", "v12"));
        assert!(matches("é?", "éü"), "characters, not bytes");
    }

    #[test]
    fn many_stars_stay_fast() {
        let text = "a".repeat(10_000);
        let pattern = format!("{}b", "*a".repeat(50));
        assert!(!matches(&pattern, &text));
    }
}
