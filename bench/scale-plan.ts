/**
 * The scale bench's connections: one fixed list of 50 (a mix of API providers and remote MCP upstreams with
 * realistic latencies, two slow and one down); the set for N connections is its first N, so every N contains the
 * smaller ones. Pure: no I/O.
 */

/** Kinds of connection in the mix. */
export type ScaleConnectionKind =
  | 'mcp' // a remote MCP server (generic simulator) with a latency, or down
  | 'sessionboard'
  | 'sessionboard-mcp' // Sessionboard's own MCP server (EU), provider in MCP mode
  | 'sessions-website'
  | 'session-services'
  | 'imboard';

/** One connection of the mix. */
export interface ScaleConnection {
  /** `c00` … `c49`: its slug, so its tools are named `<provider-short>_c07__<tool>`. */
  label: string;
  kind: ScaleConnectionKind;
  /** For `mcp`: which generic simulator serves it. */
  simIndex?: number;
  /** For `mcp`: the simulator's added latency per request. */
  latencyMs?: number;
  /** For `mcp`: the simulator answers every request with 503. */
  down?: boolean;
}

/** Added latency per request of the API simulators that have one (Sessionboard, sessions.website). */
export const API_LATENCY_MS = 30;

type Entry = Omit<ScaleConnection, 'label' | 'simIndex'>;
const mcp = (latencyMs: number, down = false): Entry => ({ kind: 'mcp', latencyMs, ...(down ? { down } : {}) });

/** The first 16: the call target (0 ms), then the slow ones (300, 600 ms) and the down one appear from N = 5 on. */
const HEAD: Entry[] = [
  mcp(0),
  { kind: 'sessionboard' },
  mcp(40),
  { kind: 'sessions-website' },
  mcp(300),
  { kind: 'session-services' },
  mcp(60, true),
  { kind: 'imboard' },
  { kind: 'sessionboard-mcp' },
  mcp(25),
  mcp(600),
  { kind: 'sessionboard' },
  mcp(80),
  { kind: 'sessionboard-mcp' },
  mcp(120),
  { kind: 'sessions-website' },
];
/** Repeated after the head up to 50. */
const CYCLE: Entry[] = [
  mcp(20),
  { kind: 'sessionboard' },
  mcp(50),
  { kind: 'session-services' },
  mcp(90),
  { kind: 'imboard' },
  mcp(150),
  { kind: 'sessions-website' },
  mcp(35),
  { kind: 'sessionboard-mcp' },
];

/** The first `n` connections of the mix (n ≤ 50), labelled `c00`…, generic simulators numbered in order. */
export function scaleConnections(n: number): ScaleConnection[] {
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new RangeError(`n must be 1…50, not ${n}`);
  let sim = 0;
  return Array.from({ length: n }, (_, i) => {
    const entry = i < HEAD.length ? HEAD[i]! : CYCLE[(i - HEAD.length) % CYCLE.length]!;
    const label = `c${String(i).padStart(2, '0')}`;
    return entry.kind === 'mcp' ? { label, ...entry, simIndex: sim++ } : { label, ...entry };
  });
}

/**
 * The tool every gateway calls in the call and fan-out steps: `search_items` of `c00` (the 0 ms remote MCP server),
 * named by the gateway's rule `<provider-short>_<label-slug>__<tool>` (`mcp` is remote-mcp's short name).
 */
export const CALL_TOOL = 'mcp_c00__search_items';

/** The slowest upstream that answers (the reference for the first tools/list), or undefined when none is remote. */
export function slowestReachable(connections: ScaleConnection[]): ScaleConnection | undefined {
  return connections
    .filter((c) => c.kind === 'mcp' && !c.down)
    .reduce<ScaleConnection | undefined>((a, c) => (!a || (c.latencyMs ?? 0) > (a.latencyMs ?? 0) ? c : a), undefined);
}

/**
 * True when `toolNames` holds at least one tool of every connection expected to answer (all but the down ones):
 * the first *complete* tools/list. Tool names are `<provider-short>_<label>__<tool>`.
 */
export function isCompleteList(toolNames: string[], connections: ScaleConnection[]): boolean {
  return connections.filter((c) => !c.down).every((c) => toolNames.some((name) => name.includes(`_${c.label}__`)));
}
