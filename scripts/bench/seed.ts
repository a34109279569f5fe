/** Backup JSON for the annotation bench: a customer with an open case, two notes and a detail per seeded handle. */
export function seededBackup(handles: string[], now: number): string {
  const customers = [];
  const cases = [];
  const notes = [];
  const details = [];
  for (const [i, handle] of handles.entries()) {
    const key = handle.toLowerCase();
    customers.push({ key, handle, displayName: `Bench ${i}`, tags: ['bench'], mergedInto: null, aliases: [], createdAt: now - 86_400_000, updatedAt: now });
    cases.push({ id: `case-${key}`, customerKey: key, title: `Router keeps dropping (${i})`, status: i % 4 === 0 ? 'solved' : 'open', priority: 'normal', tags: [], createdAt: now - 86_400_000, updatedAt: now });
    notes.push({ id: `n1-${key}`, customerKey: key, caseId: `case-${key}`, text: 'Called about the outage', createdAt: now - 3_600_000 });
    notes.push({ id: `n2-${key}`, customerKey: key, caseId: null, text: 'Prefers DM', createdAt: now - 7_200_000 });
    details.push({ id: `d-${key}`, customerKey: key, caseId: null, kind: 'account', value: `ACC-${i}`, source: 'typed', sourceRef: null, createdAt: now - 3_600_000 });
  }
  return JSON.stringify({
    format: 'caselint-backup',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    data: { customers, cases, notes, details, interactions: [], promises: [] },
  });
}

/** Customer key (and handle) of the store bench's i-th seeded customer. */
export const benchKey = (i: number): string => `cust_${i.toString(36)}`;

/** One screen of the store bench's lookups: 20 known handles + 2 unknown ones, as the content script asks. */
export function benchScreen(r: number, customers: number): string[] {
  const hs = Array.from({ length: 20 }, (_, i) => benchKey((r * 7919 + i * 104_729) % customers));
  return [...hs, `nobody_${r}`, `unknown_${r}`];
}
