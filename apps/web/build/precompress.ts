import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text. Images other than SVG are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map)$/i;
/** Below this a compressed copy saves less than the response headers weigh. */
const MIN_BYTES = 1024;

/**
 * Precompression at build time (docs/web.md "Delivery"): beside every text file of the build, a brotli
 * (`.br`, quality 11) and a gzip (`.gz`, level 9) variant, kept only when smaller than the file. The API
 * serves the variant the browser accepts (@fastify/static `preCompressed`), so no request pays for
 * compression and the strongest settings cost nothing at run time. `.vite/` (the manifest) is not served
 * and is skipped.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'loanbook:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    // After every file of the build, public/ included, is on disk.
    closeBundle: {
      order: 'post',
      handler() {
        const files = walk(outDir).filter(
          (file) => COMPRESSIBLE.test(file) && !relative(outDir, file).startsWith('.vite'),
        );
        let written = 0;
        for (const file of files) {
          const source = readFileSync(file);
          if (source.length < MIN_BYTES) continue;
          const brotli = brotliCompressSync(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          });
          const gzip = gzipSync(source, { level: 9 });
          if (brotli.length < source.length) {
            writeFileSync(`${file}.br`, brotli);
            written += 1;
          }
          if (gzip.length < source.length) {
            writeFileSync(`${file}.gz`, gzip);
            written += 1;
          }
        }
        this.info?.(`precompressed ${written} variants (brotli 11, gzip 9)`);
      },
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(?:br|gz)$/.test(name) ? [] : [path];
  });
}
