import type { HtmlTagDescriptor, Plugin, Rollup } from 'vite';

/**
 * `<link rel="modulepreload">` in `index.html` for the chunks of the given source modules and everything
 * they import statically (docs/web.md "Delivery"), so the browser fetches them beside the entry chunk
 * instead of after it has run: without them the critical chain is HTML → entry → (run) → lazy chunks,
 * with them HTML → entry + lazy chunks. Chunks already loaded by the entry are left out, and the links
 * come after the entry's script and stylesheet, which the browser asks for first.
 *
 * Only for modules that the first page load needs (the app's CSP allows no inline script, so the links
 * cannot depend on the page): every preloaded byte is downloaded on every page.
 */
export function preloadModules(modules: readonly string[]): Plugin {
  let base = '/';
  return {
    name: 'loanbook:preload-modules',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context): HtmlTagDescriptor[] {
        const { bundle } = context;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter(
          (output): output is Rollup.OutputChunk => output.type === 'chunk',
        );
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const closure = (roots: readonly Rollup.OutputChunk[]): Set<string> => {
          const found = new Set<string>();
          const visit = (chunk: Rollup.OutputChunk | undefined) => {
            if (!chunk || found.has(chunk.fileName)) return;
            found.add(chunk.fileName);
            for (const imported of chunk.imports) visit(byFile.get(imported));
          };
          for (const root of roots) visit(root);
          return found;
        };
        const initial = closure(chunks.filter((chunk) => chunk.isEntry));
        const roots = modules.map((module) => {
          const chunk = chunks.find((candidate) => candidate.facadeModuleId?.endsWith(module));
          if (!chunk) throw new Error(`preloadModules: no chunk for ${module}`);
          return chunk;
        });
        return [...closure(roots)]
          .filter((file) => !initial.has(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
            injectTo: 'head',
          }));
      },
    },
  };
}
