// The phone's cold load: how long from navigation until the sign-in form is
// on screen, on an emulated mid-range phone (4× slower CPU, 9 Mbit/s down,
// 60 ms latency, via CDP) with an empty cache. Run by `cargo xtask bench`
// (SERVICEBOOK_BIN, NODE_PATH set); prints each run and the median, and the
// JSON line `{"cold_load_ms": …}` last for xtask to read.
'use strict';

const { chromium } = require('playwright-core');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const bin = process.env.SERVICEBOOK_BIN;
const RUNS = 5;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const NETWORK = {
  offline: false,
  latency: 60,
  downloadThroughput: (9 * 1000 * 1000) / 8,
  uploadThroughput: (2 * 1000 * 1000) / 8,
};

// Port 0, then the address the server prints: no port is picked and raced for.
function startServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'servicebook-coldload-'));
  const child = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Servicebook is running at (http:\/\/[^\s,]+)/);
      if (m) resolve({ base: m[1], stop: () => { child.kill('SIGTERM'); fs.rmSync(data, { recursive: true, force: true }); } });
    });
    child.on('exit', (code) => reject(new Error(`servicebook exited with ${code}:\n${out}`)));
  });
}

async function coldLoad(browser, base) {
  // A new context each time: nothing cached, no compiled module kept.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.getByTestId('login-password').waitFor({ state: 'visible', timeout: 60000 });
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

(async () => {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const ms = await coldLoad(browser, server.base);
      times.push(ms);
      console.log(`cold load ${i + 1}/${RUNS}: ${ms} ms`);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ cold_load_ms: times[Math.floor(RUNS / 2)], min_ms: times[0], max_ms: times[RUNS - 1] }));
  } finally {
    await browser.close();
    server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
