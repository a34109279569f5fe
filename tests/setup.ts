import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';

// Component tests in jsdom read the in-page UI through open shadow roots and drive it with synthetic events (jsdom
// has no trusted ones). In a browser the roots are closed and synthetic events are dropped
// (entrypoints/content/mount.tsx); tests/unit/attacks/inpage.test.tsx switches this off to check that.
import { setJsdomTestHooks } from '../entrypoints/content/test-hooks';
setJsdomTestHooks({ hooks: true, untrusted: true });
