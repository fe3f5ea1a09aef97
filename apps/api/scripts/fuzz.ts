/**
 * `pnpm fuzz`: the long fuzz campaign — the same checks as test/fuzz-procedures.test.ts (never a 5xx, the
 * documented error shape, a refused request changes nothing), with many more cases per procedure.
 *
 *   pnpm fuzz                      100 cases per procedure × caller × transport, on embedded PGlite
 *   pnpm fuzz -- --runs 500 --seed 42
 *   TEST_DB=postgres pnpm fuzz     on a fresh database of the PostgreSQL at TEST_DATABASE_URL
 */
import { parseArgs } from 'node:util';
import { restRoutes } from '../src/rest/routes';
import { procedurePaths } from '../src/trpc/catalogue';
import {
  FuzzViolation,
  procedureKinds,
  runCampaign,
  setUpCampaign,
  startHardenedServer,
} from '../test/support/fuzz';

// `pnpm fuzz -- --runs 5` passes the `--` along; drop it.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--')),
  options: { runs: { type: 'string', default: process.env.FUZZ_RUNS ?? '100' }, seed: { type: 'string' } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const server = await startHardenedServer({
  security: {
    throttle: {
      windowSeconds: 900,
      loginFailuresPerUserIp: 1_000_000,
      loginFailuresPerUser: 1_000_000,
      loginFailuresPerIp: 1_000_000,
      registrationsPerIp: 1_000_000,
    },
  },
});
const setup = await setUpCampaign(server, procedureKinds(), restRoutes());
const database = process.env.TEST_DB === 'postgres' ? 'PostgreSQL' : 'PGlite';
const total = procedurePaths().length * Object.keys(setup.principals).length * 2 * runs;
console.log(
  `fuzz: ${procedurePaths().length} procedures × anonymous/admin × tRPC/REST × ${runs} runs on ${database}, seed ${seed}`,
);
const started = Date.now();
let exitCode = 0;
try {
  const result = await runCampaign(setup, {
    runs,
    seed,
    onProgress: (tried) => {
      if (tried % 1000 === 0)
        console.log(`  ${tried}/${total} inputs tried (${Math.round((Date.now() - started) / 1000)} s)`);
    },
  });
  console.log(
    `fuzz: ${result.tried} inputs tried in ${Math.round((Date.now() - started) / 1000)} s, seed ${seed}`,
  );
  console.log(`fuzz: responses by status ${JSON.stringify(result.byStatus)}`);
  console.log('fuzz: 5xx: 0, undocumented error shapes: 0, database changes by refused requests: 0');
} catch (error) {
  exitCode = 1;
  console.error(`fuzz: VIOLATION (seed ${seed})`);
  // fast-check wraps the violation: its message has the counterexample, its cause what went wrong.
  const cause = error instanceof Error ? error.cause : undefined;
  console.error(error instanceof Error ? error.message : error);
  if (cause instanceof FuzzViolation || cause instanceof Error) console.error(`cause: ${cause.message}`);
} finally {
  await server.close();
}
process.exit(exitCode);
