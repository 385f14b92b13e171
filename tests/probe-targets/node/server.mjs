// APIs built on real JWT libraries, for oauthctl's probe tests. One process
// serves one target, chosen by TARGET; each target's true flaws are listed in
// ../ground-truth.json, with the reason for each.
//
//   TARGET=jose-strict PORT=0 node tests/probe-targets/node/server.mjs
//
// Listens on 127.0.0.1:PORT (0 = any free port) and prints exactly one line
// on stdout once it accepts connections:
//
//   listening http://127.0.0.1:PORT
//
// GET /token   a valid token, minted for this target (iss https://issuer.test,
//              aud https://api.test, sub alice, an hour of validity)
// ANY /api     the protected resource: 200 {"ok":true,"sub":...} when the
//              target's verification passes, else 401 {"error":"invalid_token"}
//
// Keys are the fixtures in ../keys (test keys, not secrets).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jwt9 = require('jsonwebtoken');

const ISS = 'https://issuer.test';
const AUD = 'https://api.test';
const keyFile = (name) => fs.readFileSync(new URL(`../keys/${name}`, import.meta.url), 'utf8');
const rsaPriv = keyFile('rsa.key.pem');
const rsaPub = keyFile('rsa.pub.pem');
const ecPriv = keyFile('ec.key.pem');
const ecPub = keyFile('ec.pub.pem');
const rsaJwks = JSON.parse(keyFile('rsa.jwks.json'));

const mint = (alg, key, kid) =>
  jwt9.sign({ sub: 'alice', jti: crypto.randomUUID() }, key, {
    algorithm: alg,
    ...(kid ? { keyid: kid } : {}),
    issuer: ISS,
    audience: AUD,
    expiresIn: 3600,
  });

// Claim checks that apps built on signature-only libraries write themselves;
// done correctly here, so those targets' only flaws are the library's.
function checkClaims(p) {
  const now = Math.floor(Date.now() / 1000);
  if (p.iss !== ISS) throw new Error('iss');
  if (!(Array.isArray(p.aud) ? p.aud : [p.aud]).includes(AUD)) throw new Error('aud');
  if (typeof p.exp !== 'number' || now >= p.exp) throw new Error('exp');
  if (p.nbf !== undefined && (typeof p.nbf !== 'number' || p.nbf > now + 60)) throw new Error('nbf');
  if (p.iat !== undefined && (typeof p.iat !== 'number' || p.iat > now + 60)) throw new Error('iat');
  return p;
}

const bearer = (req) => {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : undefined;
};

const targets = {
  // CVE-2015-9235: before 4.2.2, verify() lets the token's alg choose, so an
  // HS256 token signed with the RSA public key (PEM) as secret verifies.
  'jsonwebtoken-4.1.0': {
    mint: () => mint('RS256', rsaPriv, 'k1'),
    verify: (t) => require('jsonwebtoken-4.1.0').verify(t, rsaPub, { audience: AUD, issuer: ISS }),
  },
  // jwt-simple 0.5.1: decode() without its algorithm argument takes the
  // token's alg, so HMAC with the public key PEM verifies.
  'jwt-simple-0.5.1': {
    mint: () => mint('RS256', rsaPriv, 'k1'),
    verify: (t) => {
      const p = require('jwt-simple-0.5.1').decode(t, rsaPub);
      if (p.iss !== ISS || p.aud !== AUD) throw new Error('iss/aud');
      return p;
    },
  },
  // CVE-2018-0114: before 0.11.0, JWS.createVerify() trusts a key embedded
  // in the token's jwk header.
  'node-jose-0.10.0': {
    mint: () => mint('RS256', rsaPriv, 'k1'),
    verify: async (t) => {
      const jose = require('node-jose-0.10.0');
      const keystore = await jose.JWK.asKeyStore(rsaJwks);
      const result = await jose.JWS.createVerify(keystore).verify(t);
      return checkClaims(JSON.parse(result.payload.toString('utf8')));
    },
  },
  // Current jsonwebtoken with expiry checking turned off.
  'jsonwebtoken-ignore-exp': {
    mint: () => mint('RS256', rsaPriv, 'k1'),
    verify: (t) =>
      jwt9.verify(t, rsaPub, { algorithms: ['RS256'], audience: AUD, issuer: ISS, ignoreExpiration: true }),
  },
  // Current jsonwebtoken without an audience; also takes the token from the
  // query string, as some middlewares offer.
  'jsonwebtoken-no-aud': {
    mint: () => mint('RS256', rsaPriv, 'k1'),
    verify: (t) => jwt9.verify(t, rsaPub, { algorithms: ['RS256'], issuer: ISS }),
    fromQuery: true,
  },
  // Current jsonwebtoken with a guessable HMAC secret.
  'jsonwebtoken-weak-secret': {
    mint: () => mint('HS256', 'secret'),
    verify: (t) => jwt9.verify(t, 'secret', { algorithms: ['HS256'], audience: AUD, issuer: ISS }),
  },
  // Strictly correct: jose jwtVerify with issuer, audience, the one
  // algorithm, required claims and a maximum age (which also refuses iat in
  // the future); jose refuses unknown crit extensions itself.
  'jose-strict': {
    mint: async () => {
      const { SignJWT, importPKCS8 } = await import('jose');
      return new SignJWT({ sub: 'alice' })
        .setProtectedHeader({ alg: 'ES256', kid: 'e1', typ: 'JWT' })
        .setIssuer(ISS)
        .setAudience(AUD)
        .setIssuedAt()
        .setExpirationTime('1h')
        .setJti(crypto.randomUUID())
        .sign(await importPKCS8(ecPriv, 'ES256'));
    },
    verify: async (t) => {
      const { jwtVerify, importSPKI } = await import('jose');
      const { payload } = await jwtVerify(t, await importSPKI(ecPub, 'ES256'), {
        issuer: ISS,
        audience: AUD,
        algorithms: ['ES256'],
        requiredClaims: ['exp', 'iat', 'iss', 'aud'],
        maxTokenAge: '2h',
      });
      return payload;
    },
  },
};

const target = targets[process.env.TARGET];
if (!target) {
  console.error(`TARGET must be one of: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}

const send = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  try {
    if (url.pathname === '/token') return send(res, 200, { access_token: await target.mint() });
    if (url.pathname !== '/api') return send(res, 404, { error: 'not_found' });
    const token = bearer(req) ?? (target.fromQuery ? url.searchParams.get('access_token') : undefined);
    if (!token) return send(res, 401, { error: 'invalid_request' });
    const payload = await target.verify(token);
    return send(res, 200, { ok: true, sub: payload.sub });
  } catch (e) {
    return send(res, 401, { error: 'invalid_token' });
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
