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
//   svc-canary client_credentials, client_secret_basic, secret
//              canary-5f3a9e-client-secret-DO-NOT-PRINT (tests/it/canary.rs
//              looks for it in everything oauthctl prints and writes)
//   svc-jwt    client_credentials, private_key_jwt (RS256) with the key pair
//              in keys/ (svc-jwt.key.pem signs, svc-jwt.jwks.json verifies)
//   svc-mtls   client_credentials, tls_client_auth (RFC 8705) with a client
//              certificate for CN=svc-mtls; needs MTLS_CERT, MTLS_KEY and
//              MTLS_CA (see below)
//   svc-secret-jwt  client_credentials, device code and refresh,
//              client_secret_jwt (HS256 assertions), secret
//              svc-secret-jwt-secret-0123456789abcdef
//   svc-self-signed  client_credentials, device code and refresh,
//              self_signed_tls_client_auth (RFC 8705 section 2.2) with the
//              self-signed certificate in MTLS_SELF_SIGNED (a PEM file,
//              registered as its jwks with x5c); only with the MTLS_* above
//
// Advanced authorization requests (issue 13; see the block at the end of
// the clients and the features requestObjects, jwtResponseModes and
// richAuthorizationRequests):
//
//   cli-par    like cli, registered with require_pushed_authorization_requests
//              (RFC 9126 section 6): the browser may only carry a request_uri
//   cli-jar    like cli, require_signed_request_object (RFC 9101): request
//              objects signed RS256 with keys/svc-jwt.key.pem
//   cli-jarm   like cli, authorization_signed_response_alg RS256 (JARM)
//   web-jar    a confidential client as FAPI 2.0 has them: private_key_jwt
//              and signed request objects with keys/svc-jwt.key.pem, every
//              request pushed
//   web-mtls   tls_client_auth (CN=svc-mtls) for logins, every request pushed
//              (to the mtls_endpoint_aliases entry); only with MTLS_*
//   cli-rar    like cli, with authorization_details (RFC 9396)
//   svc-rar    client_credentials with authorization_details (RFC 9396),
//              client_secret_basic, secret svc-rar-secret
//
// Rich authorization requests accept the types account_information and
// payment_initiation; what was asked is granted as asked.
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
import https from 'node:https';

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
//
// The key comes out of generation as PKCS#8 DER and is read back into a new
// KeyObject before the JWK export. Exporting the generated KeyObject itself
// deadlocks node 20 about once in 40 starts: a garbage collection during
// the export runs the key-generation job's destructor, which waits for the
// key's mutex that the export holds (main thread stuck in
// KeyGenJob<EcKeyGenTraits>::~KeyGenJob under ExportJWKEcKey, seen with gdb).
function signingKey(type, options, alg) {
  const { privateKey: der } = crypto.generateKeyPairSync(type, {
    ...options,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  const privateKey = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
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

// Mutual TLS (RFC 8705), when MTLS_CERT, MTLS_KEY (the server's certificate
// for 127.0.0.1) and MTLS_CA (the CA that issues client certificates) name
// PEM files: a second, https listener that asks every client for a
// certificate, advertised as mtls_endpoint_aliases, and the client
// svc-mtls (tls_client_auth, subject CN=svc-mtls). The TLS layer checks the
// chain against MTLS_CA but lets unverified and missing certificates
// through, so that oidc-provider itself refuses them with invalid_client.
let mtls;
if (process.env.MTLS_CERT) {
  mtls = https.createServer({
    cert: fs.readFileSync(process.env.MTLS_CERT),
    key: fs.readFileSync(process.env.MTLS_KEY),
    ca: fs.readFileSync(process.env.MTLS_CA),
    requestCert: true,
    rejectUnauthorized: false,
  });
  await new Promise((resolve, reject) => {
    mtls.once('error', reject);
    mtls.listen(0, '127.0.0.1', resolve);
  });
}
const mtlsBase = mtls ? `https://127.0.0.1:${mtls.address().port}` : undefined;
const peerCertificate = (ctx) => ctx.req.socket.getPeerX509Certificate?.();

// ---- client authentication methods (issue 13) ------------------------------
// RFC 8705 section 5: with mutual TLS, every endpoint a client calls itself
// has an alias on the https listener that asks for certificates.
const mtlsAliases = mtlsBase ? {
  token_endpoint: `${mtlsBase}/token`,
  device_authorization_endpoint: `${mtlsBase}/device/auth`,
  revocation_endpoint: `${mtlsBase}/token/revocation`,
  introspection_endpoint: `${mtlsBase}/token/introspection`,
  userinfo_endpoint: `${mtlsBase}/me`,
  pushed_authorization_request_endpoint: `${mtlsBase}/request`,
} : undefined;
// self_signed_tls_client_auth: the client registers its self-signed
// certificate as a JWK with x5c, which oidc-provider matches by its
// SHA-256 thumbprint (x5t#S256) against the certificate presented.
let selfSignedJwks;
if (mtlsBase && process.env.MTLS_SELF_SIGNED) {
  const cert = new crypto.X509Certificate(fs.readFileSync(process.env.MTLS_SELF_SIGNED));
  selfSignedJwks = {
    keys: [{ ...cert.publicKey.export({ format: 'jwk' }), x5c: [cert.raw.toString('base64')] }],
  };
}
// ---- end of client authentication methods ----------------------------------

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
      client_id: 'svc-canary',
      client_secret: 'canary-5f3a9e-client-secret-DO-NOT-PRINT',
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
    {
      // RFC 8705 tls_client_auth: the client certificate issued to CN=svc-mtls.
      client_id: 'svc-mtls',
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=svc-mtls',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    // ---- client authentication methods (issue 13) ----
    {
      // OIDC Core section 9 client_secret_jwt: an assertion signed with
      // HMAC (HS256) keyed with the secret, which itself never travels.
      client_id: 'svc-secret-jwt',
      client_secret: 'svc-secret-jwt-secret-0123456789abcdef',
      token_endpoint_auth_method: 'client_secret_jwt',
      grant_types: [
        'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code',
      ],
      response_types: [],
      redirect_uris: [],
    },
    ...(selfSignedJwks ? [{
      // RFC 8705 section 2.2 self_signed_tls_client_auth.
      client_id: 'svc-self-signed',
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      jwks: selfSignedJwks,
      grant_types: [
        'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code',
      ],
      response_types: [],
      redirect_uris: [],
    }] : []),
    // ---- end of client authentication methods ----
    // ---- issue 13, advanced requests (helper "requests") ----------------
    {
      // RFC 9126 section 6: this client's requests must be pushed.
      client_id: 'cli-par',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      require_pushed_authorization_requests: true,
    },
    {
      // RFC 9101: only signed request objects, RS256 with keys/svc-jwt.key.pem.
      client_id: 'cli-jar',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      jwks: svcJwtJwks,
      require_signed_request_object: true,
      request_object_signing_alg: 'RS256',
    },
    {
      // private_key_jwt, request objects and PAR, all with one key.
      client_id: 'web-jar',
      application_type: 'native',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: svcJwtJwks,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      require_signed_request_object: true,
      require_pushed_authorization_requests: true,
      request_object_signing_alg: 'RS256',
    },
    {
      // tls_client_auth for a login: its PAR push and code exchange go to
      // the mtls_endpoint_aliases with the certificate of CN=svc-mtls.
      client_id: 'web-mtls',
      application_type: 'native',
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: 'CN=svc-mtls',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      require_pushed_authorization_requests: true,
    },
    {
      // JARM: authorization responses signed RS256.
      client_id: 'cli-jarm',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      authorization_signed_response_alg: 'RS256',
    },
    {
      // RFC 9396 for a native app.
      client_id: 'cli-rar',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      authorization_details_types: ['account_information', 'payment_initiation'],
    },
    {
      // RFC 9396 for a machine client.
      client_id: 'svc-rar',
      client_secret: 'svc-rar-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      authorization_details_types: ['account_information', 'payment_initiation'],
    },
    // ---- end of issue 13, advanced requests ------------------------------
  ],

  // RFC 8705 section 5 aliases (mtlsAliases above).
  ...(mtlsBase ? { discovery: { mtls_endpoint_aliases: mtlsAliases } } : {}),

  jwks,

  // The default methods, and RFC 8705 tls_client_auth for svc-mtls.
  clientAuthMethods: [
    'client_secret_basic', 'client_secret_jwt', 'client_secret_post', 'private_key_jwt', 'none',
    'tls_client_auth',
    // issue 13: RFC 8705 section 2.2.
    'self_signed_tls_client_auth',
  ],

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
    // ---- DPoP (RFC 9449), for tests/it/dpop.rs --------------------------
    // On by default in oidc-provider 9 (proofs checked at the token and
    // userinfo endpoints, tokens bound with cnf.jkt). DPOP_NONCE=1 also
    // makes every proof carry a server nonce: a proof without one is
    // answered with use_dpop_nonce and a DPoP-Nonce header (a 400 at the
    // token endpoint, a 401 at userinfo).
    dPoP: {
      enabled: true,
      ...(process.env.DPOP_NONCE
        ? { nonceSecret: crypto.randomBytes(32), requireNonce: () => true }
        : {}),
    },
    // ---- end of DPoP --------------------------------------------------------
    // RFC 8705 mutual TLS client authentication (see MTLS_* above).
    mTLS: {
      enabled: true,
      tlsClientAuth: true,
      // issue 13: RFC 8705 section 2.2.
      selfSignedTlsClientAuth: true,
      getCertificate: (ctx) => peerCertificate(ctx)?.toString(),
      certificateAuthorized: (ctx) => ctx.req.socket.authorized === true,
      certificateSubjectMatches: (ctx, property, expected) => property === 'tls_client_auth_subject_dn'
        && peerCertificate(ctx)?.subject === expected,
    },
    // ---- issue 13, advanced requests (helper "requests") ----------------
    // RFC 9101 signed request objects (PAR, RFC 9126, is on by default).
    requestObjects: { enabled: true },
    // JARM: response_mode jwt, query.jwt, form_post.jwt (and fragment.jwt).
    jwtResponseModes: { enabled: true },
    // RFC 9396: two types; what was asked is granted as asked, and a
    // refresh keeps what the code granted.
    richAuthorizationRequests: {
      enabled: true,
      types: {
        account_information: { validate() {} },
        payment_initiation: { validate() {} },
      },
      async authorizationDetailsForGrantSource(ctx) {
        const asked = ctx.oidc.params.authorization_details;
        return asked === undefined ? undefined : JSON.parse(asked);
      },
      async authorizationDetailsForAccessToken(ctx, _token, source) {
        if (source?.rar !== undefined) return source.rar;
        const asked = ctx.oidc.params.authorization_details;
        return asked === undefined ? undefined : JSON.parse(asked);
      },
      async authorizationDetailsForIntrospection(_ctx, token) {
        return token.rar;
      },
    },
    // ---- end of issue 13, advanced requests ------------------------------
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
          // ACCESS_TOKEN_ALG=ES256 for scripts/bench-serve's like-for-like run.
          jwt: { sign: { alg: process.env.ACCESS_TOKEN_ALG ?? 'RS256' } },
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

// ---- TEST-ONLY FIXTURES (no real provider has these) ------------------------
//
// Token requests that reached the provider, by grant type, succeeded or not,
// so tests can count them (e.g. eight concurrent `oauthctl token` calls make
// exactly one refresh):
//
//   GET /__test/counts  ->  {"refresh_token": 1, "client_credentials": 3, ...}
//
// Completing a device authorization as alice, as the device verification
// pages do after login and consent (actions/authorization/device.js), so
// tests get a real grant with real access, refresh and ID tokens from the
// real token endpoint without driving the HTML pages:
//
//   POST /__test/approve-device  user_code=XXXX-XXXX  ->  204
const counts = {};
for (const event of ['grant.success', 'grant.error']) {
  provider.on(event, (ctx) => {
    const type = ctx.oidc?.params?.grant_type ?? 'unknown';
    counts[type] = (counts[type] ?? 0) + 1;
  });
}

async function approveDevice(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const userCode = new URLSearchParams(body).get('user_code') ?? '';
  // Stored normalized, as helpers/user_codes.js normalize() does.
  const code = await provider.DeviceCode.findByUserCode(userCode.toUpperCase().replace(/\W/g, ''));
  if (!code) {
    res.writeHead(404).end('no such user_code');
    return;
  }
  // What the device asked for (the verification pages would show these for
  // consent; here they are all granted).
  const scope = code.params.scope ?? 'openid';
  const grant = new provider.Grant({ accountId: 'alice', clientId: code.clientId });
  grant.addOIDCScope(scope);
  Object.assign(code, {
    accountId: 'alice',
    scope,
    authTime: Math.floor(Date.now() / 1000),
    grantId: await grant.save(),
  });
  await code.save();
  res.writeHead(204).end();
}

const callback = provider.callback();
mtls?.on('request', callback);
server.on('request', (req, res) => {
  if (req.method === 'GET' && req.url === '/__test/counts') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
  } else if (req.method === 'POST' && req.url === '/__test/approve-device') {
    approveDevice(req, res).catch((err) => {
      console.error('approve-device', err);
      res.writeHead(500).end(String(err));
    });
  } else {
    callback(req, res);
  }
});
// ---- end of TEST-ONLY FIXTURES ----------------------------------------------

process.stdout.write(`listening ${issuer}\n`);

// Killed is the normal end; SIGTERM and SIGINT end it quietly.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
