// A browser for serve's form-post responses: Debian's headless Chromium,
// driven by playwright-core (pinned in package.json), opens an
// authorization URL of `oauthctl serve --auto-approve` with
// response_mode=form_post(.jwt), lets the page's own script (allowed by
// its Content-Security-Policy hash) post the response to the redirect URI,
// and prints {"url", "method", "body"} of where it landed, or exits 1.
//
//   node form_post.mjs URL

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const url = process.argv[2];
const redirect = new URL(new URL(url).searchParams.get('redirect_uri'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'oauthctl-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const blocked = [];
  page.on('console', (m) => {
    if (m.type() === 'error') blocked.push(m.text());
  });
  const landed = page.waitForRequest((r) => {
    const u = new URL(r.url());
    return u.origin === redirect.origin && u.pathname === redirect.pathname;
  }, { timeout: 20000 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const req = await landed.catch((e) => {
    throw new Error(`never reached the redirect URI (${e}); console errors: ${blocked.join(' | ')}`);
  });
  console.log(JSON.stringify({ url: req.url(), method: req.method(), body: req.postData() }));
} catch (e) {
  console.error(String(e?.stack ?? e));
  process.exitCode = 1;
} finally {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
