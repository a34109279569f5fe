/** The learned joke model's data file (scripts/train-joke-model.ts): within its size budget, loads, refuses a broken file. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBase64, encodeBase64, loadJokeModel, shippedJokeModel, type JokeModelFile } from '../../../lib/lint/rules/joke-model';

describe('joke model file', () => {
  it('is at most 200 KB and decodes to 2^bits weights', () => {
    expect(statSync(join(__dirname, '../../../lib/lint/rules/joke-model.json')).size).toBeLessThanOrEqual(200 * 1024);
    const m = shippedJokeModel();
    expect(m.weights.length).toBe(1 << m.file.bits);
    expect(m.weights.some((w) => w !== 0)).toBe(true);
  });

  it('round-trips base64 of every length and names the file and field of a broken one', () => {
    for (const n of [0, 1, 2, 3, 4, 5]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 200) & 0xff);
      expect([...decodeBase64(encodeBase64(bytes))]).toEqual([...bytes]);
    }
    const file = shippedJokeModel().file;
    expect(() => loadJokeModel({ ...file, weights: file.weights.slice(0, 100) } as JokeModelFile)).toThrow(/joke-model\.json: weights hold 75 bytes, expected 2\^16/);
    expect(() => loadJokeModel({ ...file, weights: '!!!!' } as JokeModelFile)).toThrow(/joke-model\.json: weights: not base64 at character 0/);
  });
});
