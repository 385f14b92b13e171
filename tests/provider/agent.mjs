// A scripted user agent for oauthctl's login and device tests: plain HTTP
// (fetch, a cookie jar, forms), no JavaScript. It plays the user on the test
// provider's built-in pages (devInteractions: log in as a user with any
// password, consent; the device flow's code pages).
//
//   node agent.mjs URL                      as $BROWSER for `oauthctl login`
//   node agent.mjs device URL [approve|deny] the verification_uri_complete
//
// Environment:
//   AGENT_LOG       file to append one JSON line per step to (required)
//   AGENT_MODE      login (default): log in and consent;
//                   deny: log in, then cancel at the consent page;
//                   callback: go straight to the redirect URI of the
//                   authorization URL with AGENT_CALLBACK as its query
//                   ({state} stands for the request's state), for tests
//                   with a hostile server and no login pages
//   AGENT_CALLBACK  the query for AGENT_MODE=callback
//   AGENT_STRAY     comma-separated paths to request on the redirect URI's
//                   origin before anything else (a favicon, a wrong path)
//   AGENT_USER      the login name (default alice)
//   AGENT_REDIRECT  the redirect URI, for an authorization URL that does
//                   not carry it (a pushed request, RFC 9126, or a signed
//                   request object carry only client_id and request_uri or
//                   request)
//
// The first log line is {"step":"open","url":…}, the URL as given.
//
// The last log line is {"step":"callback","status":…,"body":…} for a login
// (oauthctl's page), {"step":"done",…} for the device flow, or
// {"step":"error","message":…}.

import fs from 'node:fs';

const logFile = process.env.AGENT_LOG;
const log = (entry) => {
  if (logFile) fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
};

// Cookies by name and path (oidc-provider scopes its interaction cookies
// to paths); one host only, which is all these tests use.
const jar = new Map();
function storeCookies(res, url) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const a of attrs) {
      const [k, v = ''] = a.split('=');
      if (k.toLowerCase() === 'path') path = v;
      if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
    }
    const key = `${name};${path}`;
    if (expired || value === '') jar.delete(key);
    else jar.set(key, { name, value, path });
  }
  void url;
}
function cookieHeader(url) {
  const { pathname } = new URL(url);
  return [...jar.values()]
    .filter((c) => pathname.startsWith(c.path))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

// Follow redirects by hand (to see cookies and to stop at the callback).
async function go(url, { method = 'GET', body, stopAt } = {}) {
  for (let hop = 0; hop < 20; hop += 1) {
    // A form_post response (JARM form_post.jwt) arrives as a POST.
    if (stopAt && stopAt(new URL(url))) return { callback: url, method, body };
    const headers = { cookie: cookieHeader(url) };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, body, headers, redirect: 'manual' });
    storeCookies(res, url);
    log({ step: 'request', method, url: url.replace(/\?.*/, '?…'), status: res.status });
    if ([301, 302, 303, 307, 308].includes(res.status)) {
      url = new URL(res.headers.get('location'), url).href;
      if (res.status === 303 || method === 'POST') {
        method = 'GET';
        body = undefined;
      }
      continue;
    }
    return { url, status: res.status, html: await res.text() };
  }
  throw new Error('too many redirects');
}

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\b${name}="([^"]*)"`));
  if (!m) return undefined;
  return m[1]
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
};

// The page's first form: its action and its fields, filled in as the user.
function firstForm(page) {
  const m = page.html.match(/<form\b[^>]*>[\s\S]*?<\/form>/);
  if (!m) return undefined;
  const formTag = m[0].match(/<form\b[^>]*>/)[0];
  const fields = new URLSearchParams();
  for (const input of m[0].match(/<input\b[^>]*>/g) ?? []) {
    const name = attr(input, 'name');
    if (!name) continue;
    fields.set(name, attr(input, 'value') ?? '');
  }
  return { action: new URL(attr(formTag, 'action') ?? page.url, page.url).href, fields };
}

async function submitForms(page, { stopAt, deny }) {
  for (let step = 0; step < 10; step += 1) {
    if (page.callback) return page;
    const form = firstForm(page);
    if (!form) return page;
    const { fields } = form;
    if (fields.has('login')) {
      fields.set('login', process.env.AGENT_USER ?? 'alice');
      fields.set('password', 'any password');
    }
    if (deny && fields.get('prompt') === 'consent') {
      log({ step: 'deny' });
      page = await go(`${form.action.replace(/\/$/, '')}/abort`, { stopAt });
      continue;
    }
    const abort = deny && fields.has('confirm');
    if (abort) {
      fields.delete('confirm');
      fields.set('abort', 'yes');
    }
    log({ step: 'submit', action: new URL(form.action).pathname, fields: [...fields.keys()] });
    page = await go(form.action, { method: 'POST', body: fields.toString(), stopAt });
    // The provider shows the code form again after an abort: done.
    if (abort) return page;
  }
  throw new Error('too many forms');
}

async function login(authorizationUrl) {
  log({ step: 'open', url: authorizationUrl });
  const params = new URL(authorizationUrl).searchParams;
  const redirect = new URL(params.get('redirect_uri') ?? process.env.AGENT_REDIRECT);
  const state = params.get('state');
  for (const path of (process.env.AGENT_STRAY ?? '').split(',').filter(Boolean)) {
    const res = await fetch(new URL(path, redirect.origin));
    log({ step: 'stray', path, status: res.status });
  }
  let target;
  let init;
  if ((process.env.AGENT_MODE ?? 'login') === 'callback') {
    const query = (process.env.AGENT_CALLBACK ?? '').replaceAll('{state}', encodeURIComponent(state));
    target = `${redirect.href}?${query}`;
  } else {
    const stopAt = (u) => u.origin === redirect.origin && u.pathname === redirect.pathname;
    const first = await go(authorizationUrl, { stopAt });
    const last = await submitForms(first, { stopAt, deny: process.env.AGENT_MODE === 'deny' });
    if (!last.callback) throw new Error(`never came back to ${redirect.href}: ${last.status} ${last.url}`);
    target = last.callback;
    if (last.method === 'POST') {
      init = { method: 'POST', body: last.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
  }
  const res = await fetch(target, init);
  log({ step: 'callback', status: res.status, body: await res.text() });
}

async function device(url, decision) {
  const first = await go(url);
  const last = await submitForms(first, { deny: decision === 'deny' });
  const text = last.html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  log({ step: 'done', status: last.status, text });
}

try {
  if (process.argv[2] === 'device') await device(process.argv[3], process.argv[4] ?? 'approve');
  else await login(process.argv[2]);
} catch (e) {
  log({ step: 'error', message: String(e?.stack ?? e) });
  process.exitCode = 1;
}
