// Imported first by store-page.ts: zod decides at schema construction whether to compile validators with
// new Function. Code evaluated through CDP escapes the extension's CSP for zod's eval probe, then fails on it, so
// turn the JIT off before any schema exists (the real extension ends up without eval as well).
import { config } from 'zod';

config({ jitless: true });
