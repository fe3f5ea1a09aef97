import { join } from 'node:path';
import { createServer, type Plugin, type ResolvedConfig } from 'vite';

/** The module that renders a page's markup in Node (src/prerender.tsx). */
const RENDERER = '/src/prerender.tsx';

/**
 * Prerendered public pages (docs/web.md "Prerendered pages"): for each path, a copy of `index.html`
 * (`<page>.html`, which the API sends for that path) whose root holds the page's markup, rendered at build
 * time by the app's own components (src/prerender.tsx). The browser paints it with the stylesheet alone;
 * the app's code is asked for only after that first paint, by a small script emitted beside it
 * (`assets/start-<hash>.js`: the CSP allows no inline script), and hydrates the markup (src/main.tsx).
 * Until then the markup is `inert` (seen, not usable): nothing typed into it could be kept.
 */
export function prerenderPages(pages: Readonly<Record<string, string>>): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'loanbook:prerender',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle: {
      // After index.html is in the bundle with its script and preload tags.
      order: 'post',
      async handler(_options, bundle) {
        const index = bundle['index.html'];
        if (index?.type !== 'asset') throw new Error('prerender: no index.html in the bundle');
        const html = String(index.source);
        const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/.exec(html);
        if (!entry?.[1]) throw new Error('prerender: no entry script in index.html');
        const preloads = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">\s*/g)];
        const start = this.emitFile({
          type: 'asset',
          name: 'start.js',
          source: startScript(
            entry[1],
            preloads.map((match) => match[1] as string),
          ),
        });
        const shell = [entry, ...preloads]
          .reduce((page, match) => page.replace(match[0], ''), html)
          .replace(
            '</head>',
            `  <script src="${config.base}${this.getFileName(start)}" defer></script>\n  </head>`,
          );
        if (!shell.includes('<div id="root"></div>')) throw new Error('prerender: no empty root');

        const server = await createServer({
          configFile: join(config.root, 'vite.config.ts'),
          server: { middlewareMode: true, hmr: false, watch: null },
          appType: 'custom',
          logLevel: 'error',
        });
        try {
          const { renderPage } = (await server.ssrLoadModule(RENDERER)) as typeof import('../src/prerender');
          for (const [path, fileName] of Object.entries(pages)) {
            // Without the inline scripts React and the router write for streamed hydration and scroll
            // restoration: the markup is complete, the app hydrates it itself, and the CSP would refuse them.
            const markup = (await renderPage(path)).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
            this.emitFile({
              type: 'asset',
              fileName,
              source: shell.replace(
                '<div id="root"></div>',
                `<div id="root" inert data-prerendered="${path}">${markup}</div>`,
              ),
            });
          }
        } finally {
          await server.close();
        }
      },
    },
  };
}

/**
 * Asks for the app's entry and its preloaded chunks once the page has painted: after the browser has
 * recorded its first contentful paint (a frame's callbacks can run before that frame is shown), in a task
 * of its own. A hidden tab paints nothing: there it starts at once.
 */
function startScript(entry: string, preloads: readonly string[]): string {
  return `// Loanbook: starts the app once the prerendered page has painted (apps/web/build/prerender.ts).
(function () {
  var started = false;
  function start() {
    if (started) return;
    started = true;
    ${JSON.stringify(preloads)}.forEach(function (href) {
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = href;
      document.head.appendChild(link);
    });
    var script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = ${JSON.stringify(entry)};
    document.head.appendChild(script);
  }
  if (document.visibilityState === 'hidden' || typeof PerformanceObserver === 'undefined') return start();
  new PerformanceObserver(function (list, observer) {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    setTimeout(start);
  }).observe({ type: 'paint', buffered: true });
})();
`;
}
