/** The scale bench's arithmetic and tables: ratios, targets, markdown. Pure: no I/O, no timing. */
import type { FanOut } from './scale-measure.js';

/** What the scale bench measured for one N. */
export interface ScaleResult {
  n: number;
  /** One gateway: spawn → initialize (median of the later starts). */
  initializeMs: number;
  /** One gateway, the very first start in a fresh home: initialize → first answer / → complete list. */
  firstStart: { firstAnswerMs: number; completeMs: number; complete?: boolean };
  /** One gateway, later starts (medians): initialize → first answer / → complete list. */
  laterStart: { firstAnswerMs: number; completeMs: number; complete?: boolean };
  /** Median tools/call through the gateway minus the direct client's median, ms. */
  overheadMs: number;
  /** Five gateways started at once. */
  five: {
    initializeMs: number[];
    completeMs: number[];
    /** Gateways whose list was still incomplete when the wait ended (their time is the wait). */
    incomplete?: number;
    rssMb: number[];
  };
  /** The store-write fan-out as measured, and how many `others` gateways it covers (no idle log-line count: shown as ?). */
  fanOut: Omit<FanOut, 'logLinesBefore'> & { others: number; logLinesBefore?: number };
}

/** One target of the issue, checked. */
export interface TargetCheck {
  what: string;
  numbers: string;
  target: string;
  met: boolean;
}

/** `b / a` as `1.23×`, or `n/a` when `a` is not a positive number. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(2)}×` : 'n/a';
}

/** Median of the numbers (NaN for none). */
export function middle(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const ms = (v: number) => `${Math.round(v)} ms`;
/** A time to a complete list, marked when the list never became complete. */
const listMs = (v: number, complete = true) => (complete ? ms(v) : `${ms(v)} (incomplete)`);
const mb = (v: number) => `${v.toFixed(1)} MB`;

/** Idle RSS of one gateway (median of the five). */
export function rssPerGateway(r: ScaleResult): number {
  return middle(r.five.rssMb);
}

/**
 * The issue's targets, from the smallest and largest N (and the N used as the base of memory growth):
 * - first complete tools/list at the largest N ≤ a gateway with only the slowest upstream + 100 ms;
 * - per-call overhead at the largest N within 10% of N = 1;
 * - idle RSS growth per added connection ≤ 1 MB (between `growthFrom` and the largest N);
 * - after one routine status write, no other gateway rebuilds its catalog or re-lists upstream tools.
 */
export function evaluateTargets(
  results: ScaleResult[],
  slowestAlone: { completeMs: number },
  growthFrom = 4,
): TargetCheck[] {
  const byN = [...results].sort((a, b) => a.n - b.n);
  const smallest = byN[0]!;
  const largest = byN[byN.length - 1]!;
  const base = byN.find((r) => r.n === growthFrom) ?? smallest;
  const list = largest.laterStart.completeMs;
  const perConnection = (rssPerGateway(largest) - rssPerGateway(base)) / (largest.n - base.n);
  const allowance = 0.1 * Math.abs(smallest.overheadMs);
  const f = largest.fanOut;
  const rebuilt = f.rebuilt ?? f.reread;
  return [
    {
      what: `First complete tools/list, N=${largest.n}`,
      numbers: `${ms(list)} vs a gateway with only the slowest upstream ${ms(slowestAlone.completeMs)}`,
      target: '≤ slowest + 100 ms',
      met: largest.laterStart.complete !== false && list <= slowestAlone.completeMs + 100,
    },
    {
      what: `tools/call overhead, N=${largest.n} vs N=${smallest.n}`,
      numbers: `+${largest.overheadMs.toFixed(2)} ms vs +${smallest.overheadMs.toFixed(2)} ms (${ratio(smallest.overheadMs, largest.overheadMs)})`,
      target: 'within 10%',
      met: largest.overheadMs <= smallest.overheadMs + allowance,
    },
    {
      what: `Idle RSS growth per connection, N=${base.n} → ${largest.n}`,
      numbers: `${mb(rssPerGateway(base))} → ${mb(rssPerGateway(largest))}: ${perConnection.toFixed(2)} MB per connection`,
      target: '≤ 1 MB',
      met: perConnection <= 1,
    },
    {
      what: `One status write, ${f.others + 1} gateways, N=${largest.n}`,
      numbers: `${f.rebuilt === null ? `re-read by ${f.reread}` : `rebuilt by ${f.rebuilt}`} of ${f.others} others; ${f.upstreamLists} upstream tools/list`,
      target: 'no rebuild, no re-list',
      met: f.writeSeen && rebuilt === 0 && f.upstreamLists === 0,
    },
  ];
}

function fanOutCell(f: ScaleResult['fanOut']): string {
  if (!f.writeSeen) return 'the write was not seen in the store';
  const relists =
    f.listsPerGateway > 0 ? ` (≈ ${(f.upstreamLists / f.listsPerGateway).toFixed(1)} gateways' worth)` : '';
  return [
    `re-read ${f.reread}/${f.others} (reads ${f.readsAfter} vs ${f.readsBefore} idle)`,
    `rebuilt ${f.rebuilt === null ? 'n/a' : `${f.rebuilt}/${f.others}`}`,
    `upstream requests from all ${f.others + 1}: tools/list ${f.upstreamLists}${relists}, initialize ${f.upstreamInitializes}`,
    `log lines ${f.logLines} vs ${f.logLinesBefore ?? '?'} idle`,
    `CPU ${f.cpuAfter} vs ${f.cpuBefore} ms idle`,
  ].join('; ');
}

/** The per-N table, a growth row (N = `from` → largest) and the targets table, as markdown. */
export function scaleTables(
  results: ScaleResult[],
  slowestAlone: { completeMs: number; firstAnswerMs: number },
  from = 4,
): string {
  const byN = [...results].sort((a, b) => a.n - b.n);
  const row = (r: ScaleResult) =>
    `| ${r.n} | ${ms(r.initializeMs)} | ${listMs(r.firstStart.completeMs, r.firstStart.complete)} | ${ms(r.laterStart.firstAnswerMs)} / ${listMs(r.laterStart.completeMs, r.laterStart.complete)} | +${r.overheadMs.toFixed(2)} ms | ${ms(Math.max(...r.five.initializeMs))} | ${ms(Math.max(...r.five.completeMs))}${r.five.incomplete ? ` (${r.five.incomplete} incomplete)` : ''} | ${mb(rssPerGateway(r))} | ${mb(sum(r.five.rssMb))} | ${fanOutCell(r.fanOut)} |`;
  const a = byN.find((r) => r.n === from);
  const z = byN[byN.length - 1]!;
  const g = (f: (r: ScaleResult) => number) => (a ? ratio(f(a), f(z)) : 'n/a');
  const growth =
    a && a !== z
      ? `| growth ${from} → ${z.n} | ${g((r) => r.initializeMs)} | ${g((r) => r.firstStart.completeMs)} | ${g((r) => r.laterStart.firstAnswerMs)} / ${g((r) => r.laterStart.completeMs)} | ${g((r) => r.overheadMs)} | ${g((r) => Math.max(...r.five.initializeMs))} | ${g((r) => Math.max(...r.five.completeMs))} | ${g(rssPerGateway)} | ${g((r) => sum(r.five.rssMb))} | store reads ${g((r) => r.fanOut.readsAfter)}, CPU ${g((r) => r.fanOut.cpuAfter)} |`
      : '';
  const targets = evaluateTargets(results, slowestAlone, from);
  return [
    '| N | 1 gateway: spawn → initialize | first start: → complete tools/list | later starts: → first answer / complete list | tools/call overhead vs direct | 5 gateways: slowest initialize | 5 gateways: slowest complete list | idle RSS per gateway | total RSS, 5 gateways | after one status write by gateway 1: the 4 others |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...byN.map(row),
    ...(growth ? [growth] : []),
    '',
    `Reference: a gateway with only the slowest answering upstream: first answer ${ms(slowestAlone.firstAnswerMs)}, complete list ${ms(slowestAlone.completeMs)} (later starts, from initialize).`,
    '',
    '| Target | Numbers | Target | Met |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.what} | ${t.numbers} | ${t.target} | ${t.met ? 'met' : 'missed'} |`),
  ].join('\n');
}

const START = '<!-- scale-bench:start -->';
const END = '<!-- scale-bench:end -->';

/** `doc` with the scale section (between its markers) replaced by `section`, or appended when absent. */
export function withScaleSection(doc: string, section: string): string {
  const block = `${START}\n${section.trim()}\n${END}\n`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start >= 0 && end > start) return doc.slice(0, start) + block + doc.slice(end + END.length).replace(/^\n/, '');
  return `${doc.replace(/\n*$/, '\n')}\n${block}`;
}

/** The scale section of `doc` (markers included), or '' when it has none. */
export function scaleSectionOf(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  return start >= 0 && end > start ? `${doc.slice(start, end + END.length)}\n` : '';
}
