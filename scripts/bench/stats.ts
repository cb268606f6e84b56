// Summaries and the one results table of `npm run bench`. Benchmarks print figures; they never fail.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  const s = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

export interface Row {
  /** Section: node, page, sw, seed, size, net, baseline. */
  group: string;
  name: string;
  unit: string;
  stat: Summary;
  /** Human-readable target, e.g. "≤ 100 ms". */
  target?: string;
  /** Compared on the median (or the max when `onMax`). */
  met?: boolean;
  note?: string;
}

/** Row with a target `value ≤ limit` checked on the median (or on the max). */
export function row(
  group: string,
  name: string,
  unit: string,
  samples: number[] | Summary,
  opts: { le?: number; target?: string; onMax?: boolean; note?: string } = {},
): Row {
  const stat = Array.isArray(samples) ? summarize(samples) : samples;
  const r: Row = { group, name, unit, stat };
  if (opts.le !== undefined) {
    const v = opts.onMax ? stat.max : stat.median;
    r.target = opts.target ?? `≤ ${fmt(opts.le)} ${unit}${opts.onMax ? ' (max)' : ''}`;
    r.met = Number.isFinite(v) && v <= opts.le;
  } else if (opts.target) r.target = opts.target;
  if (opts.note) r.note = opts.note;
  return r;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (a >= 10_000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toFixed(3);
}

export function table(rows: Row[]): string {
  const head = ['group', 'measure', 'median', 'min', 'max', 'unit', 'runs', 'target', 'result'];
  const body = rows.map((r) => [
    r.group,
    r.name,
    fmt(r.stat.median),
    fmt(r.stat.min),
    fmt(r.stat.max),
    r.unit,
    String(r.stat.runs),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'MET' : 'MISSED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const numeric = new Set([2, 3, 4, 6]);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`];
  for (const b of body) out.push(line(b));
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.group} / ${r.name}: ${r.note}`);
  return out.join('\n') + (notes.length ? `\n\nNotes:\n${notes.join('\n')}` : '');
}

/** Time `fn` once, in milliseconds. */
export async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
