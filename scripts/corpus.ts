// `npm run corpus`: builds the corpus JSON from a seed file (and an ids file). See docs/corpus-format.md.
// All parsing and building is in utils/core; this file only reads arguments and files and writes the output.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CorpusBuildError, serializeCorpus, validateCorpus } from '../utils/core/corpus';
import { InputFormatError, parseIdsTsv, parseSeed } from '../utils/core/seed';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_IN = resolve(ROOT, 'scripts/seed/000_07216205dbe5c28b.txt');
const DEFAULT_IDS = resolve(ROOT, 'scripts/seed/arxiv-ids.tsv');
const DEFAULT_OUT = resolve(ROOT, 'public/corpus.json');

const USAGE = `Usage: npm run corpus -- [--in SEED --out FILE [--ids TSV]] [--check] [--quiet]

Builds the PaperLens corpus JSON (docs/corpus-format.md) from a seed file: one title line
followed by one abstract line per paper.

  --in SEED    seed file to read
  --out FILE   corpus file to write (written atomically; nothing is written on error)
  --ids TSV    tab-separated ids file with columns arxiv_id and title (optional)
  --check      write nothing; exit 1 if FILE differs from what would be written
  --quiet      do not print warnings
  -h, --help   print this help

With no --in/--out/--ids, rebuilds the bundled corpus:
  --in scripts/seed/000_07216205dbe5c28b.txt --ids scripts/seed/arxiv-ids.tsv --out public/corpus.json

Errors are printed as FILE:LINE: message; the exit code is 1 on any error.`;

interface Options {
  input: string;
  ids?: string;
  out: string;
  check: boolean;
  quiet: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' {
  const given: { in?: string; out?: string; ids?: string } = {};
  let check = false;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--check') { check = true; continue; }
    if (arg === '--quiet') { quiet = true; continue; }
    const m = /^--(in|out|ids)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument "${arg}"`);
    const name = m[1] as 'in' | 'out' | 'ids';
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a file name`);
    }
    if (given[name] !== undefined) throw new UsageError(`--${name} given twice`);
    given[name] = value;
  }
  if (given.in === undefined && given.out === undefined && given.ids === undefined) {
    return { input: DEFAULT_IN, ids: DEFAULT_IDS, out: DEFAULT_OUT, check, quiet };
  }
  // No half-defaults: a custom input must never overwrite the bundled corpus by accident.
  if (given.in === undefined || given.out === undefined) throw new UsageError('--in and --out go together');
  return { input: resolve(given.in), ids: given.ids === undefined ? undefined : resolve(given.ids), out: resolve(given.out), check, quiet };
}

/** A problem to report as `FILE[:LINE]: message`. */
class Failure extends Error {
  constructor(readonly file: string, readonly line: number | undefined, message: string) {
    super(message);
  }
}

function show(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Reads a UTF-8 text file; invalid UTF-8 is reported with the line it is on. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Failure(file, undefined, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${(e as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\ufffd');
    const line = text.slice(0, Math.max(at, 0)).split('\n').length;
    throw new Failure(file, line, 'not UTF-8 text (invalid byte sequence): is this a binary file?');
  }
}

function run(options: Options): void {
  const seedText = readText(options.input);
  const idsText = options.ids === undefined ? undefined : readText(options.ids);

  const at = (file: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      if (e instanceof InputFormatError) throw new Failure(file, e.line, e.message);
      throw e;
    }
  };

  let seed!: ReturnType<typeof parseSeed>;
  let idRows: ReturnType<typeof parseIdsTsv> | undefined;
  let built!: ReturnType<typeof buildCorpus>;
  at(options.input, () => { seed = parseSeed(seedText); });
  if (idsText !== undefined) at(options.ids!, () => { idRows = parseIdsTsv(idsText); });
  try {
    built = buildCorpus(seed.entries, idRows);
  } catch (e) {
    if (e instanceof CorpusBuildError) throw new Failure(e.input === 'ids' ? options.ids! : options.input, e.line, e.message);
    throw e;
  }

  if (!options.quiet) {
    for (const w of seed.warnings) console.warn(`${show(options.input)}:${w.line}: warning: ${w.message}`);
    for (const w of built.warnings) {
      console.warn(`${show(w.input === 'ids' ? options.ids! : options.input)}:${w.line}: warning: ${w.message}`);
    }
  }

  const text = serializeCorpus(built.corpus);
  // The output must be readable by the extension: check it the way the background will.
  const check = validateCorpus(JSON.parse(text));
  if (!check.ok) throw new Failure(options.input, undefined, `built corpus is invalid:\n  ${check.errors.join('\n  ')}`);

  const summary = `${built.corpus.papers.length} papers, corpusVersion ${built.corpus.corpusVersion}`;
  if (options.check) {
    let current: string | undefined;
    try {
      current = readFileSync(options.out, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) throw new Failure(options.out, undefined, `is stale (${summary}): run npm run corpus`);
    console.log(`${show(options.out)} is up to date (${summary})`);
    return;
  }
  writeAtomically(options.out, text);
  console.log(`wrote ${show(options.out)} (${summary})`);
}

/** Writes `text` to a temporary file beside `file`, then renames it over `file`. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Failure(file, undefined, `cannot write: ${(e as Error).message}`);
  }
}

function main(): number {
  let options: Options | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`corpus: ${e.message}\n\n${USAGE}`);
    return 1;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    run(options);
    return 0;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    console.error(`${show(e.file)}${e.line === undefined ? '' : `:${e.line}`}: ${e.message}`);
    return 1;
  }
}

process.exitCode = main();
