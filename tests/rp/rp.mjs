// An independent relying party against `oauthctl serve`: panva/openid-client
// (OpenID Certified), pinned in package.json. Run by tests/it/serve_rp.rs:
//
//   ISSUER=http://127.0.0.1:PORT SERVICE_SECRET=... MODE=login|auto node rp.mjs
//
// MODE=login drives serve's login and consent page over HTTP (GET the page,
// POST the form as a browser would); MODE=auto expects --auto-approve.
// Prints one JSON object with what each step saw; exits 1 on the first
// failure, with the error on stderr.

import * as client from 'openid-client';

const issuer = new URL(process.env.ISSUER);
const mode = process.env.MODE ?? 'login';
const insecure = { execute: [client.allowInsecureRequests] };
const result = {};

async function step(name, fn) {
  try {
    result[name] = await fn();
  } catch (e) {
    console.error(`step ${name} failed: ${e?.stack ?? e}`);
    if (e?.cause) console.error('cause:', JSON.stringify(e.cause));
    process.exit(1);
  }
}

// Discovery (OIDC), with the public CLI client.
let cli;
await step('discovery', async () => {
  cli = await client.discovery(issuer, 'oauthctl-cli', undefined, client.None(), insecure);
  // Verify ID token signatures against the JWKS too (off by default in v6).
  client.enableNonRepudiationChecks(cli);
  const md = cli.serverMetadata();
  return { issuer: md.issuer, pkce: md.code_challenge_methods_supported };
});

// The user agent: follow the authorization request to the callback.
async function authorize(url) {
  let res = await fetch(url, { redirect: 'manual' });
  if (mode === 'login') {
    if (res.status !== 200) throw new Error(`login page: HTTP ${res.status}`);
    const html = await res.text();
    const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
    if (!tx) throw new Error('no tx on the login page');
    res = await fetch(new URL('/login', issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tx, username: 'demo', password: 'demo', action: 'approve' }),
    });
  }
  const location = res.headers.get('location');
  if (!location) throw new Error(`no redirect (HTTP ${res.status})`);
  return new URL(location);
}

// Authorization code + PKCE, with state and nonce; the iss response
// parameter is checked by openid-client because discovery advertises it.
let tokens;
await step('code', async () => {
  const redirect_uri = 'http://127.0.0.1:43210/callback';
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(cli, {
    redirect_uri,
    scope: 'openid profile email offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await authorize(url);
  tokens = await client.authorizationCodeGrant(cli, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  return {
    sub: claims.sub,
    nonce_ok: claims.nonce === nonce,
    at_hash: typeof claims.at_hash === 'string',
    email: claims.email,
    refresh: typeof tokens.refresh_token === 'string',
    iss_in_callback: callback.searchParams.get('iss'),
  };
});

await step('userinfo', async () => {
  const ui = await client.fetchUserInfo(cli, tokens.access_token, tokens.claims().sub);
  return { sub: ui.sub, name: ui.name };
});

let rotated;
await step('refresh', async () => {
  rotated = await client.refreshTokenGrant(cli, tokens.refresh_token);
  return {
    rotated: rotated.refresh_token !== tokens.refresh_token,
    id_token_sub: rotated.claims()?.sub,
  };
});

// Reusing the rotated-out refresh token is refused, and the new one dies
// with its family.
await step('reuse', async () => {
  let error;
  try {
    await client.refreshTokenGrant(cli, tokens.refresh_token);
  } catch (e) {
    error = e.error;
  }
  let familyError;
  try {
    await client.refreshTokenGrant(cli, rotated.refresh_token);
  } catch (e) {
    familyError = e.error;
  }
  return { error, familyError };
});

// Client credentials, both secret methods, with introspection and revocation.
await step('client_credentials', async () => {
  const out = {};
  for (const [name, auth] of [
    ['basic', client.ClientSecretBasic(process.env.SERVICE_SECRET)],
    ['post', client.ClientSecretPost(process.env.SERVICE_SECRET)],
  ]) {
    const svc = await client.discovery(issuer, 'oauthctl-service', undefined, auth, insecure);
    const t = await client.clientCredentialsGrant(svc, { scope: 'api:read' });
    const before = await client.tokenIntrospection(svc, t.access_token);
    await client.tokenRevocation(svc, t.access_token);
    const after = await client.tokenIntrospection(svc, t.access_token);
    out[name] = { scope: t.scope, active: before.active, after: after.active, aud: before.aud };
  }
  return out;
});

console.log(JSON.stringify(result));
