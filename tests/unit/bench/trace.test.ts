import { describe, expect, it } from 'vitest';
import { attributeLongTasks, clockOffsetUs, DRIVER_URL, SYNC_MARK, worldTime, type TraceEvent } from '../../../scripts/bench/trace';

const call = (ts: number, dur: number, tdur: number, world = 'Caselint'): TraceEvent => ({ name: 'v8.callFunction', ph: 'X', ts, dur, tdur, pid: 1, tid: 1, args: { worldName: world } });
const fn = (ts: number, dur: number, tdur: number, functionName: string, url: string): TraceEvent => ({
  name: 'FunctionCall',
  ph: 'X',
  ts,
  dur,
  tdur,
  pid: 1,
  tid: 1,
  args: { data: { functionName, url, lineNumber: 7 } },
});

describe('bench trace analysis', () => {
  it('sums the outermost calls into the world (wall and CPU), groups them by entry, and subtracts the driver nested in them', () => {
    const ext = 'chrome-extension://abc/content-scripts/content.js';
    const events: TraceEvent[] = [
      call(1000, 500, 300),
      fn(1001, 480, 290, 'onMutations', ext),
      call(1100, 50, 40), // nested in the first: not counted again
      call(3000, 1000, 600),
      fn(3001, 100, 90, '', ''),
      fn(3500, 400, 200, 'markShown', DRIVER_URL), // the bench driver's callback inside our call
      call(9000, 70, 60, 'main'), // another world
    ];
    const w = worldTime(events, 'Caselint');
    expect(w.calls).toBe(2);
    expect(w.wallMs).toBeCloseTo((500 + 1000 - 400) / 1000);
    expect(w.cpuMs).toBeCloseTo((300 + 600 - 200) / 1000);
    expect(w.driverInsideMs).toBeCloseTo(0.4);
    expect(w.longestCallMs).toBeCloseTo(0.6);
    expect(w.entries.map((e) => [e.fn, e.calls])).toEqual([
      ['(anonymous)', 1],
      ['onMutations content.js:7', 1],
    ]);
    expect(worldTime(events, 'Nobody').calls).toBe(0);
  });

  it('counts a long task as caused by the content script only when it would be under 50 ms without it', () => {
    const events: TraceEvent[] = [{ name: 'TimeStamp', ph: 'I', ts: 5_000_000, pid: 1, tid: 1, args: { data: { message: SYNC_MARK } } }];
    const offset = clockOffsetUs(events, 1000); // page clock 1000 ms = trace 5,000,000 µs
    expect(offset).toBe(4_000_000);
    const spans: Array<[number, number]> = [[5_100_000, 5_130_000]]; // 30 ms of ours at page time 1100-1130
    const r = attributeLongTasks(
      [
        { start: 1090, duration: 70 }, // 40 ms without us: caused
        { start: 1095, duration: 90 }, // 60 ms without us: not caused
        { start: 2000, duration: 55 }, // none of ours inside: not caused
      ],
      spans,
      offset,
    );
    expect(r).toEqual({ total: 3, caused: 1, maxContentMsInOne: 30 });
    expect(attributeLongTasks([{ start: 0, duration: 60 }], spans, null).caused).toBeNull();
  });
});
