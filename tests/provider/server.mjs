// A real, independent OpenID provider for oauthctl's integration tests:
// panva/node-oidc-provider (OpenID Certified), pinned in package.json.
//
//   PORT=0 node tests/provider/server.mjs
//
// Listens on 127.0.0.1:PORT (0 = any free port) with the issuer
// http://127.0.0.1:PORT, prints exactly one line on stdout once it accepts
// connections,
//
//   listening http://127.0.0.1:PORT
//
// and serves until killed. Everything else (oidc-provider's notices, request
// errors) goes to stderr. State is in memory: every start is a fresh provider
// with fresh signing keys.
//
// Needs Node.js 20.18 or later (oidc-provider 9 uses URL.parse; it prefers 22
// LTS and says so on stderr, harmlessly, on 20).
//
// Clients (all secrets are test fixtures, nothing here is secret):
//
//   cli        public native app: authorization code + PKCE, refresh tokens,
//              device authorization grant; redirect http://127.0.0.1/callback
//              on any port
//   svc-basic  client_credentials, client_secret_basic, secret svc-basic-secret
//   svc-post   client_credentials, client_secret_post,  secret svc-post-secret
//   svc-jwt    client_credentials, private_key_jwt (RS256) with the key pair
//              in keys/ (svc-jwt.key.pem signs, svc-jwt.jwks.json verifies)
//
// Demo user: alice (log in as "alice" with any password on the built-in
// development login page).
//
// Resource server: urn:oauthctl:api, scopes "api:read api:write". Access
// tokens for it are RFC 9068 JWTs (typ at+jwt, aud urn:oauthctl:api, RS256).
// client_credentials requests without a resource parameter get it by
// default; other grants get it when they ask for it (resource=...), and
// otherwise an opaque access token for the userinfo endpoint.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

// oidc-provider prints its development notices with console.info, which is
// stdout; the stdout contract is the one "listening" line, so send the rest
// to stderr.
console.info = console.error;
console.log = console.error;

const { default: Provider } = await import('oidc-provider');

const API = 'urn:oauthctl:api';
const API_SCOPES = 'api:read api:write';

const here = new URL('.', import.meta.url);
const svcJwtJwks = JSON.parse(fs.readFileSync(new URL('keys/svc-jwt.jwks.json', here), 'utf8'));

// The one demo account. devInteractions' login page takes any login name;
// only "alice" exists, any other name is asked to log in again.
const accounts = {
  alice: {
    sub: 'alice',
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    preferred_username: 'alice',
    email: 'alice@example.com',
    email_verified: true,
  },
};

// Fresh signing keys on every start, as a real provider rotating keys
// would have: one RSA key (RS256, what every client must support) and one
// P-256 key (ES256). "alg" is set so the JWKS says what each key is for.
function signingKey(type, options, alg) {
  const { privateKey } = crypto.generateKeyPairSync(type, options);
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = crypto.createHash('sha256').update(JSON.stringify(jwk)).digest('base64url').slice(0, 16);
  return { ...jwk, kid, alg, use: 'sig' };
}

const jwks = {
  keys: [
    signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
    signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
  ],
};

// Bind first: with PORT=0 the port, and so the issuer, is known only then.
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      // A CLI is a native app (RFC 8252): public, PKCE, loopback redirect.
      // application_type native makes oidc-provider accept any port on the
      // loopback redirect URI (RFC 8252 section 7.3), so the CLI can listen
      // on an ephemeral port.
      client_id: 'cli',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
    },
    {
      // Machine clients, one per token endpoint authentication method.
      client_id: 'svc-basic',
      client_secret: 'svc-basic-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'svc-post',
      client_secret: 'svc-post-secret',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      // RFC 7523 client assertion signed with keys/svc-jwt.key.pem.
      client_id: 'svc-jwt',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: svcJwtJwks,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],

  jwks,

  // Signed cookies need keys; fixed ones are fine for a test provider.
  cookies: { keys: ['oauthctl-test-provider-cookie-key'] },

  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...account };
      },
    };
  },

  // Standard claims by scope, so ID tokens and userinfo carry name and email.
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },

  scopes: ['openid', 'offline_access', 'profile', 'email'],

  // ID tokens carry the claims of the granted scopes (name, email), as many
  // providers' do, so `login` can say who signed in without a userinfo call.
  conformIdTokenClaims: false,

  features: {
    // Built-in login and consent pages (enabled by default; said here because
    // a headless browser drives them to log in end to end).
    devInteractions: { enabled: true },
    // RFC 8628 device authorization grant, for `login --device`.
    deviceFlow: { enabled: true },
    // Machine tokens.
    clientCredentials: { enabled: true },
    // RFC 7662 and RFC 7009; confidential clients may introspect and revoke
    // (oidc-provider's default policy only limits public clients to their
    // own tokens). Structured (JWT) access tokens cannot be introspected or
    // revoked by oidc-provider; opaque ones and refresh tokens can.
    introspection: { enabled: true },
    revocation: { enabled: true },
    // RFC 8707 resource indicators: the API's access tokens are JWTs that a
    // resource server, and `oauthctl validate`, can check offline.
    resourceIndicators: {
      enabled: true,
      // No resource parameter: client_credentials gets the API (a machine
      // token for nothing would be useless); other grants get none, so a
      // login's access token stays usable at userinfo.
      async defaultResource(ctx, _client, oneOf) {
        if (oneOf) return oneOf.includes(API) ? API : oneOf[0];
        if (ctx.oidc.params?.grant_type === 'client_credentials') return API;
        return undefined;
      },
      // A refresh or code exchange without a resource parameter keeps the
      // resource that was granted.
      async useGrantedResource() {
        return true;
      },
      async getResourceServerInfo(_ctx, resourceIndicator) {
        if (resourceIndicator !== API) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: API_SCOPES,
          audience: API,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 60 * 60,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },

  // PKCE (S256) for every public client, as OAuth 2.1 and RFC 8252 require.
  pkce: {
    required: (_ctx, client) => client.clientAuthMethod === 'none',
  },

  // Refresh tokens to every client allowed the refresh_token grant, without
  // asking for offline_access: the CLI keeps its session across runs.
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },

  // Each refresh returns a new refresh token and the old one stops working
  // (OAuth 2.1 for public clients), so the CLI must store the new one.
  rotateRefreshToken: true,
});

// Requests' errors go to stderr (the test's panic message), not stdout.
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

server.on('request', provider.callback());

process.stdout.write(`listening ${issuer}\n`);

// Killed is the normal end; SIGTERM and SIGINT end it quietly.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
