/**
 * Build time only (build/prerender.ts loads it in Node through Vite): the markup of a public page — the
 * same components the browser renders, at `path`, signed out — for the page's prerendered HTML. Nothing
 * in the browser imports this file.
 */
import './zod-config';
import { createMemoryHistory } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { App } from './app/app';
import { createAppRouter } from './app/router';

export async function renderPage(path: string): Promise<string> {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  // The route's screen chunk and guards, as the browser would load them before rendering.
  await router.load();
  // `prerender` waits for every lazy part (the screen, the data layer) instead of writing its fallback.
  // Without a chunk size React would write a large part out of place, to be moved by an inline script,
  // which the CSP refuses and which only hydration would need.
  const { prelude } = await prerender(
    <StrictMode>
      <App router={router} />
    </StrictMode>,
    { progressiveChunkSize: Number.POSITIVE_INFINITY },
  );
  return new Response(prelude).text();
}
