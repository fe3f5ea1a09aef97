import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../../bench/processes';
import { API_PACKAGE_DIR } from '../../src/paths';

const repo = join(API_PACKAGE_DIR, '../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

/**
 * The server's heap limits are part of how it runs (docs/performance.md, "Memory"): `pnpm start` at the
 * root, the API package's `start` (which the bench reads) and the image's command must say the same.
 */
describe('the production start flags', () => {
  it('bound the heap, and are the same in every way of starting the server', () => {
    const flags = productionNodeFlags();
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]));
    const rootStart = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(rootStart).toContain(`exec node ${flags.join(' ')} dist/main.js`);
    expect(read('Dockerfile')).toContain(
      `CMD ["node", ${flags.map((flag) => `"${flag}"`).join(', ')}, "dist/main.js"]`,
    );
  });
});
