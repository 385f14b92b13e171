// A protected resource (RFC 9728) that is also a minimal MCP endpoint, built
// on jose, for `oauthctl probe resource`. One process serves one variant,
// chosen by TARGET; each variant has exactly one flaw, or none:
//
//   correct               verifies signature, iss, aud (its own URL), exp;
//                         401s carry resource_metadata; metadata names it
//   aud-unchecked         jwtVerify without the audience option: any
//                         audience passes (token passthrough)
//   metadata-mismatch     the metadata's resource is another URL
//   no-resource-metadata  the 401 challenge has no resource_metadata (the
//                         metadata is still at the well-known URL)
//
//   TARGET=correct PORT=0 node tests/probe-targets/node/resource.mjs
//
// Prints `listening http://127.0.0.1:PORT` once it accepts connections.
//
// GET  /token  a valid token (iss https://issuer.test, aud the resource URL,
//              scope mcp, an hour of validity), signed with ../keys/rsa.key.pem
// GET  /.well-known/oauth-protected-resource/mcp   the metadata
// GET  /mcp    200 {"ok":true,"sub":...} with a valid token
// POST /mcp    JSON-RPC initialize: the result as an event stream when the
//              client accepts text/event-stream, else as JSON
// A token without the mcp scope: 403 insufficient_scope, scope="mcp".

import fs from 'node:fs';
import http from 'node:http';
import { SignJWT, jwtVerify, importPKCS8, importSPKI } from 'jose';

const ISS = 'https://issuer.test';
const target = process.env.TARGET ?? 'correct';
if (!['correct', 'aud-unchecked', 'metadata-mismatch', 'no-resource-metadata'].includes(target)) {
  console.error(`unknown TARGET ${target}`);
  process.exit(2);
}
const keyFile = (name) => fs.readFileSync(new URL(`../keys/${name}`, import.meta.url), 'utf8');
const priv = await importPKCS8(keyFile('rsa.key.pem'), 'RS256');
const pub = await importSPKI(keyFile('rsa.pub.pem'), 'RS256');

let base = '';
const resource = () => `${base}/mcp`;
const metadataUrl = () => `${base}/.well-known/oauth-protected-resource/mcp`;

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const challenge = (params) => {
  const all = target === 'no-resource-metadata' ? params : [`resource_metadata="${metadataUrl()}"`, ...params];
  return all.length ? `Bearer ${all.join(', ')}` : 'Bearer realm="mcp"';
};

async function verify(token) {
  const options = { issuer: ISS, algorithms: ['RS256'] };
  if (target !== 'aud-unchecked') options.audience = resource();
  const { payload } = await jwtVerify(token, pub, options);
  return payload;
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, base);
  if (url.pathname === '/token') {
    const token = await new SignJWT({ sub: 'alice', scope: 'mcp' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .setIssuer(ISS)
      .setAudience(resource())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(priv);
    return json(res, 200, { access_token: token, token_type: 'Bearer' });
  }
  if (url.pathname === '/.well-known/oauth-protected-resource/mcp') {
    return json(res, 200, {
      resource: target === 'metadata-mismatch' ? `${base}/another` : resource(),
      authorization_servers: [ISS],
      scopes_supported: ['mcp'],
      bearer_methods_supported: ['header'],
    });
  }
  if (url.pathname !== '/mcp') return json(res, 404, { error: 'not_found' });
  const body = await readBody(req);
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Bearer ')) {
    return json(res, 401, { error: 'invalid_request' }, { 'www-authenticate': challenge([]) });
  }
  let claims;
  try {
    claims = await verify(h.slice(7));
  } catch (e) {
    return json(res, 401, { error: 'invalid_token' }, {
      'www-authenticate': challenge(['error="invalid_token"', `error_description="${e.code ?? 'invalid'}"`]),
    });
  }
  if (!String(claims.scope ?? '').split(' ').includes('mcp')) {
    return json(res, 403, { error: 'insufficient_scope' }, {
      'www-authenticate': challenge(['error="insufficient_scope"', 'scope="mcp"']),
    });
  }
  if (req.method === 'GET') return json(res, 200, { ok: true, sub: claims.sub });
  let rpc;
  try {
    rpc = JSON.parse(body);
  } catch {
    return json(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  }
  const answer = {
    jsonrpc: '2.0',
    id: rpc.id ?? null,
    result: {
      protocolVersion: rpc.params?.protocolVersion ?? '2025-06-18',
      capabilities: {},
      serverInfo: { name: `probe-target-${target}`, version: '0.0.0' },
    },
  };
  if ((req.headers.accept ?? '').includes('text/event-stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(`event: message\ndata: ${JSON.stringify(answer)}\n\n`);
    return;
  }
  return json(res, 200, answer);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  console.log(`listening ${base}`);
});
