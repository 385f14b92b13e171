// $BROWSER for oauthctl's end-to-end logins in a real browser: Debian's
// headless Chromium (/usr/bin/chromium), driven by playwright-core (pinned
// in package.json), opens the authorization URL oauthctl hands over, logs
// in and consents on the provider's pages (node oidc-provider's, or
// oauthctl serve's), and reads the page oauthctl's loopback listener
// answers with.
//
//   node chromium.mjs URL
//
// AGENT_LOG: file to append JSON lines to; the last is
// {"step":"callback","status":…,"url":…,"body":<the page's text>} or
// {"step":"error","message":…}. Requests that leave the machine are
// aborted (the provider's pages import a web font).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const log = (entry) => {
  if (process.env.AGENT_LOG) fs.appendFileSync(process.env.AGENT_LOG, `${JSON.stringify(entry)}\n`);
};

const url = process.argv[2];
// A pushed request (RFC 9126) carries no redirect_uri: AGENT_REDIRECT says it.
const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? process.env.AGENT_REDIRECT);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'oauthctl-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let callback;
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.origin === redirect.origin && u.pathname === redirect.pathname) callback = res;
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  log({ step: 'page', url: page.url().replace(/\?.*/, '?…') });

  // The login form: oidc-provider's test harness (field `login`; any
  // password works for alice) or oauthctl serve's (field `username`; the
  // demo user's password is demo). AGENT_USER and AGENT_PASSWORD choose.
  await page.fill('input[name=login], input[name=username]', process.env.AGENT_USER ?? 'alice');
  await page.fill('input[name=password]', process.env.AGENT_PASSWORD ?? 'any password');
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('button[type=submit]')]);
  log({ step: 'logged-in', url: page.url().replace(/\?.*/, '?…') });

  // The consent form, unless the grant needs none.
  if (!callback) {
    await Promise.all([page.waitForURL((u) => u.origin === redirect.origin, { waitUntil: 'domcontentloaded' }), page.click('button[type=submit]')]);
  }
  const body = await page.evaluate(() => document.body.innerText);
  log({ step: 'callback', status: callback?.status(), url: page.url().replace(/\?.*/, '?…'), body });
} catch (e) {
  log({ step: 'error', message: String(e?.stack ?? e) });
  process.exitCode = 1;
} finally {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
