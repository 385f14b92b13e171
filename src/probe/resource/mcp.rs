//! MCP's streamable HTTP transport, as far as `probe resource --mcp` needs
//! it: the JSON-RPC `initialize` request, and reading an answer that comes
//! as a server-sent event stream.

use serde_json::json;

use crate::http::{Method, Request, Response};

/// The MCP protocol version the probe announces.
pub const PROTOCOL_VERSION: &str = "2025-06-18";

/// A JSON-RPC `initialize` POSTed to the MCP endpoint.
pub fn initialize(url: &str) -> Request {
    let body = json!({
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": {"name": "oauthctl-probe", "version": env!("CARGO_PKG_VERSION")},
        },
    });
    Request {
        method: Method::Post,
        url: url.to_owned(),
        headers: vec![
            (
                "Accept".into(),
                "application/json, text/event-stream".into(),
            ),
            ("Content-Type".into(), "application/json".into()),
        ],
        body: Some(body.to_string().into_bytes()),
        body_has_secrets: false,
        what: "sending MCP initialize".into(),
    }
}

/// An event-stream answer with its body replaced by the data of its first
/// event (the JSON-RPC message); any other answer as it is.
pub fn unwrap_event_stream(mut resp: Response) -> Response {
    let sse = resp.header("content-type").is_some_and(|c| {
        c.trim_start()
            .to_ascii_lowercase()
            .starts_with("text/event-stream")
    });
    if !sse {
        return resp;
    }
    let text = String::from_utf8_lossy(&resp.body).replace("\r\n", "\n");
    let data: Vec<&str> = text
        .split("\n\n")
        .map(|event| {
            event
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect::<Vec<_>>()
        })
        .find(|d| !d.is_empty())
        .unwrap_or_default();
    resp.body = data.join("\n").into_bytes();
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_event_is_the_answer() {
        let r = Response {
            url: "http://m/".into(),
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: b"event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\r\n\r\ndata: x\n\n".to_vec(),
        };
        assert_eq!(
            unwrap_event_stream(r).body,
            br#"{"jsonrpc":"2.0","id":1,"result":{}}"#
        );
    }
}
