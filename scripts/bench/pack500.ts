/**
 * A generated 500-rule pack (existence, substitution, occurrence and requires rules, many with `when`
 * conditions), loaded through the real `loadPack` so it is validated and compiled as a team lead's pack would be.
 */
import { loadPack, resolveConfig, type ResolvablePack } from '../../lib/packs';
import { rng } from './stats';

const WORDS = (
  'account bill refund outage signal router modem delivery parcel order invoice charge fee plan upgrade contract ' +
  'store branch card payment transfer login password reset app update crash battery screen warranty repair ' +
  'engineer appointment visit driver flight booking seat luggage delay cancel voucher points loyalty roaming data ' +
  'speed broadband fibre tv channel package sim port number network coverage mast email verify identity fraud ' +
  'dispute complaint manager supervisor escalate policy terms compensation credit discount offer renewal price'
).split(' ');

const PHRASE_TAILS = ['issue', 'problem', 'team', 'department', 'request', 'details', 'status', 'update', 'policy', 'form'];

export function generatePack(size = 500, seed = 42): object {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const phrase = () => `${pick(WORDS)} ${pick(PHRASE_TAILS)}`;
  const whens = [
    undefined,
    { tweetMatches: [`\\b${pick(WORDS)}s?\\b`, `\\b${pick(WORDS)}\\b`] },
    { openPromise: true },
    { hasDetail: 'phone' },
    { lacksDetail: ['account', 'order'] },
    { firstReply: false, addressingBrand: true },
    { threadMatches: [`(?:still|again) ${pick(WORDS)}`] },
    { openCase: true, tweetNotMatches: ['\\bthanks?\\b'] },
  ] as const;
  const rules: object[] = [];
  for (let i = 0; i < size; i++) {
    const type = (['existence', 'substitution', 'occurrence', 'requires'] as const)[i % 4];
    const when = whens[i % whens.length];
    const base = {
      id: `r${i}-${type}`,
      severity: pick(['error', 'warning', 'info'] as const),
      message: `Rule ${i}: "{{match}}" is not how we talk about ${pick(WORDS)}.`,
      ...(when ? { when } : {}),
    };
    if (type === 'existence') {
      rules.push({ ...base, type, phrases: [phrase(), phrase(), phrase()], patterns: [`\\b${pick(WORDS)}\\s+(?:is|are) (?:not|never) ${pick(WORDS)}`] });
    } else if (type === 'substitution') {
      rules.push({ ...base, type, swap: { [phrase()]: phrase(), [`${pick(WORDS)} ${pick(WORDS)}`]: [pick(WORDS), phrase()], [pick(WORDS) + 'ed']: pick(WORDS) } });
    } else if (type === 'occurrence') {
      rules.push({ ...base, type, patterns: [`\\b${pick(WORDS)}\\b`, `\\b${pick(WORDS)}\\b`], max: 1 + (i % 3) });
    } else {
      rules.push({ ...base, type, phrases: [pick(WORDS), phrase()] });
    }
  }
  return { name: 'bench-500', version: '1.0.0', description: `Generated ${size}-rule pack for the lint benchmark.`, rules };
}

export function loadGeneratedPack(size = 500): ResolvablePack & { chars: number } {
  const text = JSON.stringify(generatePack(size));
  const res = loadPack(text, { filename: 'bench-500.json' });
  if (!res.ok) throw new Error(`the generated pack does not load: ${res.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
  return { pack: res.pack, compiled: res.compiled, chars: text.length };
}

export function packLinterOptions(size = 500) {
  const p = loadGeneratedPack(size);
  const resolved = resolveConfig([p]);
  return { extraRules: resolved.extraRules, settings: resolved.settings, rules: p.compiled.rules.length, chars: p.chars };
}
