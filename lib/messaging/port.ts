/**
 * A long-lived port for the content script's `summaries` lookups (the hot path: one lookup per frame of new
 * tweets). In Chrome every `runtime.sendMessage` opens and closes a port of its own (~3 ms of the content
 * script's main thread on a loaded machine); `postMessage` on an open port skips that.
 *
 * Background: `acceptSummaryPort` checks the sender exactly as the message server does (`checkSender`: this
 * extension, a content script in an https x.com / twitter.com tab) and validates every request with zod (the
 * `summaries` argument schema of protocol.ts), then answers `{ id, result }` or `{ id, error }`.
 *
 * Content script: `SummaryPortClient` sends `{ id, handles }`, reconnects lazily after the port closes (service
 * worker restart), answers requests caught by a disconnect through the message API, and stops using ports after
 * `maxFailures` ports in a row closed without answering anything (e.g. a background without the listener).
 *
 * Known handles: `{ id, filter: true }` is answered `{ id, filter: KnownHandlesJSON }` (lib/cases/known-handles.ts:
 * a Bloom filter over every handle key the store knows), same sender check. The content script answers "no history"
 * for a handle the filter rules out without asking. There is no message-API fallback for it: without a port the
 * client's `knownHandles()` rejects and the content script looks every handle up as before.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import type { CaseApi } from '../cases/api';
import type { KnownHandlesJSON } from '../cases/known-handles';
import type { CustomerSummary } from '../cases/types';
import { contentLimiter, summariesForContent, type ContentRateLimiter } from './limits';
import { checkSender, parseArgs, MessageRejectedError, type ExtensionIdentity, type SenderLike } from './protocol';

export const SUMMARY_PORT = 'caselint:summaries';

type Summaries = Record<string, CustomerSummary>;

/** The parts of runtime.Port both sides use (a fake in tests). */
export interface PortLike {
  name: string;
  sender?: SenderLike;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Request: `handles` is checked with the `summaries` message schema (same limits, same error text). */
const requestSchema = z.strictObject({ id: requestId, handles: z.unknown() });
/** Request for the known-handles filter. */
const filterRequestSchema = z.strictObject({ id: requestId, filter: z.literal(true) });

export type SummaryPortRequest = { id: number; handles: string[] } | { id: number; filter: true };
export type SummaryPortResponse =
  | { id: number; result: Summaries }
  | { id: number; filter: KnownHandlesJSON }
  | { id: number; error: string };

export interface SummaryPortDeps {
  api: Pick<CaseApi, 'summaries'>;
  /** The known-handles filter (cached by the background until the next write). Without it, filter requests get an error. */
  knownHandles?: () => Promise<KnownHandlesJSON>;
  self: ExtensionIdentity;
  /** Per-tab budgets for content scripts (limits.ts); default one for the background's life. */
  limiter?: ContentRateLimiter;
  warn?: (message: string) => void;
}

/**
 * Background: serve one port if it is ours. Returns false for ports with another name (left to other
 * listeners); a port from a sender the message server would refuse is disconnected at once.
 */
export function acceptSummaryPort(port: PortLike, deps: SummaryPortDeps): boolean {
  if (port.name !== SUMMARY_PORT) return false;
  const warn = deps.warn ?? ((m: string) => console.warn(m));
  let tabId = -1;
  try {
    const who = checkSender('summaries', port.sender, deps.self);
    if (who.kind === 'content') tabId = who.tabId;
    if (who.kind !== 'content') throw new MessageRejectedError(`Caselint: rejected "${SUMMARY_PORT}" port: only content scripts in x.com tabs use it`);
  } catch (e) {
    warn(e instanceof Error ? e.message : String(e));
    port.disconnect();
    return true;
  }
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  const reply = (message: SummaryPortResponse) => {
    if (!open) return;
    try {
      port.postMessage(message);
    } catch {
      open = false; // closed in the meantime
    }
  };
  port.onMessage.addListener((message) => {
    if (message !== null && typeof message === 'object' && 'filter' in message) {
      const fr = filterRequestSchema.safeParse(message);
      if (!fr.success) {
        const id = (message as { id?: unknown }).id;
        const why = `Caselint: invalid "${SUMMARY_PORT}" filter request: ${fr.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`;
        warn(why);
        if (typeof id === 'number') reply({ id, error: why });
        return;
      }
      const { id } = fr.data;
      if (!deps.knownHandles) {
        reply({ id, error: 'Caselint: this background does not serve the known-handles filter' });
        return;
      }
      deps.knownHandles().then(
        (filter) => reply({ id, filter }),
        (e: unknown) => reply({ id, error: e instanceof Error ? e.message : String(e) }),
      );
      return;
    }
    const req = requestSchema.safeParse(message);
    if (!req.success) {
      const id = (message as { id?: unknown } | null)?.id;
      const why = `Caselint: invalid "${SUMMARY_PORT}" message: ${req.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`;
      warn(why);
      if (typeof id === 'number') reply({ id, error: why });
      return;
    }
    const { id } = req.data;
    let handles: string[];
    try {
      handles = parseArgs('summaries', [req.data.handles])[0] as string[];
    } catch (e) {
      reply({ id, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    try {
      (deps.limiter ?? contentLimiter).take(tabId, 'summaries', handles.length);
    } catch (e) {
      reply({ id, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    deps.api.summaries(handles).then(
      // Only content scripts use the port: the chip's summary, not every known detail.
      (result) => reply({ id, result: summariesForContent(result) }),
      (e: unknown) => reply({ id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  return true;
}

/** Background: serve summary ports. Call once, synchronously, at the top of the background. */
export function registerSummaryPort(deps: SummaryPortDeps): () => void {
  const listener = (port: unknown) => {
    acceptSummaryPort(port as PortLike, deps);
  };
  browser.runtime.onConnect.addListener(listener as never);
  return () => browser.runtime.onConnect.removeListener(listener as never);
}

export interface SummaryPortClientOptions {
  /** Open a port named SUMMARY_PORT to the background (throws when the extension context is gone). */
  connect(): PortLike;
  /** The message API's `summaries`, for when there is no port. */
  fallback(handles: string[]): Promise<Summaries>;
  /** Ports in a row that may close without answering before the client stays on the fallback. Default 3. */
  maxFailures?: number;
}

type Pending =
  | { kind: 'summaries'; handles: string[]; resolve(v: Summaries): void; reject(e: unknown): void }
  | { kind: 'filter'; resolve(v: KnownHandlesJSON): void; reject(e: unknown): void };

/** Content script: `summaries` over a long-lived port, with reconnection and the message API as fallback. */
export class SummaryPortClient {
  private port: PortLike | null = null;
  private seq = 0;
  private pending = new Map<number, Pending>();
  private failures = 0;
  private answered = false;
  private closed = false;
  /** Calls answered over a port / through the fallback (tests, debugging). */
  readonly stats = { port: 0, fallback: 0, connects: 0 };

  constructor(private opts: SummaryPortClientOptions) {}

  /** True once the client gave up on ports (too many failed connections) or was closed. */
  get usingFallback(): boolean {
    return this.closed || this.failures >= (this.opts.maxFailures ?? 3);
  }

  summaries(handles: string[]): Promise<Summaries> {
    const port = this.ensurePort();
    if (!port) return this.viaFallback(handles);
    const id = ++this.seq;
    return new Promise<Summaries>((resolve, reject) => {
      this.pending.set(id, { kind: 'summaries', handles, resolve, reject });
      try {
        port.postMessage({ id, handles } satisfies SummaryPortRequest);
      } catch {
        // The port died under us (disconnect not delivered yet): this request goes by message.
        this.pending.delete(id);
        if (!this.answered) this.failures++;
        this.dropPort();
        this.viaFallback(handles).then(resolve, reject);
      }
    });
  }

  /**
   * The known-handles filter as the background sent it (unchecked JSON: validate it with `KnownHandles.fromJSON`).
   * Port only: rejects when there is no port or it closes before answering (the caller then goes without a filter).
   */
  knownHandles(): Promise<KnownHandlesJSON> {
    const port = this.ensurePort();
    if (!port) return Promise.reject(new Error('Caselint: no summaries port for the known-handles filter'));
    const id = ++this.seq;
    return new Promise<KnownHandlesJSON>((resolve, reject) => {
      this.pending.set(id, { kind: 'filter', resolve, reject });
      try {
        port.postMessage({ id, filter: true } satisfies SummaryPortRequest);
      } catch (e) {
        this.pending.delete(id);
        if (!this.answered) this.failures++;
        this.dropPort();
        reject(e);
      }
    });
  }

  /** Close the port for good (content script going away); later calls use the fallback. */
  close(): void {
    this.closed = true;
    const port = this.port;
    this.dropPort();
    try {
      port?.disconnect();
    } catch {
      /* already gone */
    }
  }

  private ensurePort(): PortLike | null {
    if (this.port) return this.port;
    if (this.usingFallback) return null;
    let port: PortLike;
    try {
      port = this.opts.connect();
    } catch {
      this.failures++;
      return null;
    }
    this.stats.connects++;
    this.port = port;
    this.answered = false;
    port.onMessage.addListener((m) => this.onAnswer(port, m));
    port.onDisconnect.addListener(() => this.onDisconnect(port));
    return port;
  }

  private onAnswer(port: PortLike, message: unknown): void {
    if (port !== this.port || !message || typeof message !== 'object') return;
    const m = message as { id?: unknown; result?: unknown; filter?: unknown; error?: unknown };
    const p = typeof m.id === 'number' ? this.pending.get(m.id) : undefined;
    if (!p) return;
    this.pending.delete(m.id as number);
    this.answered = true;
    this.failures = 0;
    if (typeof m.error === 'string') p.reject(new Error(m.error));
    else if (p.kind === 'filter') {
      if (m.filter && typeof m.filter === 'object') p.resolve(m.filter as KnownHandlesJSON);
      else p.reject(new Error(`Caselint: malformed "${SUMMARY_PORT}" filter answer`));
    } else if (m.result && typeof m.result === 'object') {
      this.stats.port++;
      p.resolve(m.result as Summaries);
    } else p.reject(new Error(`Caselint: malformed "${SUMMARY_PORT}" answer`));
  }

  private onDisconnect(port: PortLike): void {
    if (port !== this.port) return;
    if (!this.answered) this.failures++;
    this.dropPort();
  }

  /** Forget the port; requests still waiting on it go through the message API (nothing is lost). */
  private dropPort(): void {
    this.port = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      if (p.kind === 'summaries') this.viaFallback(p.handles).then(p.resolve, p.reject);
      else p.reject(new Error('Caselint: the summaries port closed before the known-handles filter came'));
    }
  }

  private viaFallback(handles: string[]): Promise<Summaries> {
    this.stats.fallback++;
    return this.opts.fallback(handles);
  }
}

/** Content script wiring: a port client on `browser.runtime.connect`, falling back to `fallback`. */
export function createSummaryPortClient(fallback: (handles: string[]) => Promise<Summaries>): SummaryPortClient {
  return new SummaryPortClient({
    connect: () => {
      const port = browser.runtime.connect({ name: SUMMARY_PORT });
      // Read lastError so a refused connection is not reported as an unchecked error.
      port.onDisconnect.addListener(() => void browser.runtime.lastError);
      return port as unknown as PortLike;
    },
    fallback,
  });
}
