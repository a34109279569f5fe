/**
 * The content script's main-thread time from a Chromium trace (CDP `Tracing`), not from CPU-profile samples.
 *
 * Every call into the extension's isolated world (MutationObserver and microtask callbacks, timers, event
 * listeners, the extension messaging's dispatch of port messages, and the promise continuations run before that
 * call returns) is one `v8.callFunction` trace event on the renderer's main thread, tagged with the world's name
 * (the extension's name, "Caselint"). Each such event carries `dur` (wall time) and `tdur` (the thread's CPU
 * time): the sum over the outermost events is the time the content script kept the main thread, with no
 * sampling error. The profile-based figure used before charged a sample's whole interval to whoever the sample
 * landed on; on a loaded 2-core machine the sampler thread runs late and those intervals stretch over idle time.
 *
 * Wall time counts the moments the operating system took the core away from the renderer in the middle of a call
 * (other processes; on a busy 2-core machine that doubles it); CPU time does not. Both are reported.
 *
 * The bench's own timeline driver runs in the page's main world, and its MutationObserver callback (which times the
 * chips) is delivered in the microtask checkpoint at the end of the call that inserted a chip, inside that call's
 * trace event: calls nested in ours whose script is the driver (`DRIVER_URL`, its sourceURL) are subtracted.
 *
 * Long tasks: the page's `longtask` entries are matched to the trace through a `console.timeStamp` marker (the
 * page's clock at the marker vs the trace clock), and a long task counts as *caused* by the content script when it
 * would have stayed under 50 ms without the content script's calls inside it.
 */
import type { CDPSession } from 'playwright-core';
import { round } from './stats';

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { worldName?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

export const SYNC_MARK = 'caselint-bench-sync';
/** The `//# sourceURL` of scripts/bench/timeline-driver.js. */
export const DRIVER_URL = 'caselint-bench-driver.js';

/** Start tracing what the analysis needs: `v8` (v8.callFunction with the world name), `devtools.timeline` (FunctionCall names, TimeStamp). */
export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: ReadonlyArray<Record<string, unknown>> }) => {
    for (const v of e.value) events.push(v as unknown as TraceEvent);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['v8', 'devtools.timeline'], excludedCategories: ['*'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

export interface WorldTime {
  /** Outermost calls into the world. */
  calls: number;
  wallMs: number;
  cpuMs: number;
  /** The longest single call (wall): the longest the content script held the main thread in one go. */
  longestCallMs: number;
  /** The driver's own callbacks run inside our calls, subtracted from the figures above. */
  driverInsideMs: number;
  /** Calls grouped by the content-script function they entered (FunctionCall inside), CPU time first. */
  entries: Array<{ fn: string; calls: number; wallMs: number; cpuMs: number }>;
  /** Outermost calls as [start, end] on the trace clock (µs), for long-task attribution. */
  spans: Array<[number, number]>;
}

export function worldTime(events: readonly TraceEvent[], worldName: string): WorldTime {
  const calls = events
    .filter((e) => e.name === 'v8.callFunction' && e.ph === 'X' && e.args?.worldName === worldName)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  if (!calls.length) return { calls: 0, wallMs: 0, cpuMs: 0, longestCallMs: 0, driverInsideMs: 0, entries: [], spans: [] };
  const { pid, tid } = calls[0]!;
  const fcs = events.filter((e) => e.name === 'FunctionCall' && e.ph === 'X' && e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts);
  const top: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of calls) {
    if (e.pid !== pid || e.tid !== tid) continue; // another frame's thread (none expected)
    if (e.ts >= end) {
      top.push(e);
      end = e.ts + (e.dur ?? 0);
    }
  }
  const groups = new Map<string, { fn: string; calls: number; wall: number; cpu: number }>();
  const driverCalls = fcs.filter((f) => f.args?.data?.url === DRIVER_URL);
  let i = 0;
  let j = 0;
  let wall = 0;
  let cpu = 0;
  let longest = 0;
  let driverInside = 0;
  const spans: Array<[number, number]> = [];
  for (const e of top) {
    const end = e.ts + (e.dur ?? 0);
    // The driver's callbacks nested in this call are not the content script's time.
    let dWall = 0;
    let dCpu = 0;
    while (j < driverCalls.length && driverCalls[j]!.ts < e.ts) j++;
    for (let k = j; k < driverCalls.length && driverCalls[k]!.ts < end; k++) {
      dWall += driverCalls[k]!.dur ?? 0;
      dCpu += driverCalls[k]!.tdur ?? 0;
    }
    const dur = (e.dur ?? 0) - dWall;
    const tdur = (e.tdur ?? 0) - dCpu;
    driverInside += dWall;
    wall += dur;
    cpu += tdur;
    longest = Math.max(longest, dur);
    spans.push([e.ts, e.ts + dur]);
    while (i < fcs.length && fcs[i]!.ts < e.ts) i++;
    const f = i < fcs.length && fcs[i]!.ts <= end ? fcs[i]!.args?.data : undefined;
    const url = typeof f?.url === 'string' ? f.url : '';
    // A port message is dispatched through a function without a script URL (the extension messaging's own).
    const fn = f ? `${(f.functionName as string) || '(anonymous)'} ${url ? `${url.split('/').pop()}:${f.lineNumber}` : ''}`.trim() : '(no function call)';
    const g = groups.get(fn) ?? { fn, calls: 0, wall: 0, cpu: 0 };
    g.calls++;
    g.wall += dur;
    g.cpu += tdur;
    groups.set(fn, g);
  }
  const entries = [...groups.values()]
    .sort((a, b) => b.cpu - a.cpu)
    .map((g) => ({ fn: g.fn, calls: g.calls, wallMs: round(g.wall / 1000, 1), cpuMs: round(g.cpu / 1000, 1) }));
  return { calls: top.length, wallMs: wall / 1000, cpuMs: cpu / 1000, longestCallMs: longest / 1000, driverInsideMs: driverInside / 1000, entries, spans };
}

/** Trace clock (µs) minus the page clock (ms, performance.now) * 1000, from the marker; null without one. */
export function clockOffsetUs(events: readonly TraceEvent[], pageNowMs: number): number | null {
  const mark = events.find((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === SYNC_MARK);
  return mark ? mark.ts - pageNowMs * 1000 : null;
}

export interface LongTask {
  start: number;
  duration: number;
}

/**
 * Long tasks (page clock, ms) split by the content script's share: `caused` when the task minus the content
 * script's time inside it is under 50 ms (without Caselint it would not have been a long task).
 */
export function attributeLongTasks(tasks: readonly LongTask[], spans: ReadonlyArray<[number, number]>, offsetUs: number | null) {
  let caused = 0;
  let maxShareMs = 0;
  for (const t of tasks) {
    if (offsetUs === null) continue;
    const a = t.start * 1000 + offsetUs;
    const b = (t.start + t.duration) * 1000 + offsetUs;
    let inside = 0;
    for (const [s, e] of spans) {
      if (e <= a) continue;
      if (s >= b) break;
      inside += Math.min(e, b) - Math.max(s, a);
    }
    const ms = inside / 1000;
    maxShareMs = Math.max(maxShareMs, ms);
    if (t.duration - ms < 50) {
      caused++;
      if (process.env.CASELINT_DEBUG_LONGTASKS)
        console.log(
          'caused long task', t.duration.toFixed(1), 'ms, ours inside', ms.toFixed(2), 'ms:',
          spans.filter(([s, e]) => e > a && s < b).map(([s, e]) => `[${((s - a) / 1000).toFixed(2)}, ${((e - a) / 1000).toFixed(2)}]`).join(' '),
        );
    }
  }
  return { total: tasks.length, caused: offsetUs === null ? null : caused, maxContentMsInOne: round(maxShareMs, 1) };
}
