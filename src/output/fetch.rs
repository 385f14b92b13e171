//! `fetch`'s answer: the body's raw bytes; with `-i` the status line and
//! headers first (as curl prints them); with `-o json` one document with
//! the status, the headers and the body as text (or base64 when it is not
//! UTF-8).

use std::io;

use base64::Engine;
use serde_json::{Map, Value, json};

use crate::cli::OutputFormat;
use crate::http::Response;

/// Write `resp` in `format`.
pub fn render(
    p: &mut super::Printer,
    format: OutputFormat,
    include: bool,
    resp: &Response,
) -> io::Result<()> {
    if format == OutputFormat::Json {
        return p.json(&document(resp));
    }
    let out = p.out();
    if include {
        let reason = reqwest::StatusCode::from_u16(resp.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        write!(out, "HTTP/1.1 {} {reason}\r\n", resp.status)?;
        for (k, v) in &resp.headers {
            write!(out, "{k}: {v}\r\n")?;
        }
        write!(out, "\r\n")?;
    }
    out.write_all(&resp.body)?;
    out.flush()
}

/// The JSON document: `status`, `headers` (lowercase names; repeated
/// headers as an array), and `body` (UTF-8 text) or `body_base64`.
pub fn document(resp: &Response) -> Value {
    let mut headers = Map::new();
    for (k, v) in &resp.headers {
        match headers.get_mut(k) {
            None => {
                headers.insert(k.clone(), Value::String(v.clone()));
            }
            Some(Value::Array(a)) => a.push(Value::String(v.clone())),
            Some(first) => {
                let was = first.take();
                *first = Value::Array(vec![was, Value::String(v.clone())]);
            }
        }
    }
    let mut doc = json!({
        "url": resp.url,
        "status": resp.status,
        "headers": headers,
    });
    match std::str::from_utf8(&resp.body) {
        Ok(text) => doc["body"] = Value::String(text.to_owned()),
        Err(_) => {
            doc["body_base64"] =
                Value::String(base64::engine::general_purpose::STANDARD.encode(&resp.body));
        }
    }
    doc
}
