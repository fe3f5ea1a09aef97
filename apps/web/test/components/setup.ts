// As in the browser (src/main.tsx): zod's settings before any schema is built.
import '../../src/zod-config';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Browser APIs Mantine uses that happy-dom leaves out.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.assign(window, { ResizeObserver: ResizeObserverStub });
}
Element.prototype.scrollIntoView ??= () => {};
// Textarea's autosize listens for web fonts loading.
if (!('fonts' in document) || !document.fonts) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

// Screens load lazily (as in the app) and the machine is shared: give `findBy…`/`waitFor` time.
configure({ asyncUtilTimeout: 4000 });
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  cleanup();
});
