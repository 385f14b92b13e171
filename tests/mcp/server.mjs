// A real MCP server for oauthctl's tests, built with the official MCP
// TypeScript SDK and protected the SDK's own way: `mcpAuthMetadataRouter`
// publishes its RFC 9728 protected-resource metadata (naming the
// authorization server), and `requireBearerAuth` guards /mcp, answering
// 401 with `WWW-Authenticate: Bearer ... resource_metadata="..."`.
//
//   ISSUER=http://127.0.0.1:N PORT=M node server.mjs
//   -> prints one line: "listening http://127.0.0.1:M/mcp"
//
// The authorization server is tests/provider/server.mjs started with
// MCP_RESOURCE=http://127.0.0.1:M/mcp: its access tokens for this resource
// are JWTs with that URL as audience, verified here with jose against the
// issuer's keys. One tool, `whoami`, answers with the token's subject.

import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  mcpAuthMetadataRouter,
  getOAuthProtectedResourceMetadataUrl,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

const issuer = process.env.ISSUER;
const port = Number(process.env.PORT ?? 0);
if (!issuer || !port) {
  console.error('ISSUER and PORT are required');
  process.exit(2);
}
const resource = new URL(`http://127.0.0.1:${port}/mcp`);

const oauthMetadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
const jwks = createRemoteJWKSet(new URL(oauthMetadata.jwks_uri));

const verifier = {
  async verifyAccessToken(token) {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer, audience: resource.href }));
    } catch (e) {
      throw new InvalidTokenError(`token rejected: ${e.code ?? e.message}`);
    }
    return {
      token,
      clientId: payload.client_id,
      scopes: (payload.scope ?? '').split(' ').filter(Boolean),
      expiresAt: payload.exp,
      resource: new URL(Array.isArray(payload.aud) ? payload.aud[0] : payload.aud),
      extra: { sub: payload.sub },
    };
  },
};

const app = express();
app.use(express.json());
app.use(mcpAuthMetadataRouter({
  oauthMetadata,
  resourceServerUrl: resource,
  scopesSupported: ['mcp:tools'],
  resourceName: 'oauthctl test MCP server',
}));

const bearer = requireBearerAuth({
  verifier,
  requiredScopes: ['mcp:tools'],
  resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(resource),
  expectedResource: resource,
});

app.post('/mcp', bearer, async (req, res) => {
  // Stateless: one server and transport per request.
  const server = new McpServer({ name: 'oauthctl-test', version: '1.0.0' });
  server.registerTool('whoami', { description: 'The token subject' }, async (_args, extra) => ({
    content: [{ type: 'text', text: String(extra.authInfo?.extra?.sub) }],
  }));
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${resource.href}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
