import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';

// React's act() warnings: the components and content-script features under test load their data from IndexedDB
// (fake-indexeddb, real timers), debounce searches and render from DOM events and animation frames, as in the
// browser. The tests wait for what the user sees (findBy/waitFor) instead of wrapping each of those updates in act(),
// which is what React asks a test environment to declare (testing-library's own act(), used by render and userEvent,
// still turns it on around each call). Set before each test: testing-library turns it on in its beforeAll.
const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeEach(() => {
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
});
