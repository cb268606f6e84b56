// `npm run bench` — PaperLens performance figures (issue 5). Prints ONE table; never fails on a
// missed target (benchmarks report, tests assert). See docs/benchmarks.md for what each row means.
//
//   npm run bench                  full run (~4–5 min on 2 cores): Node core + Chromium, 100,000-paper corpus
//   npm run bench -- --quick       fast subset: fewer runs, 1k/10k in Node, 10,000 papers in the worker
//   options: --papers N (size of the large corpus), --build (run `npx wxt build` first),
//            --no-node, --no-browser, --no-pages (browser: only the large-corpus worker part), --json FILE (also write the rows as JSON)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_FILE, EXTENSION_DIR, findChromium, REPO_ROOT } from '../../test/e2e/harness';
import type { CorpusFile } from '../../utils/core/types';
import { browserBench } from './browser-bench';
import { nodeBench } from './node-bench';
import { table, type Row } from './stats';
import { syntheticCorpus } from './synthetic';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const KNOWN = new Set(['--quick', '--papers', '--build', '--no-node', '--no-browser', '--no-pages', '--json', '--help', '-h']);
if (flag('--help') || flag('-h')) {
  // The usage is this file's header comment.
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3));
  console.log(header.join('\n'));
  process.exit(0);
}
const unknown = args.filter((a, i) => a.startsWith('-') && !KNOWN.has(a) && !(args[i - 1] === '--papers' || args[i - 1] === '--json'));
if (unknown.length) {
  console.error(`unknown option ${unknown.join(' ')}; see npm run bench -- --help`);
  process.exit(2);
}
const quick = flag('--quick');
const papers = Number(value('--papers') ?? (quick ? 10_000 : 100_000));
const started = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}\n`);

async function main(): Promise<void> {
  if (flag('--build')) {
    log('npx wxt build');
    execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const loadStart = os.loadavg()[0]!;
  const contentJs = path.join(EXTENSION_DIR, 'content-scripts/content.js');
  const built = existsSync(contentJs) ? statSync(contentJs).mtime.toISOString() : 'not built';
  const real = JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as CorpusFile;
  log(`generating a ${papers.toLocaleString('en-US')}-paper corpus (${real.papers.length} real + synthetic)`);
  const big = syntheticCorpus(real, papers);

  const rows: Row[] = [];
  if (!flag('--no-node')) rows.push(...(await nodeBench({ quick, real, big, log })));
  let chromiumVersion = '';
  if (!flag('--no-browser')) {
    if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) throw new Error('No built extension: run `npx wxt build` (or pass --build)');
    const b = await browserBench({ quick, real, big, log, noPages: flag('--no-pages') });
    rows.push(...b.rows);
    chromiumVersion = b.info.chromiumVersion;
  }
  if (!chromiumVersion) {
    try {
      // "Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)" → the version, like the browser reports it.
      const out = execFileSync(findChromium(), ['--version'], { encoding: 'utf8' }).trim();
      chromiumVersion = out.replace(/^Chromium\s+/i, '').replace(/\s+built on .*$/, '');
    } catch {
      chromiumVersion = 'unknown';
    }
  }

  const cpus = os.cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    // Say whether uncommitted changes were measured too.
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()) commit += ' (+ working tree)';
  } catch {
    /* not a git checkout */
  }
  const header = [
    `PaperLens benchmarks — ${new Date().toISOString()}${quick ? ' (--quick)' : ''}`,
    `machine: ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `load average 1 min: ${loadStart.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end (other work on the machine skews figures)`,
    `Node ${process.version}; Chromium ${chromiumVersion}; extension built ${built}${commit ? `; git ${commit}` : ''}`,
    `large corpus: ${big.papers.length.toLocaleString('en-US')} papers (${real.papers.length} real + synthetic); total time ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ];
  const met = rows.filter((r) => r.met === true).length;
  const missed = rows.filter((r) => r.met === false);
  console.log(`${header.join('\n')}\n\n${table(rows)}\n`);
  console.log(`targets: ${met} met, ${missed.length} missed${missed.length ? `: ${missed.map((r) => r.name).join('; ')}` : ''}`);
  const jsonOut = value('--json');
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ header, rows }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
