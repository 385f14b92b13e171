#!/usr/bin/env python3
"""Loopback stand-ins for tests/it/plumbing.rs, each checking a credential.

usage: server.py MODE PORTFILE LOG TOKEN [ARGS...]
  git  REPOS      git's http-backend (CGI) behind a check: Bearer TOKEN or
                  Basic anything:TOKEN, else 401 with a Basic challenge
  kube CERT KEY   an HTTPS stand-in for a Kubernetes API server: records the
                  bearer of each request; /version and /api answer JSON
  registry        a Docker registry's /v2/ auth check (Basic user:TOKEN),
                  then a manifest for any image
Every request's Authorization header is appended to LOG (one line each).
The port it listens on is written to PORTFILE.
"""
import base64, http.server, json, os, ssl, subprocess, sys

mode, portfile, log, token = sys.argv[1:5]
rest = sys.argv[5:]


def credential_ok(auth):
    if auth == "Bearer " + token:
        return True
    if auth.startswith("Basic "):
        try:
            user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
        except Exception:
            return False
        return pw == token
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def record(self):
        with open(log, "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path, self.headers.get("Authorization", "-")))

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        self.record()
        auth = self.headers.get("Authorization", "")
        if not credential_ok(auth):
            realm = 'Basic realm="plumbing"'
            return self.reply(401, b"unauthorized\n", [("WWW-Authenticate", realm)])
        getattr(self, "serve_" + mode)()

    do_GET = handle_any
    do_POST = handle_any

    def serve_git(self):
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = dict(os.environ, GIT_PROJECT_ROOT=rest[0], GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=path, QUERY_STRING=query,
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)), REMOTE_USER="oauth2", REMOTE_ADDR="127.0.0.1",
                   GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
        if self.headers.get("Content-Encoding") == "gzip":
            env["HTTP_CONTENT_ENCODING"] = "gzip"
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.split(b"\r\n"):
            k, _, v = line.decode().partition(":")
            if k.lower() == "status":
                status = int(v.strip().split()[0])
            elif k:
                headers.append((k, v.strip()))
        self.reply(status, payload, headers)

    def serve_kube(self):
        if self.path.startswith("/version"):
            body = {"major": "1", "minor": "20", "gitVersion": "v1.20.2"}
        else:
            body = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
        self.reply(200, json.dumps(body).encode(), [("Content-Type", "application/json")])

    def serve_registry(self):
        if self.path in ("/v2/", "/v2"):
            return self.reply(200, b"{}", [("Content-Type", "application/json"),
                                           ("Docker-Distribution-API-Version", "registry/2.0")])
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                               "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2,
                                          "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
                               "layers": []}).encode()
        self.reply(200, manifest, [("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if mode == "kube":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(rest[0], rest[1])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
