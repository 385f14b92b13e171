#!/usr/bin/env python3
"""Validation vectors for `oauthctl validate`, minted by another implementation.

oauthctl signs with `jsonwebtoken`/aws-lc-rs and verifies with aws-lc-rs; a
bug shared by its own signer and verifier would hide in tests that only use
tokens oauthctl made (STYLE.md item 18). These tokens come from PyJWT and
`cryptography` instead; tokens PyJWT refuses to make (alg none, crit,
duplicate members, broken base64...) are assembled here byte by byte.

Writes, next to this file:

  keys/       every key used: PEM (private PKCS#8, public SPKI, one
              certificate), JWKs and JWK Sets (the JWKs are PyJWT's to_jwk)
  tokens.json {"now", "vectors": [...]}; each vector says how to run
              `oauthctl validate --now <now>` (key source, extra flags) and
              what must come out (valid or not, which named check fails,
              which must pass)

CI does not run this script; tests/it/vectors.rs reads the committed output.
Keys are random, and RSA-PSS, ECDSA and EdDSA... signatures need not be
reproducible: regenerate everything at once and commit the result.

    python3 -m venv /tmp/vectors-venv
    /tmp/vectors-venv/bin/pip install -r tests/vectors/requirements.txt
    /tmp/vectors-venv/bin/python tests/vectors/generate.py
"""

import base64
import datetime
import hashlib
import hmac
import json
import platform
import secrets
from pathlib import Path

import cryptography
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import NameOID
from jwt.algorithms import (
    ECAlgorithm,
    HMACAlgorithm,
    OKPAlgorithm,
    RSAAlgorithm,
    get_default_algorithms,
)

HERE = Path(__file__).resolve().parent
KEYS = HERE / "keys"

# "Now" for every vector: tests run `validate --now NOW`.
NOW = 1_700_000_000
ISS = "https://issuer.example"
AUD = "api://vectors"
# Flags most vectors pass, so iss and aud are checked rather than "not checked".
CHECK = ["--issuer", ISS, "--audience", AUD]

ALGS = get_default_algorithms()


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def claims(**over):
    """The usual claims; a value of None removes the claim."""
    c = {
        "iss": ISS,
        "sub": "alice",
        "aud": AUD,
        "iat": NOW - 60,
        "nbf": NOW - 60,
        "exp": NOW + 3600,
        "jti": "vector-jti",
    }
    for k, v in over.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def half_hash(value: str, hash_name: str) -> str:
    """at_hash / c_hash (OIDC Core 3.1.3.6): left half of the hash, base64url."""
    d = hashlib.new(hash_name, value.encode()).digest()
    return b64u(d[: len(d) // 2])


# ---------------------------------------------------------------- keys


def pem_private(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def pem_public(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )


def write(name: str, data) -> None:
    path = KEYS / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def jwk_of(key, kid=None, alg=None):
    pub = key.public_key()
    if isinstance(key, rsa.RSAPrivateKey):
        j = RSAAlgorithm.to_jwk(pub, as_dict=True)
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        j = ECAlgorithm.to_jwk(pub, as_dict=True)
    else:
        j = OKPAlgorithm.to_jwk(pub, as_dict=True)
    j.pop("key_ops", None)
    out = {}
    if kid:
        out["kid"] = kid
    out.update(j)
    out["use"] = "sig"
    if alg:
        out["alg"] = alg
    return out


def self_signed(key) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "oauthctl vectors")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc))
        .not_valid_after(datetime.datetime(2033, 1, 1, tzinfo=datetime.timezone.utc))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


KEYS.mkdir(exist_ok=True)
for old in KEYS.iterdir():
    old.unlink()

# An ASCII secret of 64 bytes (enough for HS512, RFC 7518 §3.2), no newline.
HMAC_SECRET = secrets.token_urlsafe(48).encode()
assert len(HMAC_SECRET) == 64
write("hmac.secret", HMAC_SECRET)
hmac_jwk = {"kid": "hmac-1", **HMACAlgorithm.to_jwk(HMAC_SECRET, as_dict=True)}
hmac_jwk.pop("key_ops", None)
write_json(KEYS / "hmac.jwk.json", hmac_jwk)

RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA2 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC256 = ec.generate_private_key(ec.SECP256R1())
EC384 = ec.generate_private_key(ec.SECP384R1())
EC521 = ec.generate_private_key(ec.SECP521R1())
ED = ed25519.Ed25519PrivateKey.generate()

for name, key in [
    ("rsa", RSA),
    ("rsa2", RSA2),
    ("ec256", EC256),
    ("ec384", EC384),
    ("ec521", EC521),
    ("ed25519", ED),
]:
    write(f"{name}.pem", pem_private(key))
    write(f"{name}.pub.pem", pem_public(key))
write("rsa.cert.pem", self_signed(RSA))

KIDS = {
    "rsa": "rsa-1",
    "ec256": "ec256-1",
    "ec384": "ec384-1",
    "ec521": "ec521-1",
    "ed25519": "ed25519-1",
}
write_json(KEYS / "rsa.jwk.json", jwk_of(RSA, "rsa-1"))
write_json(
    KEYS / "jwks.json",
    {
        "keys": [
            # No alg on the RSA key: it serves RS* and PS* alike.
            jwk_of(RSA, "rsa-1"),
            jwk_of(EC256, "ec256-1", "ES256"),
            jwk_of(EC384, "ec384-1", "ES384"),
            jwk_of(EC521, "ec521-1", "ES512"),
            jwk_of(ED, "ed25519-1", "EdDSA"),
        ]
    },
)
# Two RSA keys without kid; the token is signed by the second one listed.
write_json(KEYS / "jwks-nokid.json", {"keys": [jwk_of(RSA2), jwk_of(RSA)]})
# The set before a rotation: only the old key (for --jwks-uri tests).
write_json(KEYS / "jwks-before-rotation.json", {"keys": [jwk_of(RSA2, "rsa-2")]})

SIGNING_KEY = {
    "HS256": HMAC_SECRET,
    "HS384": HMAC_SECRET,
    "HS512": HMAC_SECRET,
    "RS256": RSA,
    "RS384": RSA,
    "RS512": RSA,
    "PS256": RSA,
    "PS384": RSA,
    "PS512": RSA,
    "ES256": EC256,
    "ES384": EC384,
    "ES512": EC521,
    "EdDSA": ED,
}
KEY_FILE = {
    "HS": {"flag": "--secret-file", "path": "keys/hmac.secret"},
    "RS": {"flag": "--key", "path": "keys/rsa.pub.pem"},
    "PS": {"flag": "--key", "path": "keys/rsa.pub.pem"},
    "ES256": {"flag": "--key", "path": "keys/ec256.pub.pem"},
    "ES384": {"flag": "--key", "path": "keys/ec384.pub.pem"},
    "ES512": {"flag": "--key", "path": "keys/ec521.pub.pem"},
    "EdDSA": {"flag": "--key", "path": "keys/ed25519.pub.pem"},
}
KID_OF = {
    "RS": "rsa-1",
    "PS": "rsa-1",
    "ES256": "ec256-1",
    "ES384": "ec384-1",
    "ES512": "ec521-1",
    "EdDSA": "ed25519-1",
}
JWKS = {"flag": "--jwks", "path": "keys/jwks.json"}
K_HMAC = KEY_FILE["HS"]
K_RSA = KEY_FILE["RS"]


def key_file(alg):
    return KEY_FILE.get(alg) or KEY_FILE[alg[:2]]


# ---------------------------------------------------------------- tokens


def pyjwt(payload, alg="RS256", headers=None, key=None):
    """A token made by PyJWT itself."""
    return jwt.encode(payload, key or SIGNING_KEY[alg], algorithm=alg, headers=headers)


def assemble(header, payload, alg=None, key=None, signature=None):
    """A token assembled by hand: header and payload are dicts (compact JSON)
    or raw bytes; the signature is PyJWT's over the exact bytes, unless
    given."""
    h = b64u(header if isinstance(header, bytes) else compact(header))
    p = b64u(payload if isinstance(payload, bytes) else compact(payload))
    signing_input = f"{h}.{p}".encode()
    if signature is None:
        a = ALGS[alg]
        signature = a.sign(signing_input, a.prepare_key(key or SIGNING_KEY[alg]))
    return f"{h}.{p}.{b64u(signature)}"


def hs256_raw(header, payload, secret: bytes):
    """HMAC-SHA256 with Python's hmac module, for secrets PyJWT refuses."""
    h = b64u(compact(header))
    p = b64u(payload if isinstance(payload, bytes) else compact(payload))
    sig = hmac.new(secret, f"{h}.{p}".encode(), hashlib.sha256).digest()
    return f"{h}.{p}.{b64u(sig)}"


VECTORS = []


def add(name, cls, token, keys, args=(), valid=True, fails=None, passes=(), note=None, **extra):
    assert valid == (fails is None), name
    assert all(v["name"] != name for v in VECTORS), name
    v = {"name": name, "class": cls}
    if note:
        v["note"] = note
    v["token"] = token
    v["keys"] = keys
    v["args"] = list(args)
    v["valid"] = valid
    v["failed_check"] = fails
    # Checks that must pass: a failure must be for the reason the vector is
    # about (an expired token's signature still verifies).
    v["passed_checks"] = list(passes)
    v.update(extra)
    VECTORS.append(v)


VALID_PASSES = ["structure", "alg", "key", "signature", "crit", "exp", "nbf", "iat", "iss", "aud"]
SIG_OK = ["structure", "alg", "key", "signature"]

# --- every algorithm, valid: with the single key file, then through the JWKS by kid
for alg in SIGNING_KEY:
    add(
        f"valid-{alg}",
        "algorithm",
        pyjwt(claims(), alg),
        key_file(alg),
        CHECK,
        passes=VALID_PASSES,
    )
for alg in SIGNING_KEY:
    if alg.startswith("HS"):
        continue
    kid = KID_OF.get(alg) or KID_OF[alg[:2]]
    add(
        f"valid-{alg}-jwks-kid",
        "algorithm",
        pyjwt(claims(), alg, {"kid": kid}),
        JWKS,
        CHECK,
        passes=VALID_PASSES,
    )
add(
    "valid-HS256-jwk-oct",
    "algorithm",
    pyjwt(claims(), "HS256", {"kid": "hmac-1"}),
    {"flag": "--key", "path": "keys/hmac.jwk.json"},
    CHECK,
    passes=VALID_PASSES,
)
add(
    "valid-RS256-private-pem-as-key",
    "algorithm",
    pyjwt(claims(), "RS256"),
    {"flag": "--key", "path": "keys/rsa.pem"},
    CHECK,
    passes=VALID_PASSES,
    note="a private key file: its public half verifies",
)
add(
    "valid-RS256-certificate",
    "algorithm",
    pyjwt(claims(), "RS256"),
    {"flag": "--key", "path": "keys/rsa.cert.pem"},
    CHECK,
    passes=VALID_PASSES,
)
add(
    "valid-ES256-explicit-alg",
    "algorithm",
    pyjwt(claims(), "ES256"),
    key_file("ES256"),
    CHECK + ["--alg", "ES256"],
    passes=VALID_PASSES,
)

# --- bad signatures
good_rs = pyjwt(claims(), "RS256")
h, p, s = good_rs.split(".")
sig = bytearray(base64.urlsafe_b64decode(s + "=="))
sig[-1] ^= 0x01
add("bad-signature-RS256-bit-flip", "bad-signature", f"{h}.{p}.{b64u(bytes(sig))}", K_RSA, CHECK, False, "signature", ["alg", "key"])
forged = b64u(compact(claims(sub="mallory")))
add("bad-signature-tampered-payload", "bad-signature", f"{h}.{forged}.{s}", K_RSA, CHECK, False, "signature", ["alg", "key"])
add("bad-signature-empty", "bad-signature", f"{h}.{p}.", K_RSA, CHECK, False, "signature", ["alg", "key"])
add(
    "bad-signature-HS256-other-secret",
    "bad-signature",
    pyjwt(claims(), "HS256", key=secrets.token_urlsafe(48).encode()),
    K_HMAC,
    CHECK,
    False,
    "signature",
    ["alg", "key"],
)
add(
    "bad-signature-ES256-other-key",
    "bad-signature",
    pyjwt(claims(), "ES256", key=ec.generate_private_key(ec.SECP256R1())),
    key_file("ES256"),
    CHECK,
    False,
    "signature",
    ["alg", "key"],
)
add(
    "bad-signature-PS256-other-key",
    "bad-signature",
    pyjwt(claims(), "PS256", key=RSA2),
    K_RSA,
    CHECK,
    False,
    "signature",
    ["alg", "key"],
)
add(
    "bad-signature-EdDSA-other-key",
    "bad-signature",
    pyjwt(claims(), "EdDSA", key=ed25519.Ed25519PrivateKey.generate()),
    key_file("EdDSA"),
    CHECK,
    False,
    "signature",
    ["alg", "key"],
)
add(
    "bad-signature-ES256-psychic",
    "bad-signature",
    assemble({"alg": "ES256", "typ": "JWT"}, claims(), signature=bytes(64)),
    key_file("ES256"),
    CHECK,
    False,
    "signature",
    ["alg", "key"],
    note="r = s = 0 (CVE-2022-21449)",
)
# JWS ECDSA signatures are r || s (RFC 7518 §3.4), not DER.
es = pyjwt(claims(), "ES256")
eh, ep, esig = es.split(".")
raw = base64.urlsafe_b64decode(esig + "==")
der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
add("bad-signature-ES256-DER-encoded", "bad-signature", f"{eh}.{ep}.{b64u(der)}", key_file("ES256"), CHECK, False, "signature", ["alg", "key"])
add(
    "bad-signature-RS256-signed-by-rsa2-in-nokid-set",
    "bad-signature",
    pyjwt(claims(), "RS256", key=rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    {"flag": "--jwks", "path": "keys/jwks-nokid.json"},
    CHECK,
    False,
    "signature",
    ["alg", "key"],
    note="no kid, two keys, neither verifies",
)

# --- alg none, in several spellings (RFC 8725 §3.1: never accepted)
for spelling in ["none", "None", "NONE", "nOnE"]:
    add(
        f"alg-none-{spelling}",
        "alg-none",
        assemble({"alg": spelling, "typ": "JWT"}, claims(), signature=b""),
        K_HMAC,
        CHECK,
        False,
        "alg",
        ["structure"],
    )
add(
    "alg-none-with-a-signature",
    "alg-none",
    assemble({"alg": "none"}, claims(), signature=hmac.new(HMAC_SECRET, b"x", hashlib.sha256).digest()),
    K_HMAC,
    CHECK + ["--alg", "HS256"],
    False,
    "alg",
    ["structure"],
)
add(
    "alg-none-against-rsa-key",
    "alg-none",
    assemble({"alg": "none"}, claims(), signature=b""),
    K_RSA,
    CHECK,
    False,
    "alg",
    ["structure"],
)
add("alg-missing", "alg-none", assemble({"typ": "JWT"}, claims(), signature=b"x"), K_HMAC, CHECK, False, "alg", ["structure"])
add("alg-not-a-string", "alg-none", assemble({"alg": ["HS256"]}, claims(), signature=b"x"), K_HMAC, CHECK, False, "alg", ["structure"])

# --- algorithms outside the allowlist
add("alg-not-allowed-RS256-when-PS256", "alg-allowlist", pyjwt(claims(), "RS256"), K_RSA, CHECK + ["--alg", "PS256"], False, "alg", ["structure"])
add("alg-not-allowed-HS512-when-HS256", "alg-allowlist", pyjwt(claims(), "HS512"), K_HMAC, CHECK + ["--alg", "HS256"], False, "alg", ["structure"])
add(
    "alg-not-allowed-ES256-against-rsa-key",
    "alg-allowlist",
    pyjwt(claims(), "ES256"),
    K_RSA,
    CHECK,
    False,
    "alg",
    ["structure"],
    note="default allowlist: what the keys can verify (RS*, PS*)",
)
add(
    "alg-unknown-ES256K",
    "alg-allowlist",
    assemble({"alg": "ES256K"}, claims(), signature=bytes(64)),
    key_file("ES256"),
    CHECK,
    False,
    "alg",
    ["structure"],
)
add(
    "alg-wrong-case-rs256",
    "alg-allowlist",
    assemble({"alg": "rs256"}, claims(), alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "alg",
    ["structure"],
    note="algorithm names are case-sensitive (RFC 7515 §4.1.1)",
)

# --- key confusion: HS256 with the RSA public key PEM bytes as the HMAC secret
rsa_pub_pem = (KEYS / "rsa.pub.pem").read_bytes()
confused = hs256_raw({"alg": "HS256", "typ": "JWT"}, claims(), rsa_pub_pem)
add("key-confusion-HS256-with-rsa-pem", "key-confusion", confused, K_RSA, CHECK, False, "alg", ["structure"])
add(
    "key-confusion-HS256-with-rsa-pem-alg-forced",
    "key-confusion",
    confused,
    K_RSA,
    CHECK + ["--alg", "HS256"],
    False,
    "key",
    ["structure", "alg"],
    note="even with HS256 allowed, an RSA key never serves as an HMAC secret",
)
add(
    "key-confusion-HS256-with-rsa-pem-jwks-kid",
    "key-confusion",
    hs256_raw({"alg": "HS256", "kid": "rsa-1"}, claims(), rsa_pub_pem),
    JWKS,
    CHECK,
    False,
    "alg",
    ["structure"],
)
add(
    "key-confusion-HS256-with-rsa-pem-no-trailing-newline",
    "key-confusion",
    hs256_raw({"alg": "HS256"}, claims(), rsa_pub_pem.rstrip(b"\n")),
    K_RSA,
    CHECK + ["--alg", "HS256", "--alg", "RS256"],
    False,
    "key",
    ["structure", "alg"],
)

# --- times
add("exp-expired", "exp", pyjwt(claims(exp=NOW - 3600, iat=NOW - 7200, nbf=NOW - 7200)), K_RSA, CHECK, False, "exp", SIG_OK)
add("exp-expired-within-leeway", "exp", pyjwt(claims(exp=NOW - 30)), K_RSA, CHECK, passes=VALID_PASSES, note="default leeway 60 s")
add("exp-expired-beyond-zero-leeway", "exp", pyjwt(claims(exp=NOW - 30)), K_RSA, CHECK + ["--leeway", "0"], False, "exp", SIG_OK)
add(
    "exp-equal-to-now-zero-leeway",
    "exp",
    pyjwt(claims(exp=NOW)),
    K_RSA,
    CHECK + ["--leeway", "0"],
    False,
    "exp",
    SIG_OK,
    note="RFC 7519 §4.1.4: now must be before exp",
)
add("exp-missing", "exp", pyjwt(claims(exp=None)), K_RSA, CHECK, False, "exp", SIG_OK)
add(
    "exp-string",
    "exp",
    pyjwt(claims(exp="9999999999")),
    K_RSA,
    CHECK,
    False,
    "exp",
    SIG_OK,
    note="a string is not a NumericDate (CVE-2026-25537 treated it as absent)",
)
add("exp-float", "exp", pyjwt(claims(exp=NOW + 3600.5)), K_RSA, CHECK, passes=VALID_PASSES)
add("nbf-in-the-future", "nbf", pyjwt(claims(nbf=NOW + 3600)), K_RSA, CHECK, False, "nbf", SIG_OK)
add("nbf-within-leeway", "nbf", pyjwt(claims(nbf=NOW + 30)), K_RSA, CHECK, passes=VALID_PASSES)
add("nbf-string", "nbf", pyjwt(claims(nbf="0")), K_RSA, CHECK, False, "nbf", SIG_OK)
add("iat-in-the-future", "iat", pyjwt(claims(iat=NOW + 3600, nbf=None)), K_RSA, CHECK, False, "iat", SIG_OK)

# --- issuer and audience
add("iss-wrong", "iss", pyjwt(claims(iss="https://evil.example")), K_RSA, CHECK, False, "iss", SIG_OK)
add("iss-trailing-slash", "iss", pyjwt(claims(iss=ISS + "/")), K_RSA, CHECK, False, "iss", SIG_OK, note="an exact match")
add("iss-missing", "iss", pyjwt(claims(iss=None)), K_RSA, CHECK, False, "iss", SIG_OK)
add("aud-wrong", "aud", pyjwt(claims(aud="api://other")), K_RSA, CHECK, False, "aud", SIG_OK)
add("aud-array-with-expected", "aud", pyjwt(claims(aud=["api://other", AUD])), K_RSA, CHECK, passes=VALID_PASSES)
add("aud-array-without-expected", "aud", pyjwt(claims(aud=["api://other", "api://third"])), K_RSA, CHECK, False, "aud", SIG_OK)
add("aud-missing", "aud", pyjwt(claims(aud=None)), K_RSA, CHECK, False, "aud", SIG_OK)
add("aud-not-a-string", "aud", pyjwt(claims(aud=42)), K_RSA, CHECK, False, "aud", SIG_OK)

# --- key selection by kid
add(
    "kid-unknown",
    "kid",
    pyjwt(claims(), "RS256", {"kid": "not-in-the-set"}),
    JWKS,
    CHECK,
    False,
    "key",
    ["structure", "alg"],
)
add("kid-none-one-key", "kid", pyjwt(claims(), "RS256"), K_RSA, CHECK, passes=VALID_PASSES)
add(
    "kid-none-one-key-jwk",
    "kid",
    pyjwt(claims(), "PS384"),
    {"flag": "--key", "path": "keys/rsa.jwk.json"},
    CHECK,
    passes=VALID_PASSES,
)
add(
    "kid-none-several-keys",
    "kid",
    pyjwt(claims(), "RS256"),
    {"flag": "--jwks", "path": "keys/jwks-nokid.json"},
    CHECK,
    passes=VALID_PASSES,
    note="two RSA keys without kid; the second one listed verifies",
)
add(
    "kid-none-several-keys-of-several-types",
    "kid",
    pyjwt(claims(), "ES384"),
    JWKS,
    CHECK,
    passes=VALID_PASSES,
)
add(
    "kid-points-at-wrong-key-type",
    "kid",
    pyjwt(claims(), "ES256", {"kid": "rsa-1"}),
    JWKS,
    CHECK,
    False,
    "key",
    ["structure", "alg"],
)
add(
    "kid-not-a-string",
    "kid",
    assemble({"alg": "RS256", "kid": 7}, claims(), alg="RS256"),
    JWKS,
    CHECK,
    False,
    "key",
    ["structure", "alg"],
)

# --- explicit typing (RFC 8725 §3.11, RFC 9068)
at_claims = claims(client_id="client-1", scope="read")
add("typ-wrong-for-at-jwt", "typ", pyjwt(at_claims, "RS256", {"typ": "JWT"}), K_RSA, CHECK + ["--typ", "at+jwt"], False, "typ", SIG_OK)
add("typ-missing-for-at-jwt", "typ", assemble({"alg": "RS256"}, at_claims, alg="RS256"), K_RSA, CHECK + ["--typ", "at+jwt"], False, "typ", SIG_OK)
add("typ-at-jwt", "typ", pyjwt(at_claims, "RS256", {"typ": "at+jwt"}), K_RSA, CHECK + ["--typ", "at+jwt"], passes=VALID_PASSES + ["typ", "required"])
add(
    "typ-application-at-jwt",
    "typ",
    pyjwt(at_claims, "ES256", {"typ": "application/at+jwt"}),
    key_file("ES256"),
    CHECK + ["--typ", "at+jwt"],
    passes=VALID_PASSES + ["typ", "required"],
)

# --- at_hash, c_hash, nonce (OIDC Core 3.1.3.6, 3.3.2.11)
ACCESS_TOKEN = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
CODE = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
add(
    "at_hash-RS256",
    "at_hash",
    pyjwt(claims(at_hash=half_hash(ACCESS_TOKEN, "sha256")), "RS256"),
    K_RSA,
    CHECK + ["--access-token", ACCESS_TOKEN],
    passes=VALID_PASSES + ["at_hash"],
)
add(
    "at_hash-ES384",
    "at_hash",
    pyjwt(claims(at_hash=half_hash(ACCESS_TOKEN, "sha384")), "ES384"),
    key_file("ES384"),
    CHECK + ["--access-token", ACCESS_TOKEN],
    passes=VALID_PASSES + ["at_hash"],
)
add(
    "at_hash-EdDSA",
    "at_hash",
    pyjwt(claims(at_hash=half_hash(ACCESS_TOKEN, "sha512")), "EdDSA"),
    key_file("EdDSA"),
    CHECK + ["--access-token", ACCESS_TOKEN],
    passes=VALID_PASSES + ["at_hash"],
    note="Ed25519 hashes with SHA-512 (OIDC Core, errata set 2)",
)
add(
    "at_hash-bad",
    "at_hash",
    pyjwt(claims(at_hash=half_hash("another-access-token", "sha256")), "RS256"),
    K_RSA,
    CHECK + ["--access-token", ACCESS_TOKEN],
    False,
    "at_hash",
    SIG_OK,
)
add(
    "at_hash-wrong-hash-for-alg",
    "at_hash",
    pyjwt(claims(at_hash=half_hash(ACCESS_TOKEN, "sha256")), "RS512"),
    K_RSA,
    CHECK + ["--access-token", ACCESS_TOKEN],
    False,
    "at_hash",
    SIG_OK,
    note="RS512 needs SHA-512, not SHA-256",
)
add(
    "c_hash-HS256",
    "c_hash",
    pyjwt(claims(c_hash=half_hash(CODE, "sha256")), "HS256"),
    K_HMAC,
    CHECK + ["--code", CODE],
    passes=VALID_PASSES + ["c_hash"],
)
add(
    "c_hash-bad",
    "c_hash",
    pyjwt(claims(c_hash=half_hash("another-code", "sha256")), "HS256"),
    K_HMAC,
    CHECK + ["--code", CODE],
    False,
    "c_hash",
    SIG_OK,
)
add("nonce-match", "nonce", pyjwt(claims(nonce="n-0S6_WzA2Mj")), K_RSA, CHECK + ["--nonce", "n-0S6_WzA2Mj"], passes=VALID_PASSES + ["nonce"])
add("nonce-mismatch", "nonce", pyjwt(claims(nonce="n-0S6_WzA2Mj")), K_RSA, CHECK + ["--nonce", "n-other"], False, "nonce", SIG_OK)
add("nonce-missing", "nonce", pyjwt(claims()), K_RSA, CHECK + ["--nonce", "n-0S6_WzA2Mj"], False, "nonce", SIG_OK)

# --- azp, auth_time, required claims, claim values, scopes
rich = claims(
    auth_time=NOW - 600,
    scope="read write",
    roles=["admin", "dev"],
    realm={"level": 2},
    email_verified=True,
    azp="client-1",
)
rich_token = pyjwt(rich, "RS256")
ALL_ASKED = [
    "--client-id",
    "client-1",
    "--require",
    "email_verified",
    "--claim",
    "realm.level=2",
    "--claim",
    "roles=admin",
    "--claim",
    "email_verified=true",
    "--scope",
    "read",
    "--scope",
    "write",
    "--max-age",
    "3600",
]
add(
    "claims-all-asked",
    "claims",
    rich_token,
    K_RSA,
    CHECK + ALL_ASKED,
    passes=VALID_PASSES + ["azp", "auth_time", "required", "claims", "scope"],
)
add("azp-wrong", "claims", rich_token, K_RSA, CHECK + ["--client-id", "client-2"], False, "azp", SIG_OK)
add("required-missing", "claims", rich_token, K_RSA, CHECK + ["--require", "email"], False, "required", SIG_OK)
add("claims-wrong-value", "claims", rich_token, K_RSA, CHECK + ["--claim", "roles=root"], False, "claims", SIG_OK)
add("claims-number-is-not-a-string", "claims", rich_token, K_RSA, CHECK + ["--claim", "realm.level=02"], False, "claims", SIG_OK)
add("scope-missing", "claims", rich_token, K_RSA, CHECK + ["--scope", "read delete"], False, "scope", SIG_OK)
add(
    "scope-scp-array",
    "claims",
    pyjwt(claims(scp=["read", "write"]), "ES256"),
    key_file("ES256"),
    CHECK + ["--scope", "write read"],
    passes=VALID_PASSES + ["scope"],
)
add("auth_time-too-old", "claims", rich_token, K_RSA, CHECK + ["--max-age", "60"], False, "auth_time", SIG_OK)
add("auth_time-missing", "claims", pyjwt(claims()), K_RSA, CHECK + ["--max-age", "3600"], False, "auth_time", SIG_OK)

# --- crit (RFC 7515 §4.1.11): oauthctl understands no extension
add(
    "crit-unknown-extension",
    "crit",
    assemble({"alg": "RS256", "crit": ["exp2"], "exp2": NOW + 60}, claims(), alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "crit",
    SIG_OK,
)
add(
    "crit-names-registered-header",
    "crit",
    assemble({"alg": "RS256", "crit": ["alg"]}, claims(), alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "crit",
    SIG_OK,
)
add("crit-empty", "crit", assemble({"alg": "RS256", "crit": []}, claims(), alg="RS256"), K_RSA, CHECK, False, "crit", SIG_OK)
add(
    "crit-names-absent-header",
    "crit",
    assemble({"alg": "RS256", "crit": ["b64x"]}, claims(), alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "crit",
    SIG_OK,
)

# --- structure
good_hs = pyjwt(claims(), "HS256")
hh, hp, hs = good_hs.split(".")
add("structure-padding", "structure", f"{hh}==.{hp}.{hs}", K_HMAC, CHECK, False, "structure")
std_payload = base64.b64encode(compact(claims(sub="??>>??"))).decode().rstrip("=")
assert "+" in std_payload or "/" in std_payload
add("structure-standard-base64-alphabet", "structure", f"{hh}.{std_payload}.{hs}", K_HMAC, CHECK, False, "structure")
add("structure-invalid-base64-character", "structure", f"{hh}.{hp}.{hs[:-3]}*{hs[-2:]}", K_HMAC, CHECK, False, "structure")
# The last character of a 32-byte value carries 4 data bits and 2 zero bits;
# setting the zero bits decodes to the same bytes in a lenient decoder.
last = hs[-1]
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
noncanonical = alphabet[alphabet.index(last) | 0b01]
assert noncanonical != last and len(base64.urlsafe_b64decode(hs + "=")) == 32
add(
    "structure-non-canonical-base64",
    "structure",
    f"{hh}.{hp}.{hs[:-1]}{noncanonical}",
    K_HMAC,
    CHECK,
    False,
    "structure",
    note="non-zero trailing bits: a second spelling of the same signature",
)
add("structure-two-parts", "structure", f"{hh}.{hp}", K_HMAC, CHECK, False, "structure")
add("structure-four-parts", "structure", f"{hh}.{hp}.{hs}.{hs}", K_HMAC, CHECK, False, "structure")
add("structure-one-part", "structure", hh, K_HMAC, CHECK, False, "structure")
add("structure-empty-parts", "structure", "..", K_HMAC, CHECK, False, "structure")
add(
    "structure-jwe",
    "structure",
    b64u(compact({"alg": "RSA-OAEP", "enc": "A256GCM"})) + ".a.b.c.d",
    K_RSA,
    CHECK,
    False,
    "structure",
)
add("structure-header-not-json", "structure", assemble(b"not json", claims(), alg="HS256"), K_HMAC, CHECK, False, "structure")
add("structure-header-json-array", "structure", assemble(b'["alg","HS256"]', claims(), alg="HS256"), K_HMAC, CHECK, False, "structure")
add(
    "structure-payload-not-json",
    "structure",
    assemble({"alg": "HS256", "typ": "JWT"}, b"hello, world", alg="HS256"),
    K_HMAC,
    CHECK,
    False,
    "structure",
)
add(
    "structure-payload-json-array",
    "structure",
    assemble({"alg": "HS256", "typ": "JWT"}, b'[{"sub":"alice"}]', alg="HS256"),
    K_HMAC,
    CHECK,
    False,
    "structure",
)
add(
    "structure-payload-not-utf8",
    "structure",
    assemble({"alg": "HS256", "typ": "JWT"}, b'{"sub":"\xff"}', alg="HS256"),
    K_HMAC,
    CHECK,
    False,
    "structure",
)
dup = (
    b'{"iss":"' + ISS.encode() + b'","sub":"alice","aud":"' + AUD.encode() + b'",'
    b'"exp":' + str(NOW - 3600).encode() + b',"exp":' + str(NOW + 3600).encode() + b"}"
)
add(
    "structure-duplicate-claim",
    "structure",
    assemble({"alg": "RS256", "typ": "JWT"}, dup, alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "structure",
    note="two exp claims: a parser keeping the last would accept an expired token",
)
add(
    "structure-duplicate-header",
    "structure",
    assemble(b'{"alg":"RS256","alg":"none"}', claims(), alg="RS256"),
    K_RSA,
    CHECK,
    False,
    "structure",
)
add(
    "structure-trailing-garbage-after-json",
    "structure",
    assemble({"alg": "HS256"}, compact(claims()) + b" x", alg="HS256"),
    K_HMAC,
    CHECK,
    False,
    "structure",
)

# --- size: a 1 MiB token is built by the test from this pattern (committing
# it would add a megabyte to the repository); it goes in on stdin, since one
# argument is limited to 128 KiB on Linux.
big_header = b64u(compact({"alg": "HS256", "typ": "JWT"}))
add(
    "structure-oversized-1MiB",
    "structure",
    None,
    K_HMAC,
    CHECK,
    False,
    "structure",
    token_pattern={"prefix": big_header + ".", "fill": "A", "suffix": "." + hs, "length": 1 << 20},
    stdin=True,
)

doc = {
    "about": "Tokens minted by PyJWT and cryptography (or assembled by hand where PyJWT refuses) "
    "for oauthctl validate; see generate.py. Run: oauthctl validate --now <now> <keys.flag> "
    "<keys.path, relative to this directory> <args...> <token>. valid: exit 0 when true, 1 when "
    "false; failed_check: the check whose status must be \"failed\" in -o json; passed_checks: "
    "checks whose status must be \"passed\".",
    "generator": {
        "python": platform.python_version(),
        "PyJWT": jwt.__version__,
        "cryptography": cryptography.__version__,
    },
    "now": NOW,
    "issuer": ISS,
    "audience": AUD,
    "vectors": VECTORS,
}
write_json(HERE / "tokens.json", doc)
counts = {}
for v in VECTORS:
    counts[v["class"]] = counts.get(v["class"], 0) + 1
print(f"{len(VECTORS)} vectors: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
