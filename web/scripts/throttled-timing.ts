/**
 * Time to interactive of the portal on a slow phone (issue 6: "fast on a slow phone — measure
 * the time to interactive on a throttled profile, record it"). Not a test: it prints figures,
 * recorded in web/README.md.
 *
 *   node web/scripts/throttled-timing.ts [--url http://127.0.0.1:3000] [--runs 5] [path …]
 *
 * Without --url it starts the server itself on the demo data (`tinhso serve --seed-demo`, a fresh
 * embedded database in a temporary directory, web/dist as built) and stops it at the end.
 *
 * Profile (Chrome DevTools' "slow 4G" of Lighthouse's mobile run): network 1.6 Mbit/s down,
 * 750 kbit/s up, 150 ms round trip (Network.emulateNetworkConditions); CPU 4× slower
 * (Emulation.setCPUThrottlingRate); 360×740 viewport; cache disabled, so every run is a first
 * visit. Figures are medians over the runs, in ms from navigation start:
 *   FCP     first contentful paint;
 *   h1      the page's heading in the document (the app has rendered the page);
 *   ready   heading present and no loading indicator left (the page's data shown);
 *   TTI     `ready`, or the end of the last long task (> 50 ms) after it if later: from then the
 *           main thread answers a tap at once (a simplification of Lighthouse's quiet window);
 *   JS      bytes of JavaScript on the wire (compressed) for that page.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, median, startDemoServer } from './demo-server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '3917' },
  },
});
const paths = positionals.length > 0 ? positionals : ['/', '/thu-tuc/1.001193'];
const runs = Math.max(1, Number(values.runs));

const PROFILE = {
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
  cpu: 4,
};

/** Runs in the page before any of its scripts: records paint, heading, readiness and long tasks. */
function probe() {
  const g = globalThis as unknown as {
    __timing: { h1?: number; ready?: number; longTasksEnd: number[] };
    document: {
      querySelector(s: string): unknown;
      documentElement: unknown;
    };
    MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void };
    PerformanceObserver: new (
      cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
    ) => { observe(o: unknown): void };
  };
  g.__timing = { longTasksEnd: [] };
  let wasReady = false;
  new g.MutationObserver(() => {
    const h1 = g.document.querySelector('h1') !== null;
    if (h1 && g.__timing.h1 === undefined) g.__timing.h1 = performance.now();
    const ready = h1 && g.document.querySelector('.loading') === null;
    if (ready && !wasReady) g.__timing.ready = performance.now();
    wasReady = ready;
  }).observe(g.document.documentElement ?? g.document, { childList: true, subtree: true });
  new g.PerformanceObserver((list) => {
    for (const e of list.getEntries()) g.__timing.longTasksEnd.push(e.startTime + e.duration);
  }).observe({ type: 'longtask', buffered: true });
}

interface Sample {
  fcp: number;
  h1: number;
  ready: number;
  tti: number;
  js: number;
}

async function main(): Promise<void> {
  const server = values.url ? { url: values.url, stop: async () => {} } : await startDemoServer(values.port!);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    process.stdout.write(
      `profile: ${PROFILE.latency} ms RTT, ${(PROFILE.downloadThroughput * 8) / 1024 / 1024} Mbit/s down, ` +
        `${(PROFILE.uploadThroughput * 8) / 1024} kbit/s up, CPU ×${PROFILE.cpu}; 360×740; ${runs} cold runs per page; ` +
        `machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}\n`,
    );
    process.stdout.write('page | FCP | h1 | ready | TTI | JS on the wire\n');
    for (const p of paths) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
        const page = await context.newPage();
        await page.addInitScript(probe);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: PROFILE.latency,
          downloadThroughput: PROFILE.downloadThroughput,
          uploadThroughput: PROFILE.uploadThroughput,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
        const scripts = new Set<string>();
        let js = 0;
        cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => {
          if (e.type === 'Script') scripts.add(e.requestId);
        });
        cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
          if (scripts.has(e.requestId)) js += e.encodedDataLength;
        });
        await page.goto(`${server.url}${p}`, { waitUntil: 'load', timeout: 120_000 });
        await page.waitForFunction(
          () => (globalThis as unknown as { __timing: { ready?: number } }).__timing.ready !== undefined,
          undefined,
          { timeout: 120_000 },
        );
        await page.waitForLoadState('networkidle');
        // A quiet second after the network: long tasks that follow the content are counted.
        await page.waitForTimeout(1000);
        const t = await page.evaluate(() => {
          const g = globalThis as unknown as { __timing: { h1?: number; ready?: number; longTasksEnd: number[] } };
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
          return {
            fcp,
            h1: g.__timing.h1 ?? Number.NaN,
            ready: g.__timing.ready ?? Number.NaN,
            lt: g.__timing.longTasksEnd,
          };
        });
        const tti = Math.max(t.ready, ...t.lt.filter((end) => end > t.fcp));
        samples.push({ fcp: t.fcp, h1: t.h1, ready: t.ready, tti, js });
        await context.close();
      }
      const f = (k: keyof Sample) => `${(median(samples.map((s) => s[k])) / 1000).toFixed(2)} s`;
      const kb = `${(median(samples.map((s) => s.js)) / 1024).toFixed(1)} KB`;
      process.stdout.write(`${p} | ${f('fcp')} | ${f('h1')} | ${f('ready')} | ${f('tti')} | ${kb}\n`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
