/**
 * Annotation cost on a virtualised timeline: the built extension in headless Chromium on the home-timeline
 * fixture, its 20 cells replayed as thousands of tweets with distinct authors and status ids (one in three
 * authors has case history, seeded through the real messaging), added and removed as X does while scrolling.
 *
 * Main-thread time of the content script: from a trace (scripts/bench/trace.ts), the outermost calls into the
 * extension's isolated world on the renderer's main thread, CPU time (budgeted) and wall time. `--profile` adds a
 * CPU-profile pass (CDP Profiler, 100 us) over more tweets for the functions inside those calls; its per-sample
 * attribution is only a guide (see trace.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { HOME, launch, waitForContentScript } from '../../tests/e2e/harness';
import { seededBackup } from './seed';
import { dist, round } from './stats';
import { FLOOR_WORLD, writeFloorExtension } from './floor-extension';
import { attributeLongTasks, clockOffsetUs, startTrace, SYNC_MARK, worldTime, type LongTask, type WorldTime } from './trace';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  contentMs: number;
  /** Longest run of busy samples (one task, roughly) and the content script's share of the busiest run. */
  longestBusyMs: number;
  longestContentRunMs: number;
  topSelf: Array<{ fn: string; ms: number }>;
  /** Inclusive time of content-script functions (name and line), to find who calls the expensive natives. */
  topTotal: Array<{ fn: string; ms: number }>;
}

export function analyseProfile(profile: Profile, isContent: (url: string) => boolean): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inContent = new Map<number, boolean>();
  const contentOf = (id: number): boolean => {
    const known = inContent.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const p = parent.get(id);
    const v = isContent(n.callFrame.url) || (p !== undefined && contentOf(p));
    inContent.set(id, v);
    return v;
  };
  const idle = new Set(profile.nodes.filter((n) => ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName) && n.callFrame.functionName === '(idle)').map((n) => n.id));
  let contentUs = 0;
  let busyRun = 0;
  let contentRun = 0;
  let longestBusy = 0;
  let longestContent = 0;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}${isContent(n.callFrame.url) ? ':' + ((n.callFrame as { lineNumber?: number }).lineNumber ?? 0) : ''}`;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    if (idle.has(id)) {
      busyRun = 0;
      contentRun = 0;
      continue;
    }
    busyRun += dt;
    longestBusy = Math.max(longestBusy, busyRun);
    if (contentOf(id)) {
      contentUs += dt;
      contentRun += dt;
      longestContent = Math.max(longestContent, contentRun);
      const fn = label(byId.get(id)!);
      self.set(fn, (self.get(fn) ?? 0) + dt);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const node = byId.get(cur)!;
        if (!isContent(node.callFrame.url)) continue;
        const k = label(node);
        if (seen.has(k)) continue;
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + dt);
      }
    }
  }
  const topSelf = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, us]) => ({ fn, ms: round(us / 1000, 1) }));
  const topTotal = [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([fn, us]) => ({ fn, ms: round(us / 1000, 1) }));
  return {
    topTotal,
    totalMs: (profile.endTime - profile.startTime) / 1000,
    contentMs: contentUs / 1000,
    longestBusyMs: longestBusy / 1000,
    longestContentRunMs: longestContent / 1000,
    topSelf,
  };
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

type DriverRun = { added: number; withHistory: number; delays: number[]; hostDelays: number[]; missing: number; hostsWithoutHistory: number };
type RunFn = (until: number, perStep: number, intervalMs: number, hidden?: boolean, who?: string, knownEvery?: number) => Promise<DriverRun>;

/** Loads the home fixture, waits for the content script, installs the timeline driver and its cell templates. */
async function prepareTimeline(h: Awaited<ReturnType<typeof launch>>, root: string): Promise<{ page: Page; cdp: CDPSession; run: RunFn }> {
  const page: Page = await h.openX(HOME);
  await waitForContentScript(page);
  await page.waitForFunction(() => document.documentElement.dataset.caselintTweets === '20', undefined, { timeout: 15_000 });
  await page.evaluate(readFileSync(join(root, 'scripts/bench/timeline-driver.js'), 'utf8'));
  const templates = (await page.evaluate('window.__clBench.setup()')) as number;
  if (templates < 10) throw new Error(`only ${templates} usable tweet cells in the fixture`);
  await page.waitForTimeout(300);
  const cdp = await h.context.newCDPSession(page);
  const run: RunFn = (until, perStep, intervalMs, hidden = false, who = 'clb_u', knownEvery = 3) =>
    page.evaluate(
      `window.__clBench.run({ prefix: ${JSON.stringify(who)}, until: ${until}, perStep: ${perStep}, windowSize: 24, intervalMs: ${intervalMs}, knownEvery: ${knownEvery}, hidden: ${hidden} })`,
    ) as Promise<DriverRun>;
  return { page, cdp, run };
}

/** The timeline run (4 tweets every 80 ms), traced: the world's time, its long tasks and the chip delays. */
async function tracedTimelineRun(page: Page, cdp: CDPSession, run: RunFn, world: string, tweets: number) {
  await page.evaluate('window.__clBench.takeLongTasks()');
  const stopTrace = await startTrace(cdp);
  const syncAt = (await page.evaluate(`window.__clBench.sync(${JSON.stringify(SYNC_MARK)})`)) as number;
  const result = await run(tweets, 4, 80);
  const trace = await stopTrace();
  const longTasks = (await page.evaluate('window.__clBench.takeLongTasks()')) as LongTask[];
  const w = worldTime(trace, world);
  if (w.calls === 0) throw new Error(`no call into the "${world}" world in the trace: is the content script running?`);
  const lt = attributeLongTasks(longTasks, w.spans, clockOffsetUs(trace, syncAt));
  return { result, w, lt, longTasks, delay: dist(result.delays), hostDelay: dist(result.hostDelays) };
}

/**
 * The floor (scripts/bench/floor-extension.ts): the least any content script that asks the extension's origin can
 * spend on the same timeline run, measured the same way in a browser of its own.
 */
export async function benchFloor(
  root: string,
  tweets: number,
): Promise<{ w: WorldTime; delayP95: number; missing: number; longTasksCaused: number | null; longTasksPageWide: number }> {
  const floor = writeFloorExtension();
  const h = await launch({ extensionDir: floor.dir });
  try {
    const { page, cdp, run } = await prepareTimeline(h, root);
    const r = await tracedTimelineRun(page, cdp, run, FLOOR_WORLD, tweets);
    return { w: r.w, delayP95: r.delay.p95, missing: r.result.missing, longTasksCaused: r.lt.caused, longTasksPageWide: r.lt.total };
  } finally {
    await h.close();
    floor.cleanup();
  }
}

/**
 * Ad-hoc probe (not run by `npm run bench`): the timeline run alone on `extensionDir`, `rounds` times, each followed
 * by the floor extension's run, for before/after comparisons of a change (prints CPU ms per 20 tweets and the calls
 * by entry): `npx tsx scripts/bench/probe-timeline.mts [DIR] [ROUNDS]`.
 */
export async function probeTimeline(root: string, extensionDir: string, rounds = 3, tweets = 500): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    const h = await launch({ extensionDir });
    try {
      const seeded = Array.from({ length: tweets }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => 'clb_u' + i);
      await h.call('clearAll');
      await h.call('importBackup', { json: seededBackup(seeded, Date.now()), mode: 'replace' });
      const { page, cdp, run } = await prepareTimeline(h, root);
      const t = await tracedTimelineRun(page, cdp, run, 'Caselint', tweets);
      const f = await benchFloor(root, tweets);
      const per20 = (ms: number) => ((ms / tweets) * 20).toFixed(2);
      console.log(
        `round ${r + 1}: Caselint ${per20(t.w.cpuMs)} ms CPU / 20 tweets, chip delay p95 ${t.delay.p95.toFixed(0)} ms (floor ${f.delayP95.toFixed(0)} ms) (${t.w.entries.map((e) => `${e.fn} x${e.calls} ${e.cpuMs}`).join(', ')}); ` +
          `long tasks caused ${t.lt.caused}/${t.lt.total}; floor ${per20(f.w.cpuMs)}, long tasks caused ${f.longTasksCaused}/${f.longTasksPageWide} (${f.w.entries.map((e) => `${e.fn.split(' ')[0]} x${e.calls} ${e.cpuMs}`).join(', ')}); missing ${t.result.missing}`,
      );
    } finally {
      await h.close();
    }
  }
}

export async function benchAnnotate(
  root: string,
  extensionDir: string,
  quick: boolean,
  log: (s: string) => void,
  profile = false,
): Promise<{
  results: Record<string, number | string | boolean>;
  entries: WorldTime['entries'];
  profileTop: ProfileSummary['topSelf'];
  profileTotal: ProfileSummary['topTotal'];
}> {
  const timelineTweets = quick ? 60 : 500;
  const heapTweets = quick ? 200 : 5000;
  const prefix = 'clb_u';
  const t0 = performance.now();
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const h = await launch({ extensionDir });
  try {
    // One in three authors has case history, seeded through the real messaging (importBackup).
    const seeded = Array.from({ length: heapTweets }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => prefix + i);
    // And a timeline closer to an agent's day: after the heap run, `strangerTweets` more tweets of which one author in
    // 50 has history (what the known-handles filter and the lazy "+ note" are for). Not budgeted: the issue's mix is 1 in 3.
    const strangerTweets = quick ? 50 : 300;
    const strangerPrefix = 'clb_s';
    for (let i = heapTweets; i < heapTweets + strangerTweets; i += 50) seeded.push(strangerPrefix + i);
    await h.call('clearAll');
    const report = await h.call('importBackup', { json: seededBackup(seeded, Date.now()), mode: 'replace' });
    log(`annotate: seeded ${report.customers} customers through importBackup (${since()})`);

    const { page, cdp, run } = await prepareTimeline(h, root);
    const heapStart = await heapMb(cdp);
    const world = 'Caselint';

    // Timeline run, traced.
    const t1 = await tracedTimelineRun(page, cdp, run, world, timelineTweets);
    const { result: run1, w: w1, lt: lt1, longTasks: longTasks1, delay: d, hostDelay: dh } = t1;
    const counts1 = (await page.evaluate('window.__clBench.counts()')) as { chips: number; cells: number };
    log(`annotate: ${run1.added} tweets, content script ${w1.cpuMs.toFixed(1)} ms CPU / ${w1.wallMs.toFixed(1)} ms wall in ${w1.calls} calls (the driver's ${w1.driverInsideMs.toFixed(1)} ms inside them subtracted)`);
    log(`annotate: timeline run done (${since()})`);
    log(`annotate: calls by entry (CPU ms): ${w1.entries.slice(0, 8).map((e) => `${e.fn} x${e.calls} ${e.cpuMs}`).join(', ')}`);

    // Keep scrolling to `heapTweets`, checking the heap (after forced GC) every 1,000 tweets.
    const checkpoints: Array<{ tweets: number; mb: number }> = [{ tweets: timelineTweets, mb: await heapMb(cdp) }];
    let longTasks2 = { total: 0, caused: 0 as number | null, maxContentMsInOne: 0 };
    let longest2 = 0;
    let longestCall2 = 0;
    let missing2 = 0;
    let withoutHistory2 = 0;
    const step = quick ? 70 : 1000;
    for (let until = Math.min(heapTweets, timelineTweets + step); ; until = Math.min(heapTweets, until + step)) {
      const stop = await startTrace(cdp);
      const syncAt = (await page.evaluate(`window.__clBench.sync(${JSON.stringify(SYNC_MARK)})`)) as number;
      const r = await run(until, 10, 20, true);
      const tr = await stop();
      missing2 += r.missing;
      withoutHistory2 += r.hostsWithoutHistory;
      const tasks = (await page.evaluate('window.__clBench.takeLongTasks()')) as LongTask[];
      const w = worldTime(tr, world);
      const lt = attributeLongTasks(tasks, w.spans, clockOffsetUs(tr, syncAt));
      longTasks2 = {
        total: longTasks2.total + lt.total,
        caused: longTasks2.caused === null || lt.caused === null ? null : longTasks2.caused + lt.caused,
        maxContentMsInOne: Math.max(longTasks2.maxContentMsInOne, lt.maxContentMsInOne),
      };
      longest2 = Math.max(longest2, ...tasks.map((t) => t.duration));
      longestCall2 = Math.max(longestCall2, w.longestCallMs);
      checkpoints.push({ tweets: until, mb: await heapMb(cdp) });
      if (until >= heapTweets) break;
    }
    const heapEnd = checkpoints[checkpoints.length - 1]!.mb;
    // Growth over the second half of the run, per 1,000 tweets: ~0 when memory is released as cells go.
    const mid = checkpoints[Math.floor(checkpoints.length / 2)]!;
    const last = checkpoints[checkpoints.length - 1]!;
    const growthPer1000 = last.tweets > mid.tweets ? ((last.mb - mid.mb) / (last.tweets - mid.tweets)) * 1000 : 0;
    const counts2 = (await page.evaluate('window.__clBench.counts()')) as { chips: number; cells: number };
    log(`annotate: heap run done (${since()})`);
    log(`annotate: heap ${checkpoints.map((c) => `${c.tweets}:${c.mb.toFixed(1)}MB`).join(' ')}`);

    // The agent's-day mix (1 author in 50 with history), traced like the timeline run.
    const stopS = await startTrace(cdp);
    const runS = await run(heapTweets + strangerTweets, 4, 80, false, strangerPrefix, 50);
    const wS = worldTime(await stopS(), world);
    log(`annotate: ${runS.added} tweets, 1 author in 50 with history: ${wS.cpuMs.toFixed(1)} ms CPU in ${wS.calls} calls (${since()})`);

    // Optional: a CPU profile over fresh authors, for the functions inside the calls (a guide, see trace.ts).
    let prof: ProfileSummary | null = null;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await run(heapTweets + strangerTweets + timelineTweets, 4, 80);
      const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      prof = analyseProfile(p, (u) => u.startsWith(`chrome-extension://${h.extensionId}/content-scripts/`));
    }

    // What the growth is: the content script keeps every author's answer (up to 5,000, SummaryCache.maxEntries).
    // Cases changing everywhere (clearAll broadcasts "all") drops them; with the cells gone too, the heap must come
    // back to where it started, or something else is being kept.
    await page.evaluate('window.__clBench.drain()');
    await h.call('clearAll');
    await page.waitForTimeout(500);
    const heapCleared = await heapMb(cdp);
    log(`annotate: heap after the answers were dropped and the cells removed: ${heapCleared.toFixed(2)} MB (${since()})`);

    const per = (ms: number, n: number) => round((ms / run1.added) * n, 2);
    return {
      results: {
        annotate_tweets: run1.added,
        annotate_main_thread_ms_per_100_tweets: per(w1.cpuMs, 100),
        annotate_main_thread_ms_per_20_tweets: per(w1.cpuMs, 20),
        annotate_main_thread_wall_ms_per_20_tweets: per(w1.wallMs, 20),
        annotate_content_script_calls_per_20_tweets: per(w1.calls, 20),
        annotate_1_in_50_with_history_ms_per_20_tweets: round((wS.cpuMs / runS.added) * 20, 2),
        annotate_1_in_50_with_history_calls_per_20_tweets: round((wS.calls / runS.added) * 20, 2),
        annotate_1_in_50_with_history_chips_not_shown: runS.missing,
        annotate_longest_content_script_call_ms: round(Math.max(w1.longestCallMs, longestCall2), 2),
        annotate_long_tasks_over_50ms: lt1.caused ?? longTasks1.length,
        annotate_long_tasks_over_50ms_page_wide: lt1.total,
        annotate_long_tasks_over_50ms_heap_run: longTasks2.caused ?? longTasks2.total,
        annotate_long_tasks_over_50ms_heap_run_page_wide: longTasks2.total,
        annotate_most_content_script_ms_in_a_long_task: Math.max(lt1.maxContentMsInOne, longTasks2.maxContentMsInOne),
        annotate_longest_task_ms: round(Math.max(0, longest2, ...longTasks1.map((t) => t.duration)), 1),
        annotate_delay_p50_ms: round(d.p50, 1),
        annotate_delay_p95_ms: round(d.p95, 1),
        annotate_delay_max_ms: round(d.max, 1),
        annotate_host_inserted_delay_p50_ms: round(dh.p50, 1),
        annotate_host_inserted_delay_p95_ms: round(dh.p95, 1),
        annotate_tweets_with_history: run1.withHistory,
        annotate_chips_not_shown_in_timeline_run: run1.missing,
        annotate_chips_not_shown: run1.missing + missing2,
        annotate_hosts_on_tweets_without_history: run1.hostsWithoutHistory + withoutHistory2 + runS.hostsWithoutHistory,
        annotate_chips_mounted_after_run: counts2.chips,
        annotate_cells_mounted_after_run: counts2.cells,
        annotate_chips_mounted_mid_run: counts1.chips,
        heap_tweets_passed: last.tweets,
        heap_start_mb: round(heapStart, 2),
        heap_end_mb: round(heapEnd, 2),
        heap_growth_mb_per_1000_tweets_second_half: round(growthPer1000, 3),
        heap_after_answers_dropped_mb: round(heapCleared, 2),
        heap_checkpoints_mb: checkpoints.map((c) => `${c.tweets}:${c.mb.toFixed(2)}`).join(' '),
        console_errors: h.errors.length,
      },
      entries: w1.entries,
      profileTop: prof?.topSelf ?? [],
      profileTotal: prof?.topTotal ?? [],
    };
  } finally {
    await h.close();
  }
}
