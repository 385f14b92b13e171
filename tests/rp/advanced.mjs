// An independent client of `oauthctl serve`'s advanced requests:
// panva/openid-client (OpenID Certified), pinned in package.json. Run by
// tests/it/serve_advanced.rs against
//
//   oauthctl serve --auto-approve --dpop-nonce --device-interval 1 \
//     --provider-config FILE   (a public client "signed-app" with the test key)
//
//   ISSUER=... SERVICE_SECRET=... JAR_KEY=tests/provider/keys/svc-jwt.key.pem node advanced.mjs
//
// One login with PAR + JARM + DPoP (nonce retry by openid-client) + RAR,
// then userinfo and a refresh with the DPoP key; a login with a signed
// request object (JAR) pushed; client credentials with client_secret_jwt,
// introspection and revocation; the device grant with PKCE. Prints one JSON
// object with what each step saw; exits 1 on the first failure, with the
// error on stderr.

import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import * as client from 'openid-client';

const issuer = new URL(process.env.ISSUER);
const insecure = { execute: [client.allowInsecureRequests] };
const redirect_uri = 'http://127.0.0.1:43210/callback';
const details = [{ type: 'payment_initiation', instructedAmount: { currency: 'EUR', amount: '12.00' } }];
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

// --auto-approve: the authorization endpoint redirects at once.
async function follow(url) {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`no redirect (HTTP ${res.status}): ${await res.text()}`);
  return new URL(location);
}

async function pkce() {
  const verifier = client.randomPKCECodeVerifier();
  return { verifier, challenge: await client.calculatePKCECodeChallenge(verifier) };
}

let cli;
let DPoP;
let tokens;
await step('par_jarm_dpop_rar', async () => {
  cli = await client.discovery(issuer, 'oauthctl-cli', undefined, client.None(), insecure);
  client.useJwtResponseMode(cli);
  DPoP = client.getDPoPHandle(cli, await client.randomDPoPKeyPair('ES256'));
  const { verifier, challenge } = await pkce();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = await client.buildAuthorizationUrlWithPAR(
    cli,
    {
      redirect_uri,
      scope: 'openid offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce,
      response_mode: 'jwt',
      authorization_details: JSON.stringify(details),
    },
    { DPoP },
  );
  const callback = await follow(url);
  tokens = await client.authorizationCodeGrant(
    cli,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
    undefined,
    { DPoP },
  );
  return {
    request_uri: url.searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'),
    jarm: callback.searchParams.has('response') && !callback.searchParams.has('code'),
    token_type: tokens.token_type,
    authorization_details: tokens.authorization_details,
    sub: tokens.claims().sub,
  };
});

await step('dpop_userinfo_and_refresh', async () => {
  const ui = await client.fetchUserInfo(cli, tokens.access_token, tokens.claims().sub, { DPoP });
  const refreshed = await client.refreshTokenGrant(cli, tokens.refresh_token, undefined, { DPoP });
  return {
    userinfo_sub: ui.sub,
    token_type: refreshed.token_type,
    authorization_details: refreshed.authorization_details,
  };
});

await step('jar_pushed', async () => {
  const pem = readFileSync(process.env.JAR_KEY, 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const app = await client.discovery(issuer, 'signed-app', undefined, client.None(), insecure);
  const { verifier, challenge } = await pkce();
  const state = client.randomState();
  const { searchParams } = await client.buildAuthorizationUrlWithJAR(
    app,
    { redirect_uri, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', state },
    key,
  );
  const url = await client.buildAuthorizationUrlWithPAR(app, searchParams);
  const callback = await follow(url);
  const t = await client.authorizationCodeGrant(app, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { aud: t.claims().aud, token_type: t.token_type };
});

await step('client_secret_jwt', async () => {
  const svc = await client.discovery(
    issuer,
    'oauthctl-service',
    undefined,
    client.ClientSecretJwt(process.env.SERVICE_SECRET),
    insecure,
  );
  const t = await client.clientCredentialsGrant(svc, { scope: 'api:read' });
  const before = await client.tokenIntrospection(svc, t.access_token);
  await client.tokenRevocation(svc, t.access_token);
  const after = await client.tokenIntrospection(svc, t.access_token);
  return { scope: t.scope, active: before.active, after: after.active };
});

await step('device_pkce', async () => {
  const { verifier, challenge } = await pkce();
  const d = await client.initiateDeviceAuthorization(cli, {
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const res = await fetch(new URL('/device', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: d.user_code, action: 'approve' }),
  });
  if (res.status !== 200) throw new Error(`device page: HTTP ${res.status}`);
  const t = await client.pollDeviceAuthorizationGrant(cli, d, { code_verifier: verifier });
  return { sub: t.claims().sub };
});

console.log(JSON.stringify(result));
