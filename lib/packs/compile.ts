/**
 * Compiles a validated pack into engine `Rule`s with ids namespaced `pack-name/rule-id`.
 * Every pattern is compiled with re2js up front; a pattern RE2 cannot run is reported (pack, rule, pattern)
 * and the pack is not compiled at all.
 */
import type { LintRequest, LintTweet, Rule, RuleContext, RuleExample, RuleReport, Suggestion, ThreadTweet } from '../lint/types';
import { compileMatcher, PatternError, type CompiledMatcher, type Match } from './patterns';
import type { Pack, PackExample, PackRule, PackWhen } from './schema';

export interface PackCompileError {
  path: Array<string | number>;
  message: string;
  rule?: string;
  pattern?: string;
}

export interface CompiledPackRule {
  /** Namespaced id, `pack/rule`. */
  id: string;
  rule: Rule;
  source: string;
  spec: PackRule;
}

export interface CompiledPack {
  name: string;
  rules: CompiledPackRule[];
}

type Condition = (ctx: RuleContext) => boolean;

const NON_BLANK = /\S/;

class Collector {
  errors: PackCompileError[] = [];
  private readonly compiled = new Map<string, CompiledMatcher>();
  readonly whens = new WhenCache();
  constructor(private readonly packName: string) {}
  matcher(
    source: string,
    kind: 'pattern' | 'phrase',
    opts: { ignoreCase: boolean; wholeWord: boolean },
    path: Array<string | number>,
    ruleId: string,
  ): CompiledMatcher | null {
    // The same pattern in several rules (or several `when`s) is compiled once and its results shared.
    const key = `${kind}\u0000${opts.ignoreCase ? 'i' : ''}${opts.wholeWord ? 'w' : ''}\u0000${source}`;
    const known = this.compiled.get(key);
    if (known) return known;
    try {
      const m = compileMatcher(source, kind, opts);
      this.compiled.set(key, m);
      return m;
    } catch (e) {
      const why = e instanceof PatternError ? e.message : String(e);
      this.errors.push({
        path,
        rule: ruleId,
        pattern: source,
        message: `pack "${this.packName}", rule "${ruleId}": ${kind} ${JSON.stringify(source)} cannot be used: ${why}`,
      });
      return null;
    }
  }
}

export function fillTemplate(message: string, vars: Record<string, string | number>): string {
  return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, key: string) => (Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : all));
}

function kinds(k: PackWhen['hasDetail']): string[] {
  return k === undefined ? [] : Array.isArray(k) ? k : [k];
}

function compileWhen(when: PackWhen | undefined, col: Collector, base: Array<string | number>, ruleId: string): Condition | null {
  if (!when) return () => true;
  const conds: Condition[] = [];
  let ok = true;
  const list = (key: 'tweetMatches' | 'tweetNotMatches' | 'threadMatches'): CompiledMatcher[] => {
    const src = when[key] ?? [];
    const out: CompiledMatcher[] = [];
    src.forEach((p, i) => {
      // Context patterns are matched case-insensitively and anywhere (not whole-word): they describe topics.
      const m = col.matcher(p, 'pattern', { ignoreCase: true, wholeWord: false }, [...base, key, i], ruleId);
      if (m) out.push(m);
      else ok = false;
    });
    return out;
  };
  // Pattern conditions are cached per tweet / thread object: normaliseRequest keeps their identity while the
  // agent types, so only the draft is matched again on each keystroke.
  if (when.tweetMatches) {
    const ms = list('tweetMatches');
    const hit = col.whens.add((t: LintTweet) => ms.some((m) => m.test(t.text)));
    conds.push((ctx) => hit(ctx.request.tweet));
  }
  if (when.tweetNotMatches) {
    const ms = list('tweetNotMatches');
    const hit = col.whens.add((t: LintTweet) => ms.some((m) => m.test(t.text)));
    conds.push((ctx) => !hit(ctx.request.tweet));
  }
  if (when.threadMatches) {
    const ms = list('threadMatches');
    const inTweet = col.whens.add((t: LintTweet) => ms.some((m) => m.test(t.text)));
    const inThread = col.whens.add((ts: ThreadTweet[]) => ts.some((t) => ms.some((m) => m.test(t.text))));
    conds.push((ctx) => inTweet(ctx.request.tweet) || inThread(ctx.request.thread));
  }
  if (when.openPromise !== undefined) {
    const want = when.openPromise;
    conds.push((ctx) => ctx.request.history.promises.some((p) => !p.done) === want);
  }
  if (when.openCase !== undefined) {
    const want = when.openCase;
    conds.push((ctx) => ctx.request.history.openCases > 0 === want);
  }
  if (when.hasDetail !== undefined) {
    const ks = kinds(when.hasDetail);
    conds.push((ctx) => ctx.request.history.details.some((d) => ks.includes(d.kind)));
  }
  if (when.lacksDetail !== undefined) {
    const ks = kinds(when.lacksDetail);
    conds.push((ctx) => !ctx.request.history.details.some((d) => ks.includes(d.kind)));
  }
  if (when.firstReply !== undefined) {
    const want = when.firstReply;
    conds.push((ctx) => ctx.request.history.replies.length === 0 === want);
  }
  if (when.addressingBrand !== undefined) {
    const want = when.addressingBrand;
    conds.push((ctx) => addressesBrand(ctx.request) === want);
  }
  if (!ok) return null;
  return (ctx) => conds.every((c) => c(ctx));
}

/**
 * Results of the pack's pattern conditions, per tweet / thread object: one small array per object holds every
 * condition's result (a WeakMap entry per condition would cost more than the tests it saves when objects are new).
 */
class WhenCache {
  private readonly byObject = new WeakMap<object, Array<boolean | undefined>>();
  private next = 0;
  /** A memoised "any of `test` on this object" condition. */
  add<T extends object>(test: (t: T) => boolean): (t: T) => boolean {
    const id = this.next++;
    const byObject = this.byObject;
    return (t) => {
      let results = byObject.get(t);
      if (!results) {
        results = [];
        byObject.set(t, results);
      }
      let r = results[id];
      if (r === undefined) {
        r = test(t);
        results[id] = r;
      }
      return r;
    };
  }
}

function addressesBrand(req: RuleContext['request']): boolean {
  const brand = new Set(req.brand.map((b) => b.toLowerCase()));
  const t = req.tweet;
  if (t.inReplyTo && brand.has(t.inReplyTo.toLowerCase())) return true;
  return (t.mentions ?? []).some((m) => brand.has(m.toLowerCase()));
}

function matchersOf(
  rule: { patterns?: string[]; phrases?: string[]; ignoreCase: boolean; wholeWord: boolean; id: string },
  col: Collector,
  base: Array<string | number>,
): CompiledMatcher[] | null {
  const out: CompiledMatcher[] = [];
  let ok = true;
  const opts = { ignoreCase: rule.ignoreCase, wholeWord: rule.wholeWord };
  (rule.patterns ?? []).forEach((p, i) => {
    const m = col.matcher(p, 'pattern', opts, [...base, 'patterns', i], rule.id);
    if (m) out.push(m);
    else ok = false;
  });
  (rule.phrases ?? []).forEach((p, i) => {
    const m = col.matcher(p, 'phrase', opts, [...base, 'phrases', i], rule.id);
    if (m) out.push(m);
    else ok = false;
  });
  return ok ? out : null;
}

/** All matches of several matchers, left to right, overlaps dropped (the earliest, then longest, wins). */
export function allMatches(ms: CompiledMatcher[], text: string): Match[] {
  if (ms.length === 1) return ms[0]!.findAll(text); // already left to right, without overlaps
  const found = ms.flatMap((m) => m.findAll(text));
  if (found.length === 0) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Match[] = [];
  let until = -1;
  for (const m of found) {
    if (m.start >= until) {
      out.push(m);
      until = m.end;
    }
  }
  return out;
}

/** Keep the case of the first letter of what the agent typed ("Kindly" -> "Please"). */
function matchCase(replacement: string, matched: string): string {
  const first = matched.charAt(0);
  if (replacement && first && first !== first.toLowerCase() && matched !== matched.toUpperCase()) {
    return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  }
  return replacement;
}

function docsFor(pack: Pack, spec: PackRule): string {
  const lines = [spec.description ?? spec.message.replace(/\{\{\s*\w+\s*\}\}/g, '…')];
  lines.push('', `From pack **${pack.name}** ${pack.version}${pack.author ? ` by ${pack.author}` : ''}.`);
  if (spec.docs) lines.push('', `More: ${spec.docs}`);
  return lines.join('\n');
}

/** Turn a pack example (string or object) into the engine's RuleExample. */
export function toRuleExample(ex: PackExample): RuleExample {
  if (typeof ex === 'string') return { draft: ex };
  const request: Partial<Omit<LintRequest, 'draft'>> = {};
  if (ex.brand) request.brand = ex.brand;
  if (ex.tweet !== undefined) {
    request.tweet =
      typeof ex.tweet === 'string'
        ? { author: 'customer', text: ex.tweet, inReplyTo: (ex.brand ?? ['brand'])[0] ?? 'brand' }
        : { author: ex.tweet.author ?? 'customer', text: ex.tweet.text, inReplyTo: ex.tweet.inReplyTo, mentions: ex.tweet.mentions };
  }
  if (ex.thread) request.thread = ex.thread;
  if (ex.history) {
    const h = ex.history;
    request.history = {
      details: h.details,
      notes: h.notes,
      replies: h.replies?.map((r) => (typeof r === 'string' ? { text: r } : r)),
      promises: h.promises?.map((p) => (typeof p === 'string' ? { text: p } : p)),
      openCases: h.openCases,
    };
  }
  const out: RuleExample = { draft: ex.draft };
  if (Object.keys(request).length) out.request = request;
  if (ex.expect !== undefined) out.expect = ex.expect;
  if (ex.note !== undefined) out.note = ex.note;
  return out;
}

function compileRule(pack: Pack, spec: PackRule, index: number, col: Collector): CompiledPackRule | null {
  const base: Array<string | number> = ['rules', index];
  const id = `${pack.name}/${spec.id}`;
  const cond = compileWhen(spec.when, col, [...base, 'when'], spec.id);
  let check: ((ctx: RuleContext) => RuleReport[]) | null = null;
  const msg = spec.message;

  switch (spec.type) {
    case 'existence': {
      const ms = matchersOf(spec, col, base);
      if (ms) check = (ctx) => allMatches(ms, ctx.request.draft).map((m) => ({ message: fillTemplate(msg, { match: m.text }), start: m.start, end: m.end }));
      break;
    }
    case 'substitution': {
      const entries: Array<{ m: CompiledMatcher; to: string[] }> = [];
      let ok = true;
      Object.entries(spec.swap).forEach(([from, to]) => {
        const m = col.matcher(from, spec.regex ? 'pattern' : 'phrase', { ignoreCase: spec.ignoreCase, wholeWord: spec.wholeWord }, [...base, 'swap', from], spec.id);
        if (m) entries.push({ m, to: Array.isArray(to) ? to : [to] });
        else ok = false;
      });
      if (ok)
        check = (ctx) => {
          const draft = ctx.request.draft;
          const hits = entries.flatMap((e) => e.m.findAll(draft).map((match) => ({ match, to: e.to })));
          hits.sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end);
          const out: RuleReport[] = [];
          let until = -1;
          for (const { match, to } of hits) {
            if (match.start < until) continue;
            until = match.end;
            const replacements = to.map((t) => matchCase(t, match.text));
            const suggestions: Suggestion[] = replacements.map((text) => ({
              start: match.start,
              end: match.end,
              text,
              label: text ? `Replace with "${text}"` : 'Remove',
            }));
            out.push({
              message: fillTemplate(msg, { match: match.text, replacement: replacements.join('" or "') }),
              start: match.start,
              end: match.end,
              suggestions,
            });
          }
          return out;
        };
      break;
    }
    case 'occurrence': {
      const ms = matchersOf(spec, col, base);
      const { max, min } = spec;
      if (ms)
        check = (ctx) => {
          const draft = ctx.request.draft;
          const found = allMatches(ms, draft);
          const out: RuleReport[] = [];
          if (max !== undefined && found.length > max) {
            const extra = found.slice(max);
            const first = extra[0]!;
            const last = extra[extra.length - 1]!;
            out.push({
              message: fillTemplate(msg, { match: first.text, count: found.length, max, min: min ?? '' }),
              start: first.start,
              end: last.end,
            });
          }
          // "At least" only once the agent has written something.
          if (min !== undefined && found.length < min && draft.trim() !== '') {
            out.push({ message: fillTemplate(msg, { match: '', count: found.length, max: max ?? '', min }), start: 0, end: draft.length });
          }
          return out;
        };
      break;
    }
    case 'requires': {
      const ms = matchersOf(spec, col, base);
      const message = fillTemplate(msg, { match: '' });
      if (ms)
        check = (ctx) => {
          const draft = ctx.request.draft;
          if (!NON_BLANK.test(draft)) return [];
          if (ms.some((m) => m.test(draft))) return [];
          return [{ message, start: 0, end: draft.length }];
        };
      break;
    }
  }
  if (!check || !cond) return null;
  const body = check;
  const guard = cond;
  const rule: Rule = {
    meta: { id, severity: spec.severity, description: spec.description ?? msg.replace(/\{\{\s*\w+\s*\}\}/g, '…'), docs: docsFor(pack, spec) },
    check: (ctx) => (guard(ctx) ? body(ctx) : []),
    examples: { valid: spec.examples.valid.map(toRuleExample), invalid: spec.examples.invalid.map(toRuleExample) },
  };
  return { id, rule, source: pack.name, spec };
}

export function compilePack(pack: Pack): { ok: true; compiled: CompiledPack } | { ok: false; errors: PackCompileError[] } {
  const col = new Collector(pack.name);
  const rules: CompiledPackRule[] = [];
  pack.rules.forEach((spec, i) => {
    const r = compileRule(pack, spec, i, col);
    if (r) rules.push(r);
  });
  if (col.errors.length) return { ok: false, errors: col.errors };
  return { ok: true, compiled: { name: pack.name, rules } };
}
