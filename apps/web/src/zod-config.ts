/**
 * zod's settings for the browser, made before any schema exists. zod probes whether it may compile
 * validators with `new Function` (its JIT); under the app's CSP (`script-src 'self'`, no eval) the probe
 * is refused and the browser files a CSP violation report for it, on every page that validates a form.
 * `jitless` skips the probe. The JIT is decided when a schema is built, so this must run first: it sets
 * zod's global config object (`globalThis.__zod_globalConfig`, which zod adopts when it loads) without
 * importing zod, which would otherwise land in the first bundle. `main.tsx` imports this module first.
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

export {};
