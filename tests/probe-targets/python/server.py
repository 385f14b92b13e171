"""APIs built on real Python JWT libraries, for oauthctl's probe tests.

One process serves one target, chosen by TARGET; each target's true flaws
are listed in ../ground-truth.json. Same contract as ../node/server.mjs:

    TARGET=pyjwt-strict PORT=0 .venv/bin/python server.py

prints `listening http://127.0.0.1:PORT` once it accepts connections;
GET /token mints a valid token; /api answers 200 {"ok": true, "sub": ...}
when the target's verification passes, else 401 {"error": "invalid_token"}.

The targets run in two virtual environments that scripts/test makes from the
pinned requirements files: requirements-legacy.txt (PyJWT 1.5.0) and
requirements.txt (PyJWT 2.x, python-jose 3.3.0).
"""

import collections
import collections.abc
import json
import os
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# PyJWT 1.5.0 (2017) imports collections.Mapping, which Python 3.10 moved to
# collections.abc; alias it so the old release runs unchanged.
for _name in ("Mapping", "Iterable", "Callable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

ISS = "https://issuer.test"
AUD = "https://api.test"
KEYS = Path(__file__).resolve().parent.parent / "keys"
RSA_PRIV = (KEYS / "rsa.key.pem").read_text()
RSA_PUB = (KEYS / "rsa.pub.pem").read_text()
RSA_PUB_PKCS1 = (KEYS / "rsa.pub.pkcs1.pem").read_text()


def claims():
    now = int(time.time())
    return {"sub": "alice", "iss": ISS, "aud": AUD, "iat": now, "exp": now + 3600,
            "jti": str(uuid.uuid4())}


def mint_pyjwt():
    import jwt
    t = jwt.encode(claims(), RSA_PRIV, algorithm="RS256", headers={"kid": "k1"})
    return t.decode() if isinstance(t, bytes) else t


def refuse_crit(token):
    """RFC 7515 §4.1.11: reject unknown critical extensions (PyJWT ignores crit)."""
    import jwt
    if "crit" in jwt.get_unverified_header(token):
        raise ValueError("unsupported critical extension")


def pyjwt_150(token):
    # CVE-2017-11424: PyJWT 1.5.0's HMAC key check misses PKCS#1 PEM public
    # keys, and without algorithms= the token's alg decides.
    import jwt
    return jwt.decode(token, RSA_PUB_PKCS1, audience=AUD, issuer=ISS)


def python_jose_330(token):
    from jose import jwt
    return jwt.decode(token, RSA_PUB, algorithms=["RS256"], audience=AUD, issuer=ISS)


def mint_jose():
    from jose import jwt
    return jwt.encode(claims(), RSA_PRIV, algorithm="RS256", headers={"kid": "k1"})


def pyjwt_verify_off(token):
    import jwt
    return jwt.decode(token, options={"verify_signature": False})


def pyjwt_no_aud(token):
    import jwt
    return jwt.decode(token, RSA_PUB, algorithms=["RS256"], issuer=ISS,
                      options={"verify_aud": False})


def pyjwt_strict(token):
    import jwt
    refuse_crit(token)
    return jwt.decode(token, RSA_PUB, algorithms=["RS256"], audience=AUD, issuer=ISS,
                      options={"require": ["exp", "iat", "iss", "aud"]})


TARGETS = {
    "pyjwt-1.5.0": (mint_pyjwt, pyjwt_150),
    "python-jose-3.3.0": (mint_jose, python_jose_330),
    "pyjwt-verify-off": (mint_pyjwt, pyjwt_verify_off),
    "pyjwt-no-aud": (mint_pyjwt, pyjwt_no_aud),
    "pyjwt-strict": (mint_pyjwt, pyjwt_strict),
}


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        mint, verify = TARGETS[os.environ["TARGET"]]
        path = self.path.split("?")[0]
        if path == "/token":
            return self._send(200, {"access_token": mint()})
        if path != "/api":
            return self._send(404, {"error": "not_found"})
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return self._send(401, {"error": "invalid_request"})
        try:
            payload = verify(auth[7:])
        except Exception:  # every library error is a refusal
            return self._send(401, {"error": "invalid_token"})
        return self._send(200, {"ok": True, "sub": payload.get("sub")})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, *args):
        pass


def main():
    if os.environ.get("TARGET") not in TARGETS:
        print(f"TARGET must be one of: {', '.join(TARGETS)}", file=sys.stderr)
        sys.exit(2)
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "0"))), Handler)
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
