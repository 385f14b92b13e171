//! Shell words in messages: the commands oauthctl tells a user to run
//! (`oauthctl -p NAME login`) must paste back as they were meant.
//! Foundation: imports nothing of oauthctl's.

/// Quote a word for a shell command line in a message, when it needs it.
pub fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
