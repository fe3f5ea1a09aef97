/**
 * `@loanbook/client` as an integrator gets it: `pnpm pack`, installed with npm into a project outside the
 * workspace (the tarball plus the registry for `@trpc/client`), type-checked there under NodeNext and
 * Bundler with `strict` and `exactOptionalPropertyTypes`, and run against a live API server.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startApiServer, type TApiServer } from './support/api-server';

const run = promisify(execFile);
const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url));
const CONSUMER_DIR = fileURLToPath(new URL('consumer', import.meta.url));
const TRPC_VERSION = '11.22.1';
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The TypeScript example of the README's "Use it from TypeScript" section, as an integrator copies it. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(README, 'utf8');
  const example = /## Use it from TypeScript\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) throw new Error('README.md has no TypeScript example under "Use it from TypeScript"');
  return example;
}

/** The environment without pnpm's `npm_config_*` settings, so npm behaves as it does for an integrator. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|INIT_CWD)/i.test(key))),
  ...extra,
});

/** `pnpm pack` the client, then a fresh npm project in the system temp dir that depends on the tarball. */
async function packAndInstall(): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'loanbook-client-consumer-'));
  await run('pnpm', ['pack', '--pack-destination', project], { cwd: CLIENT_DIR, env: process.env });
  const tarball = (await readdir(project)).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  await cp(CONSUMER_DIR, project, { recursive: true });
  await writeFile(join(project, 'src/readme.ts'), await readmeExample());
  const manifest = {
    name: 'loanbook-consumer',
    private: true,
    type: 'module',
    dependencies: { '@loanbook/client': `file:./${tarball}`, '@trpc/client': TRPC_VERSION },
    devDependencies: { '@types/node': '20.19.43', typescript: '5.9.3' },
  };
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    env: cleanEnv(),
  });
  return project;
}

/** tsc in the consumer project; resolves with its output (exit code 0) or rejects with it. */
async function tsc(project: string, config: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], {
      cwd: project,
      env: cleanEnv(),
    });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

describe('the packed @loanbook/client, installed outside the workspace', () => {
  let project = '';
  let server: TApiServer | null = null;
  /** The NodeNext compile, which also emits `out/` for the run against the server: done once. */
  let nodeNextCompile: Promise<{ ok: boolean; output: string }> | null = null;
  const compileNodeNext = () => {
    nodeNextCompile ??= tsc(project, 'tsconfig.nodenext.json');
    return nodeNextCompile;
  };

  beforeAll(async () => {
    [project, server] = await Promise.all([packAndInstall(), startApiServer()]);
  });
  afterAll(async () => {
    await server?.stop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('installs nothing but itself and its tRPC peers: no server package', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: project, env: cleanEnv() });
    const installed = stdout
      .split('\n')
      .filter((path) => path.includes('node_modules'))
      .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    // typescript and @types/node (with undici-types) are the consumer's own dev dependencies.
    expect(installed).toEqual([
      '@loanbook/client',
      '@trpc/client',
      '@trpc/server',
      '@types/node',
      'typescript',
      'undici-types',
    ]);
  });

  it('is ESM with typed exports, @trpc/client as its peer and no dependencies', async () => {
    const root = join(project, 'node_modules/@loanbook/client');
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    expect(manifest.type).toBe('module');
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ '@trpc/client': TRPC_VERSION, '@trpc/server': TRPC_VERSION });
    expect(manifest.peerDependenciesMeta).toEqual({ '@trpc/server': { optional: true } });

    const files = await readdir(join(root, 'dist'));
    const declarations = await Promise.all(
      files
        .filter((file) => file.endsWith('.d.ts'))
        .map((file) => readFile(join(root, 'dist', file), 'utf8')),
    );
    expect(declarations.join('\n')).not.toMatch(/mikro|fastify|pglite|zod|@loanbook\/(api|domain)/i);

    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('@loanbook/client'); console.log(Object.keys(m).sort().join(','))",
      ],
      { cwd: project, env: cleanEnv() },
    );
    expect(stdout.trim()).toBe(
      'MAX_BATCH_SIZE,createLoanbookClient,errorDetails,isLoanbookError,trpcEndpoint',
    );
  });

  it('type-checks under NodeNext and under Bundler, strict with exactOptionalPropertyTypes; wrong calls are errors', async () => {
    // src/wrong-inputs.ts holds @ts-expect-error lines: one that meets no error fails the compile.
    const [nodeNext, bundler] = await Promise.all([compileNodeNext(), tsc(project, 'tsconfig.bundler.json')]);
    expect(nodeNext.output).toBe('');
    expect(nodeNext.ok).toBe(true);
    expect(bundler.output).toBe('');
    expect(bundler.ok).toBe(true);
  });

  it("has declarations that check without skipLibCheck: the only complaints are tRPC's own", async () => {
    const strict = JSON.parse(await readFile(join(project, 'tsconfig.nodenext.json'), 'utf8'));
    strict.compilerOptions.skipLibCheck = false;
    strict.compilerOptions.noEmit = true;
    await writeFile(join(project, 'tsconfig.libcheck.json'), JSON.stringify(strict));
    const { output } = await tsc(project, 'tsconfig.libcheck.json');
    const files = [...output.matchAll(/^(\S+?)\(\d+,\d+\): error/gm)].map((match) => match[1] ?? '');
    expect(files.filter((file) => !file.startsWith('node_modules/@trpc/'))).toEqual([]);
  });

  it('runs against a live server: sign in, open, approve, disburse, repay, read, and typed errors', async () => {
    if (!server) throw new Error('no server');
    expect((await compileNodeNext()).ok).toBe(true); // emits out/
    const { stdout } = await run(process.execPath, ['out/main.js'], {
      cwd: project,
      env: cleanEnv({
        LOANBOOK_URL: server.url,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
      }),
    });
    const seen = JSON.parse(stdout);
    expect(seen.me).toBe(ADMIN.username);
    expect(seen.productCodes).toEqual(expect.arrayContaining(['HOME', 'PERSONAL']));
    expect(seen.opened).toMatchObject({ status: 'PENDING' });
    expect(seen.disbursed).toEqual({ status: 'ACTIVE', disbursedOn: '2025-01-15' });
    // 1,200.00 at 10.75 % over 12 months.
    expect(seen.repayment).toMatchObject({ type: 'REPAYMENT', amount: '105.92', valueDate: '2025-02-15' });
    expect(seen.replayedId).toBe(seen.repayment.id);
    expect(seen.position).toEqual({
      principalOutstanding: '1104.83',
      nextDue: { number: 2, dueOn: '2025-03-15', amount: '105.92' },
      states: ['PAID', 'DUE'],
    });
    expect(seen.listed).toHaveLength(1);
    expect(seen.invalid).toEqual({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      fieldErrors: { amount: ['Amount must be greater than zero'] },
    });
    expect(seen.unauthorized).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
      reason: 'SESSION_ENDED',
    });
    expect(seen.forbidden).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, reason: 'ROLE_NOT_ALLOWED' });
  });
});
