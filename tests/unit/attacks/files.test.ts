/**
 * Hostile CSV and backup files, and content-script messages carrying times past the Date range: every door has
 * the same bounds (lib/time.ts, the CSV's cell limits = the UI's), and errors name the line and column or path.
 */
import { describe, expect, it } from 'vitest';
import { parseBackup } from '../../../lib/cases/backup';
import { CaselintDB } from '../../../lib/cases/db';
import { previewCsv } from '../../../lib/cases/csv';
import { CaseStore } from '../../../lib/cases/store';
import { parseArgs } from '../../../lib/messaging/protocol';
import { MAX_TIME } from '../../../lib/time';

let n = 0;
const store = () => new CaseStore(new CaselintDB(`attack-files-${++n}`));

describe('CSV', () => {
  const bad = (csv: string) => previewCsv(csv).errors.map((e) => `${e.line}:${e.column ?? ''} ${e.message}`);

  it('line numbers are right with a BOM and with CR-only line endings', () => {
    const body = ['handle,status', 'ok_one,open', 'ok_two,bogus', 'ok_three,open'];
    expect(bad(`\ufeff${body.join('\n')}`)).toEqual(['3:status unknown status "bogus" (use open, waiting or solved)']);
    expect(bad(body.join('\r'))).toEqual(['3:status unknown status "bogus" (use open, waiting or solved)']);
    expect(bad(`\ufeff${body.join('\r\n')}`)).toEqual(['3:status unknown status "bogus" (use open, waiting or solved)']);
  });

  it('nonsense dates are refused, not read by Date.parse', () => {
    const errs = bad('handle,created_at\nann,ticket 12\nbob,Feb 30 2024\ncid,Feb 29 2024\n');
    expect(errs).toEqual([
      '2:created_at unparseable date "ticket 12" (use ISO 8601 like 2024-05-01 or 2024-05-01T14:30:00Z)',
      '3:created_at unparseable date "Feb 30 2024" (use ISO 8601 like 2024-05-01 or 2024-05-01T14:30:00Z)',
    ]);
  });

  it('a handle with the Kelvin sign does not fold into another customer', () => {
    expect(bad('handle\n\u212Aelvin\n')).toEqual(['2:handle invalid handle "\u212Aelvin" (X handles have letters, digits and _)']);
  });

  it('cells over the UI\'s own limits are refused by line and column', () => {
    const errs = bad(`handle,title,note,tags\nann,${'t'.repeat(501)},${'n'.repeat(20_001)},${'x'.repeat(65)}\n`);
    expect(errs).toEqual([
      '2:title a title has 501 characters; at most 500',
      '2:note a note has 20001 characters; at most 20000',
      '2:tags a tag has at most 64 characters',
    ]);
  });
});

describe('times past the Date range', () => {
  it('a backup with one is refused, naming the path; nothing is imported', async () => {
    const s = store();
    await s.addNote({ handle: 'jen', text: 'hello' });
    const backup = JSON.parse(await s.exportBackup());
    backup.data.notes[0].createdAt = MAX_TIME + 1;
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(/Invalid backup: data\.notes\[0\]\.createdAt: a time must be within the Date range/);
    const fresh = store();
    await expect(fresh.importBackup({ json: JSON.stringify(backup) })).rejects.toThrow(/Date range/);
    expect(await fresh.db.notes.count()).toBe(0);
  });

  it('a message with one is refused before it reaches the store', () => {
    expect(() => parseArgs('addPromise', [{ handle: 'jen', text: 'call', due: 1e20 }])).toThrow(/due: a time must be within the Date range/);
    expect(() => parseArgs('addPromise', [{ handle: 'jen', text: 'call', due: MAX_TIME }])).not.toThrow();
  });
});
