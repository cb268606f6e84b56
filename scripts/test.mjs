#!/usr/bin/env node
// `npm test`: everything a change must pass, in order: types, unit tests, both builds, the Firefox lint, and the
// end-to-end tests in Debian's Chromium. Each step's output streams through; a summary follows, ending with the
// line CI reads: `N passed, N failed` (tests passed/failed over unit + e2e; a failed step that is not a test run,
// such as tsc, a build or the lint, counts as 1 failed). Exits non-zero when anything failed.
// Plain Node, no dependencies: it must be able to explain what is missing before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const steps = [];
let passed = 0;
let failed = 0;

function banner(text) {
  console.log(`\n\x1b[1m=== ${text}\x1b[0m`);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, 'chromium'));
  return candidates.find((c) => c && existsSync(c));
}

/** Runs a command with inherited stdio; returns { ok, seconds }. */
function run(cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`$ ${[path.relative(root, cmd) || cmd, ...args].join(' ')}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...opts.env } });
  if (res.error) console.error(`could not run ${cmd}: ${res.error.message}`);
  return { ok: res.status === 0, seconds: (Date.now() - started) / 1000, status: res.status };
}

/** A step that is not a test run: 1 failed when it fails. */
function step(name, cmd, args) {
  banner(name);
  const r = run(cmd, args);
  if (!r.ok) failed += 1;
  steps.push({ name, ok: r.ok, detail: r.ok ? '' : `exit ${r.status}`, seconds: r.seconds });
  return r.ok;
}

/** A vitest run with a JSON report: counts its tests; a crash without results counts as 1 failed. */
function vitestStep(name, args, tmp) {
  banner(name);
  const report = path.join(tmp, `${name}.json`);
  const r = run(bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  let p = 0;
  let f = 0;
  let note = '';
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    p = json.numPassedTests ?? 0;
    f = json.numFailedTests ?? 0;
    // A test file that fails to load has no failed tests but a failed suite.
    const brokenFiles = (json.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0);
    f += brokenFiles.length;
    if (brokenFiles.length) note = ` (incl. ${brokenFiles.length} test file(s) that failed to load)`;
    if (json.numPendingTests || json.numTodoTests) note += `, ${(json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)} skipped`;
    // A test that passed on a retry keeps the failure of its earlier try: name it, so flakiness stays visible.
    const retried = (json.testResults ?? []).flatMap((t) =>
      (t.assertionResults ?? []).filter((a) => a.status === 'passed' && (a.failureMessages ?? []).length > 0).map((a) => a.fullName),
    );
    if (retried.length) {
      note += `, ${retried.length} passed on retry`;
      console.log(`\n${name}: ${retried.length} test(s) passed only on retry (flaky, to fix):`);
      for (const t of retried) console.log(`  - ${t}`);
    }
  } catch {
    note = ', no JSON report';
  }
  if (!r.ok && f === 0) f = 1; // the run failed without a failing test (crash, config error, no tests found)
  passed += p;
  failed += f;
  steps.push({ name, ok: r.ok && f === 0, detail: `${p} passed, ${f} failed${note}`, seconds: r.seconds });
}

function skip(name, why) {
  failed += 1;
  steps.push({ name, ok: false, detail: `not run: ${why}`, seconds: 0 });
}

function summary() {
  banner('Summary');
  const width = Math.max(...steps.map((s) => s.name.length));
  for (const s of steps) {
    const time = s.seconds ? ` (${s.seconds.toFixed(1)} s)` : '';
    console.log(`  ${s.name.padEnd(width)}  ${s.ok ? 'ok    ' : 'FAILED'}  ${[s.detail, time.trim()].filter(Boolean).join(' ')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// (a) Preconditions that no install step of ours fixes.
const chromium = findChromium();
if (!chromium) {
  console.error(
    'Chromium is missing: the end-to-end tests drive the built extension in Debian\'s Chromium (/usr/bin/chromium).\n' +
      'Install it:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary)',
  );
  steps.push({ name: 'chromium', ok: false, detail: 'missing: sudo apt-get install -y chromium', seconds: 0 });
  failed += 1;
  summary();
}
steps.push({ name: 'chromium', ok: true, detail: chromium, seconds: 0 });
if (!existsSync(bin('vitest')) || !existsSync(bin('wxt'))) {
  console.error('node_modules is missing or incomplete. Run:  npm ci');
  steps.push({ name: 'dependencies', ok: false, detail: 'missing: npm ci', seconds: 0 });
  failed += 1;
  summary();
}

const tmp = mkdtempSync(path.join(tmpdir(), 'paperlens-test-'));
try {
  // (b) Types.
  step('typecheck', bin('tsc'), ['--noEmit']);
  // (c) Unit tests (vitest.config.ts).
  vitestStep('unit', [], tmp);
  // (d) Builds.
  const chromeBuilt = step('build', bin('wxt'), ['build']);
  const firefoxBuilt = step('build:firefox', bin('wxt'), ['build', '-b', 'firefox']);
  // (e) Firefox lint: web-ext exits non-zero on errors only (warnings pass).
  if (firefoxBuilt) step('lint:firefox', bin('web-ext'), ['lint', '--source-dir', '.output/firefox-mv2', '--no-input']);
  else skip('lint:firefox', 'the Firefox build failed');
  // (f) End-to-end tests against the build just made.
  if (chromeBuilt) vitestStep('e2e', ['--config', 'vitest.e2e.config.ts'], tmp);
  else skip('e2e', 'the Chrome build failed');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
summary();
