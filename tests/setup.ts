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
