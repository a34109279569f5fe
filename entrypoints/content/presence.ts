/**
 * Team presence in the content script: what this tab reports (a card open on a customer: viewing; focus in a reply
 * composer under their tweet: replying) and what the team does (other agents on customers, from the background).
 * Lives for the page, across X's route changes. Presence carries handles and customer keys only, never draft text.
 */
import { handleKey } from '../../lib/cases/types';
import { messenger } from '../../lib/messaging/messenger';
import { onPresence } from '../../lib/messaging/events';
import type { PresenceEntry, PresenceMode } from '../../lib/sync/presence';
import { Hub } from './env';

export class PresenceView {
  private entries: PresenceEntry[] = [];
  private byKey = new Map<string, PresenceEntry[]>();
  /** Emits the customer keys whose presence changed. */
  readonly onChange = new Hub<[Set<string>]>();
  private card: string | null = null;
  private composer: string | null = null;
  private reported = '';

  constructor(signal: AbortSignal) {
    onPresence((entries) => this.set(entries), signal);
    messenger.sendMessage('getPresence', []).then(
      (entries) => this.set(entries),
      () => undefined, // not in a team, or the background is starting: the next broadcast brings it
    );
    signal.addEventListener('abort', () => this.report(null, null), { once: true });
  }

  private set(entries: PresenceEntry[]): void {
    const before = this.byKey;
    this.entries = entries;
    this.byKey = new Map();
    for (const e of entries) {
      const list = this.byKey.get(e.key) ?? [];
      list.push(e);
      this.byKey.set(e.key, list);
    }
    const changed = new Set<string>();
    for (const k of new Set([...before.keys(), ...this.byKey.keys()])) {
      if (JSON.stringify(before.get(k) ?? []) !== JSON.stringify(this.byKey.get(k) ?? [])) changed.add(k);
    }
    if (changed.size) this.onChange.emit(changed);
  }

  /** Other agents on this customer: replying first. */
  forKey(handle: string): PresenceEntry[] {
    return this.byKey.get(handleKey(handle)) ?? [];
  }

  /** Another agent is replying to this customer right now. */
  replying(handle: string): PresenceEntry[] {
    return this.forKey(handle).filter((e) => e.mode === 'replying');
  }

  /** A card opened on a customer (null: closed). */
  viewing(handle: string | null): void {
    this.card = handle ? handleKey(handle) : null;
    this.flush();
  }

  /** Focus in a reply composer answering this customer (null: left it). */
  replyingTo(handle: string | null): void {
    this.composer = handle ? handleKey(handle) : null;
    this.flush();
  }

  private flush(): void {
    if (this.composer) this.report(this.composer, 'replying');
    else if (this.card) this.report(this.card, 'viewing');
    else this.report(null, null);
  }

  private report(key: string | null, mode: PresenceMode | null): void {
    const sig = `${key}|${mode}`;
    if (sig === this.reported) return;
    this.reported = sig;
    messenger.sendMessage('reportPresence', [{ key, mode }]).catch(() => undefined);
  }

  all(): PresenceEntry[] {
    return this.entries;
  }
}
