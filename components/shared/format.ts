/** Small, pure formatting helpers shared by the in-page UI and the pages. */

/** "just now", "5 min ago", "3 h ago", "2 days ago", "in 4 h", "in 3 days". */
export function relativeTime(at: number, now: number): string {
  const diff = now - at;
  const abs = Math.abs(diff);
  const min = 60_000;
  const hour = 60 * min;
  const day = 24 * hour;
  let amount: string;
  if (abs < min) return diff >= 0 ? 'just now' : 'in under a minute';
  if (abs < hour) amount = `${Math.round(abs / min)} min`;
  else if (abs < day) amount = `${Math.round(abs / hour)} h`;
  else {
    const days = Math.round(abs / day);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function shortDate(at: number): string {
  return new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Date and time for the extension pages ("Nov 23, 2026, 8:07 AM"); "—" when missing or invalid. */
export function formatDate(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Epoch ms from a datetime-local value, or null when empty/invalid. */
export function fromDateTimeLocal(value: string): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : t;
}

/** "a, b, a" -> ["a", "b"]: comma-separated tags, trimmed, without duplicates. */
export function splitTags(s: string): string[] {
  return [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))];
}
