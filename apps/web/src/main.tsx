// First: zod's settings must exist before any schema is built.
import './zod-config';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/app';
import { createAppRouter } from './app/router';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

const root = document.getElementById('root');
if (root) {
  const router = createAppRouter();
  const app = (
    <StrictMode>
      <App router={router} />
    </StrictMode>
  );
  // A transition: React works in slices of a few milliseconds, yielding to the browser between them.
  const start = (render: () => void) => startTransition(render);
  const prerendered = root.dataset.prerendered;
  if (prerendered === undefined) {
    start(() => createRoot(root).render(app));
  } else {
    // A page prerendered at build for this path (build/prerender.ts), inert until the app has made it
    // live (layout.tsx, PageLive). At exactly the prerendered address React adopts the markup as it is
    // (hydration) instead of building the page again: no second style and layout pass, nothing moves.
    // Elsewhere (`/login?reason=expired` shows a notice the markup lacks) the app replaces it. The
    // route's screen is loaded first either way, so the first render is the page, not a loading state.
    // `ssr` tells the router the page came rendered: its root is then not wrapped in a Suspense the
    // markup does not have. Each step in a task of its own, so that none is long on a slow phone.
    const isSamePage = prerendered === `${location.pathname}${location.search}${location.hash}`;
    if (isSamePage) router.ssr = { manifest: undefined };
    void nextTask()
      .then(() => router.load())
      .then(nextTask)
      .then(() => start(() => (isSamePage ? hydrateRoot(root, app) : createRoot(root).render(app))));
  }
}
