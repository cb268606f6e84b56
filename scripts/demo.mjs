#!/usr/bin/env node
// `npm run demo`: works on a fresh machine. Installs what is missing (npm ci; Chromium and openssl through apt when
// running as root), builds the extension, then hands over to scripts/demo-run.ts, which serves the demo pages under
// their real URLs and opens Chromium with PaperLens:
//   $DISPLAY set  -> a visible browser; the URLs to visit are printed; runs until Ctrl+C.
//   no $DISPLAY   -> headless: visits the pages, writes screenshots to demo-screenshots/, prints them and exits.
// Pass --headless to force the second mode. Plain Node, no dependencies (runs before anything is installed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(cmd, args, env = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed${res.error ? `: ${res.error.message}` : ` (exit ${res.status})`}`);
    process.exit(res.status || 1);
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

const hasChromium = () => !!process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium') || onPath('chromium');

// 1. Node dependencies (the lockfile pins everything; postinstall runs `wxt prepare`).
if (!existsSync(path.join(root, 'node_modules', '.bin', 'tsx')) || !existsSync(path.join(root, 'node_modules', '.bin', 'wxt'))) {
  console.log('Installing dependencies (npm ci)…');
  sh(npm, ['ci', '--no-audit', '--no-fund']);
}

// 2. System packages: Chromium (the browser the demo drives) and openssl (a throwaway certificate for the local
//    https server that stands in for huggingface.co and arxiv.org).
const missing = [];
if (!hasChromium()) missing.push('chromium');
if (!onPath('openssl')) missing.push('openssl');
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    console.log(`Installing ${missing.join(', ')} with apt-get…`);
    sh('apt-get', ['update'], { DEBIAN_FRONTEND: 'noninteractive' });
    sh('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
  } else {
    console.error(
      `The demo needs ${missing.join(' and ')}, which is not installed.\n` +
        `On Debian/Ubuntu:  sudo apt-get install -y ${missing.join(' ')}\n` +
        '(or point CHROMIUM_PATH at a Chromium binary), then run `npm run demo` again.',
    );
    process.exit(1);
  }
}

// 3. Build the Chrome extension (.output/chrome-mv3).
sh(npm, ['run', 'build']);

// 4. The demo itself (TypeScript, so it can share the test harness and the demo-page builder).
const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/demo-run.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Ctrl+C reaches the child through the terminal's process group; keep this process alive until it is done.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
