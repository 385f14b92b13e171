#!/usr/bin/env python3
"""Keys and signed JWTs for scripts/bench-jwt.

Writes into OUT:
  rsa.pem / rsa.pub.pem / rsa.pub.jwk / rsa.jwks.json   RSA-2048 (RS256)
  ec.pub.pem, ed.pub.pem, hs.secret                      ES256, EdDSA, HS256 keys
  single.jwt                                             one RS256 token (no newline)
  tokens-<ALG>.txt                                       COUNT distinct tokens, one per line

Every token has a distinct `sub` and `jti` and expires in 2100, so it stays
valid. Signing is spread over every core (RSA signing dominates).
"""

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import RSAAlgorithm

EXP = 4102444800  # 2100-01-01T00:00:00Z
IAT = 1700000000
ISS = "https://issuer.bench.invalid"
AUD = "bench-api"

_KEY = None
_ALG = None
_KID = None


def _init(alg, key_bytes, kid):
    global _KEY, _ALG, _KID
    _ALG, _KID = alg, kid
    if alg == "HS256":
        _KEY = key_bytes
    else:
        _KEY = serialization.load_pem_private_key(key_bytes, password=None)


def _claims(i):
    return {
        "iss": ISS,
        "sub": f"user-{i:07d}",
        "aud": AUD,
        "iat": IAT,
        "nbf": IAT,
        "exp": EXP,
        "jti": f"bench-{_ALG}-{i:07d}",
        "scope": "openid profile",
    }


def _sign_range(bounds):
    lo, hi = bounds
    headers = {"kid": _KID, "typ": "JWT"}
    return "".join(
        jwt.encode(_claims(i), _KEY, algorithm=_ALG, headers=headers) + "\n"
        for i in range(lo, hi)
    )


def pem_private(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def pem_public(key):
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--algs", default="RS256,ES256,EdDSA,HS256")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    out = lambda name: os.path.join(a.out, name)

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ed_key = ed25519.Ed25519PrivateKey.generate()
    secret = os.urandom(32).hex().encode()  # 64 printable bytes

    write(out("rsa.pem"), pem_private(rsa_key))
    write(out("rsa.pub.pem"), pem_public(rsa_key))
    jwk = json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key()))
    jwk.update({"kid": "bench-rsa", "alg": "RS256", "use": "sig"})
    write(out("rsa.pub.jwk"), json.dumps(jwk))
    write(out("rsa.jwks.json"), json.dumps({"keys": [jwk]}))
    write(out("ec.pub.pem"), pem_public(ec_key))
    write(out("ed.pub.pem"), pem_public(ed_key))
    write(out("hs.secret"), secret)

    keys = {
        "RS256": (pem_private(rsa_key), "bench-rsa"),
        "ES256": (pem_private(ec_key), "bench-ec"),
        "EdDSA": (pem_private(ed_key), "bench-ed"),
        "HS256": (secret, "bench-hs"),
    }
    _init("RS256", keys["RS256"][0], "bench-rsa")
    single = jwt.encode(
        {**_claims(0), "jti": "bench-single"},
        _KEY,
        algorithm="RS256",
        headers={"kid": "bench-rsa", "typ": "JWT"},
    )
    write(out("single.jwt"), single)  # no newline: `jose jws ver -i FILE` rejects one

    for alg in [x for x in a.algs.split(",") if x]:
        key_bytes, kid = keys[alg]
        step = 5000
        chunks = [(lo, min(lo + step, a.count)) for lo in range(0, a.count, step)]
        with ProcessPoolExecutor(
            max_workers=a.jobs, initializer=_init, initargs=(alg, key_bytes, kid)
        ) as pool, open(out(f"tokens-{alg}.txt"), "w") as f:
            for text in pool.map(_sign_range, chunks):
                f.write(text)
        print(f"generated {a.count} {alg} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
