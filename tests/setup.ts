import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';

// Under jsdom, Node's structuredClone (which fake-indexeddb stores values with) returns byte arrays of Node's realm,
// not of the test's: `instanceof Uint8Array` is false and Yjs cannot read back a document y-dexie stored. Bring
// them back into this realm (only byte arrays; everything else is returned as Node cloned it).
if (typeof window !== 'undefined') {
  const nativeClone = globalThis.structuredClone;
  const isForeignBytes = (v: unknown): v is Uint8Array =>
    typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && Object.prototype.toString.call(v) === '[object Uint8Array]';
  const fix = (v: unknown, depth: number): unknown => {
    if (isForeignBytes(v)) return new Uint8Array(v);
    if (depth > 0 && typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = fix(v[i], depth - 1);
      else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
        for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = fix((v as Record<string, unknown>)[k], depth - 1);
    }
    return v;
  };
  globalThis.structuredClone = ((value: unknown, options?: StructuredSerializeOptions) => fix(nativeClone(value, options), 3)) as typeof structuredClone;
}

// React's act() warnings: the components and content-script features under test load their data from IndexedDB
// (fake-indexeddb, real timers), debounce searches and render from DOM events and animation frames, as in the
// browser. The tests wait for what the user sees (findBy/waitFor) instead of wrapping each of those updates in act(),
// which is what React asks a test environment to declare (testing-library's own act(), used by render and userEvent,
// still turns it on around each call). Set before each test: testing-library turns it on in its beforeAll.
const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeEach(() => {
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
});

// Component tests in jsdom read the in-page UI through open shadow roots and drive it with synthetic events (jsdom
// has no trusted ones). In a browser the roots are closed and synthetic events are dropped
// (entrypoints/content/mount.tsx); tests/unit/attacks/inpage.test.tsx switches this off to check that.
import { setJsdomTestHooks } from '../entrypoints/content/test-hooks';
setJsdomTestHooks({ hooks: true, untrusted: true });
