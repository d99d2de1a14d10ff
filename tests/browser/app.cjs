// The browser test: the real release binary, headless Debian Chromium driven
// by playwright-core. Run by `cargo xtask test` (which sets SERVICEBOOK_BIN
// and NODE_PATH); prints "N passed, N failed" and exits non-zero on failure.
'use strict';

const { chromium } = require('playwright-core');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = process.env.SERVICEBOOK_BIN || path.join(root, 'target', 'release', 'servicebook');
const locales = {
  en: JSON.parse(fs.readFileSync(path.join(root, 'web', 'locales', 'en.json'), 'utf8')),
  zh: JSON.parse(fs.readFileSync(path.join(root, 'web', 'locales', 'zh-CN.json'), 'utf8')),
};
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// Starts the server on a fresh data directory; resolves with its base URL and
// the first admin's one-time password once it is listening.
async function startServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'servicebook-browser-'));
  const port = await freePort();
  const child = spawn(bin, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const password = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Servicebook is running')) {
        clearTimeout(timer);
        const m = out.match(/one-time password\s+(\S+)/);
        resolve(m ? m[1] : null);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
  return { base: `http://127.0.0.1:${port}`, password, stop: () => child.kill('SIGTERM'), data };
}

const results = [];
// Pages of the flow running now: on a failure, what each one showed.
let openPages = [];
async function explain() {
  for (const page of openPages) {
    if (page.isClosed()) continue;
    const errors = await page.locator('[data-testid=error], .field-error:not(:empty)').allTextContents().catch(() => []);
    // What the page said, so a failure on a fresh machine can be read from the log alone.
    const text = (await page.locator('main').innerText({ timeout: 2000 }).catch(() => '')).replace(/\s+/g, ' ').slice(0, 600);
    console.log(`      page ${page.url()}\n        problems: ${page.problems.join(' | ') || '-'}\n        errors shown: ${errors.join(' | ') || '-'}\n        text: ${text || '-'}`);
  }
}
async function check(name, fn) {
  openPages = [];
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n      ${String(e && e.stack || e).split('\n').join('\n      ')}`);
    await explain();
  }
}

// A page that records console errors and uncaught exceptions.
async function newPage(browser, { locale, viewport }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  openPages.push(page);
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') page.problems.push(`${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`); });
  return page;
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function noProblems(page) {
  assert(page.problems.length === 0, `console problems:\n${page.problems.join('\n')}`);
}

// flows.cjs first, then one file per area (flows-<area>.cjs), in name order.
const tests = ['flows.cjs']
  .concat(fs.readdirSync(__dirname).filter((f) => /^flows-.+\.cjs$/.test(f)).sort())
  .flatMap((f) => require(`./${f}`))
  // FLOWS=text (cargo xtask browser text): only the flows whose name has it.
  .filter(([name]) => !process.env.FLOWS || name.includes(process.env.FLOWS));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const server = await startServer();
  const ctx = { browser, server, locales, newPage, assert, noProblems, PHONE, DESKTOP };
  try {
    for (const [name, fn] of tests) {
      await check(name, () => fn(ctx));
    }
  } finally {
    server.stop();
    await browser.close();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
