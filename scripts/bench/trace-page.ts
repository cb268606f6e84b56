// Where the main thread's time goes while PaperLens badges an arXiv listing: loads the page 3 times in
// Chromium with the built extension (.output/chrome-mv3), records a CDP trace, and prints for the window
// [content.js evaluation, last <paperlens-badges> added] the trace events by total duration, the tasks
// over 20 ms ([start ms after content.js, duration ms]) and any performance.mark()s the page or content
// script made (add some to utils/content/controller.ts to split phases). Not part of `npm run bench`.
//   npx wxt build && npx tsx scripts/bench/trace-page.ts [entries=2000]
import { launchExtension, PageServer, TempRoot, loadCorpus } from '../../test/e2e/harness';
import { buildArxivListing } from '../../test/helpers/demo-pages';
const n = Number(process.argv[2] ?? 2000);
const real = loadCorpus();
const root = new TempRoot();
const p = buildArxivListing(real, n);
const url = `https://arxiv.org/list/cs.CL/pastweek?show=${n}`;
const server = await PageServer.start(root, new Map([[url, p.html]]));
const s = await launchExtension({ server, tempRoot: root });
await s.send({ type: 'status' });
for (let run = 0; run < 3; run++) {
  const page = await s.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (d: any) => events.push(...d.value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,v8.execute,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.addInitScript(() => {
    new MutationObserver((rs) => { for (const r of rs) for (const x of r.addedNodes) if (x.nodeName === 'PAPERLENS-BADGES') { (window as any).__n = ((window as any).__n ?? 0) + 1; performance.mark('badge'); } }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction((k) => ((window as any).__n ?? 0) >= k, p.placed.length, { timeout: 30000, polling: 50 });
  await page.waitForTimeout(300);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));
  // main thread of the page renderer: the thread with ParseHTML
  const parse = events.find((e) => e.name === 'ParseHTML');
  const tid = parse?.tid, pid = parse?.pid;
  const main = events.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X');
  // content script start: EvaluateScript of content.js
  const cs = main.find((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').includes('content-scripts/content.js'));
  const t0 = cs?.ts ?? 0;
  const lastBadge = events.filter((e) => e.name === 'badge' && e.pid === pid).map((e) => e.ts).sort((a: number, b: number) => b - a)[0];
  const inWin = main.filter((e) => e.ts >= t0 && e.ts <= (lastBadge ?? Infinity));
  const sum = new Map<string, number>();
  for (const e of inWin) sum.set(e.name, (sum.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  const tasks = inWin.filter((e) => e.name === 'RunTask' && e.dur > 20000).map((e) => [Math.round((e.ts - t0) / 1000), Math.round(e.dur / 1000)]);
  console.log(`run ${run}: window ${lastBadge ? Math.round((lastBadge - t0) / 1000) : '?'} ms; marks`, JSON.stringify(marks.filter((m: any) => m[0] !== 'badge').map((m: any) => m[0] + '@' + m[1])), marks.length);
  console.log('  by event (ms):', [...sum].filter(([, v]) => v > 3).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(' '));
  console.log('  tasks > 20ms [start, dur]:', JSON.stringify(tasks));
  // Function calls of the content script within the window
  const fc = inWin.filter((e) => e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || e.name === 'EventDispatch' || e.name === 'v8.callFunction');
  console.log('  fn calls > 5ms:', JSON.stringify(fc.filter((e) => e.dur > 5000).map((e) => [e.name, Math.round((e.ts - t0) / 1000), Math.round(e.dur / 1000), String(e.args?.data?.url ?? e.args?.data?.functionName ?? '').slice(-30)])));
  await page.close();
}
await s.close();
await server.close();
root.remove();
process.exit(0);
