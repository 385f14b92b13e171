//! Rendering: human text with colour, one JSON document, and (later) SARIF.
//!
//! Capabilities return values; this module turns them into text. Colour is
//! decided once ([`color_enabled`]) and styles are semantic ([`Style`]), so
//! no colour is chosen anywhere else. Printers write to any `Write`, so
//! tests capture them. Stdout carries the product; diagnostics go to stderr
//! through [`Printer::notice`] and [`Printer::warn`].

pub mod demo;
pub mod fetch;
pub mod probe;
pub mod provider;
pub mod serve;
pub mod session;
pub mod store;
pub mod token;

use std::io::{self, Write};

use colored::{ColoredString, Colorize};
use serde::Serialize;

use crate::cli::ColorChoice;

/// Whether to colour a stream, from `--color`, `NO_COLOR`, `TERM=dumb` and
/// whether the stream is a terminal.
pub fn color_enabled(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
            is_terminal && !no_color && !dumb
        }
    }
}

pub use crate::shell::shell_word;

/// Untrusted text (from a token or a server) made safe to print: control
/// characters, escape sequences and bidirectional overrides escaped, so a
/// claim cannot forge a line of a report nor drive the terminal. Every
/// text renderer passes such values through it; the error messages of
/// `error` use the same function, which lives in the foundation.
pub use crate::secret::printable;

/// The semantic styles: the one place that says what success, failure, a
/// warning or a key looks like.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// A passed check, a valid verdict.
    Ok,
    /// A failed check, an error.
    Fail,
    /// A warning or a check not done.
    Warn,
    /// Something not applicable, secondary text.
    Dim,
    /// A field name.
    Key,
    /// A section heading.
    Heading,
    /// A string value.
    Str,
    /// A number, boolean or null.
    Literal,
}

/// Apply a style to text. Colour is on or off globally (see [`Printer::new`]).
pub fn paint(style: Style, text: &str) -> ColoredString {
    match style {
        Style::Ok => text.green().bold(),
        Style::Fail => text.red().bold(),
        Style::Warn => text.yellow().bold(),
        Style::Dim => text.dimmed(),
        Style::Key => text.cyan(),
        Style::Heading => text.bold().underline(),
        Style::Str => text.green(),
        Style::Literal => text.magenta(),
    }
}

/// Where output goes, and how.
pub struct Printer {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    quiet: bool,
}

impl Printer {
    /// A printer on stdout and stderr. Sets the process-wide colour switch.
    pub fn stdio(color: bool, quiet: bool) -> Self {
        colored::control::set_override(color);
        Printer {
            out: Box::new(io::stdout().lock()),
            err: Box::new(io::stderr()),
            quiet,
        }
    }

    /// A printer on given writers (tests).
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>, quiet: bool) -> Self {
        Printer { out, err, quiet }
    }

    /// Whether `-q` is in force.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// The product stream.
    pub fn out(&mut self) -> &mut dyn Write {
        &mut *self.out
    }

    /// A line of conversation on stderr (suppressed by `-q`). What it
    /// quotes (a server's URL, an error) is escaped (see `conversation` below).
    pub fn notice(&mut self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(self.err, "{}", conversation(msg));
        }
    }

    /// Something the user must see to go on (a URL to open, a code to
    /// enter), on stderr: shown even with `-q`, which would otherwise leave
    /// them waiting for nothing.
    pub fn prompt(&mut self, msg: &str) {
        let _ = writeln!(self.err, "{}", conversation(msg));
    }

    /// The conversation stream (stderr), for prompts that render themselves.
    pub fn err(&mut self) -> &mut dyn Write {
        &mut *self.err
    }

    /// Whether `-q` is in force.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// A warning on stderr (suppressed by `-q`), escaped like [`Printer::notice`].
    pub fn warn(&mut self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(
                self.err,
                "{} {}",
                paint(Style::Warn, "warning:"),
                conversation(msg)
            );
        }
    }

    /// One JSON document on stdout, pretty, with a final newline.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, value)?;
        writeln!(self.out)
    }
}

/// A message of the conversation on stderr: its own line breaks kept (a
/// sign-in prompt puts the URL on a line of its own), every other control
/// character escaped ([`printable`]).
fn conversation(msg: &str) -> std::borrow::Cow<'_, str> {
    if !msg.contains('\n') {
        return printable(msg);
    }
    std::borrow::Cow::Owned(
        msg.split('\n')
            .map(|line| printable(line))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Render a JSON value as indented, coloured text (keys, strings, literals).
pub fn write_json_colored(
    w: &mut dyn Write,
    value: &serde_json::Value,
    indent: usize,
) -> io::Result<()> {
    use serde_json::Value;
    let pad = "  ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            writeln!(w, "{{")?;
            let n = map.len();
            for (i, (k, v)) in map.iter().enumerate() {
                write!(w, "{pad}  {}: ", paint(Style::Key, &json_string(k)))?;
                write_json_colored(w, v, indent + 1)?;
                writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
            }
            write!(w, "{pad}}}")
        }
        Value::Array(items) if !items.is_empty() => {
            writeln!(w, "[")?;
            let n = items.len();
            for (i, v) in items.iter().enumerate() {
                write!(w, "{pad}  ")?;
                write_json_colored(w, v, indent + 1)?;
                writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
            }
            write!(w, "{pad}]")
        }
        Value::String(s) => write!(w, "{}", paint(Style::Str, &json_string(s))),
        other => write!(w, "{}", paint(Style::Literal, &other.to_string())),
    }
}

/// A JSON string literal, with the characters JSON leaves as they are
/// but a terminal would act on (DEL, C1 controls, bidirectional
/// overrides) escaped as `\uXXXX` too; still valid JSON.
fn json_string(s: &str) -> String {
    let json = serde_json::Value::String(s.to_owned()).to_string();
    if matches!(printable(&json), std::borrow::Cow::Borrowed(_)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        let mut one = [0u8; 4];
        if matches!(
            printable(c.encode_utf8(&mut one)),
            std::borrow::Cow::Borrowed(_)
        ) {
            out.push(c);
        } else {
            // Above U+001F (serde escaped those), so within the BMP.
            out.push_str(&format!("\\u{:04x}", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_what_a_terminal_acts_on() {
        assert_eq!(json_string("a\u{1b}b\n"), r#""a\u001bb\n""#);
        assert_eq!(json_string("a\u{9b}2J\u{202e}"), r#""a\u009b2J\u202e""#);
        assert_eq!(json_string("plain é"), r#""plain é""#);
    }

    #[test]
    fn the_conversation_keeps_its_line_breaks_only() {
        assert_eq!(
            conversation("open:\n\n  http://x/\u{1b}[2J\r"),
            "open:\n\n  http://x/\\u{1b}[2J\\r"
        );
    }

    #[test]
    fn explicit_choices_win() {
        assert!(color_enabled(ColorChoice::Always, false));
        assert!(!color_enabled(ColorChoice::Never, true));
        assert!(!color_enabled(ColorChoice::Auto, false));
    }
}
