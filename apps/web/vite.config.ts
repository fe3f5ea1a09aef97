import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { precompress } from './build/precompress.ts';
import { preloadModules } from './build/preload-modules.ts';
import { prerenderPages } from './build/prerender.ts';

const apiTarget = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    // Every page needs the data layer: fetched beside the entry, not after it has run (docs/web.md
    // "Delivery"; preloading the sign-in screen's chunks too was measured and cost more than it gained).
    preloadModules(['src/app/data-layer.tsx']),
    // The public pages a new visitor meets first, painted before the app's code arrives (docs/web.md
    // "Prerendered pages"); the API sends `<page>.html` for its path.
    prerenderPages({ '/login': 'login.html', '/signup': 'signup.html' }),
    precompress(),
  ],
  server: { port: 5173, proxy: { '/trpc': apiTarget, '/api': apiTarget } },
  // The manifest lets scripts/bundle-size.ts find the entry chunk and its static imports.
  build: {
    manifest: true,
    sourcemap: false,
    // No modulepreload polyfill: every browser the app supports preloads modules natively.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Few, larger files (docs/web.md "Delivery"): on a slow connection each file is a round trip,
        // and a screen used to need ~50 small shared chunks. Every module the entry needs statically is
        // in one chunk (`app`); modules two or more lazy chunks share go to one chunk of Mantine's and
        // one of ours (`mantine`, `common`), so a screen is its own chunk plus those two.
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], priority: 3 },
            { name: 'mantine', test: /[\\/]@mantine[\\/]/, minShareCount: 2, priority: 2 },
            { name: 'common', test: /[\\/](src|packages)[\\/]/, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'components',
          include: ['test/components/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/components/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'journeys',
          include: ['test/journeys/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/journeys/global-setup.ts'],
          // One browser and one API at a time: the machine has two cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 90_000,
          // UI assertions poll: screens load data and re-render after a debounce.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
