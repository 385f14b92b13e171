// A stand-in for a browser, for oauthctl's tests: records the URL it was
// asked to open as one JSON line in $RECORDER_LOG, and with
// RECORDER_FOLLOW=1 loads it like a browser whose user approves at once
// (following redirects, so a provider's redirect reaches oauthctl's
// loopback listener), then records where it ended and the status.
import { appendFileSync } from 'node:fs';

const url = process.argv[2];
const log = process.env.RECORDER_LOG;
const record = (entry) => appendFileSync(log, JSON.stringify(entry) + '\n');
record({ url, argc: process.argv.length - 2 });
if (process.env.RECORDER_FOLLOW === '1') {
  try {
    const resp = await fetch(url, { redirect: 'follow' });
    record({ final: resp.url, status: resp.status, body: await resp.text() });
  } catch (e) {
    record({ error: String(e) });
  }
}
