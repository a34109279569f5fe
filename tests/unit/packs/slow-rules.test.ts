import { describe, expect, it, vi } from 'vitest';
import { PACK_BUDGET_MS } from '../../../lib/lint/engine';
import { MAX_SLOW_RULES, SlowRuleLog } from '../../../lib/packs/slow-rules';
import { ContentRateLimiter } from '../../../lib/messaging/limits';
import type { SenderLike } from '../../../lib/messaging/protocol';
import { handleMessage, type ServerDeps } from '../../../lib/messaging/server';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const xTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 7 } };
const otherTab: SenderLike = { id: 'our-id', url: 'https://x.com/home', tab: { id: 8 } };
const options: SenderLike = { id: 'our-id', url: 'chrome-extension://our-id/options.html', tab: { id: 2 } };

function deps(log: SlowRuleLog): ServerDeps {
  return {
    api: {} as ServerDeps['api'],
    self,
    limiter: new ContentRateLimiter(() => 0),
    broadcastCasesChanged: () => undefined,
    setFocus: async () => null,
    getFocus: async () => null,
    openSidePanel: vi.fn(async () => ({ opened: true })),
    slowRules: { report: (tab, rule, ms) => void log.report(tab, rule, ms, 1000 + ms), list: () => log.list() },
  };
}

describe('pack rules turned off by the time budget, for the Rules page', () => {
  it('a tab reports the rule and its time; the options page reads the reason, counted over tabs', async () => {
    const log = new SlowRuleLog(PACK_BUDGET_MS);
    const d = deps(log);
    await handleMessage(d, 'reportSlowRule', [{ rule: 'slow-pack/greedy', ms: 41.6 }], xTab);
    await handleMessage(d, 'reportSlowRule', [{ rule: 'slow-pack/greedy', ms: 35 }], otherTab);
    const list = (await handleMessage(d, 'slowRules', [], options)) as ReturnType<SlowRuleLog['list']>;
    expect(list).toEqual([
      expect.objectContaining({
        rule: 'slow-pack/greedy',
        tabs: 2,
        reason: `turned off in 2 tabs this session: it took 42 ms on one draft; all pack rules together may take ${PACK_BUDGET_MS} ms per keystroke`,
      }),
    ]);
  });

  it('a content script cannot read the list, a page cannot report, and the tab sends no text of its own', async () => {
    const d = deps(new SlowRuleLog(PACK_BUDGET_MS));
    await expect(handleMessage(d, 'slowRules', [], xTab)).rejects.toThrow(/only the extension's own pages/);
    await expect(handleMessage(d, 'reportSlowRule', [{ rule: 'a/b', ms: 40 }], options)).rejects.toThrow(/only a content script/);
    await expect(handleMessage(d, 'reportSlowRule', [{ rule: 'a/b', ms: 40, reason: 'call 0800 SCAM' }], xTab)).rejects.toThrow(/reason/);
    await expect(handleMessage(d, 'reportSlowRule', [{ rule: '<img src=x>', ms: 40 }], xTab)).rejects.toThrow(/rule id/);
    await expect(handleMessage(d, 'reportSlowRule', [{ rule: 'a/b', ms: Number.MAX_VALUE }], xTab)).rejects.toThrow();
  });

  it('is bounded, and survives the service worker stopping (restored from what it saved)', () => {
    const log = new SlowRuleLog(PACK_BUDGET_MS);
    for (let i = 0; i < MAX_SLOW_RULES + 50; i++) log.report(1, `p/r${i}`, 40, i);
    expect(log.size).toBe(MAX_SLOW_RULES);
    const again = new SlowRuleLog(PACK_BUDGET_MS, JSON.parse(JSON.stringify(log.toJSON())));
    expect(again.list()).toEqual(log.list());
    expect(again.list()[0]!.rule).toBe(`p/r${MAX_SLOW_RULES - 1}`);
    expect(new SlowRuleLog(PACK_BUDGET_MS, [{ rule: 1 }, null, 'x']).size).toBe(0);
  });
});
