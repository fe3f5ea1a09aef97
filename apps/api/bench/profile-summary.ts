/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `BENCH_PROFILE_DIR=… pnpm bench`): self time by
 * package/area and the hottest functions.
 * Usage: `pnpm exec tsx bench/profile-summary.ts <file.cpuprofile> [top] [from-s] [to-s]`: only the samples
 * between from-s and to-s after the start (the bench prints each scenario's window); a negative from-s
 * keeps the last N seconds.
 */
import { readFileSync } from 'node:fs';

interface TProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface TProfile {
  nodes: TProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
// A negative value keeps only the last N seconds (the load at the end of a run).
const skipArg = Number(process.argv[4] ?? 0);
const profileMicros = JSON.parse(readFileSync(file, 'utf8')).timeDeltas.reduce(
  (a: number, b: number) => a + b,
  0,
);
const skipMicros = skipArg < 0 ? profileMicros + skipArg * 1e6 : skipArg * 1e6;
const endMicros = process.argv[5] ? Number(process.argv[5]) * 1e6 : Number.POSITIVE_INFINITY;
const profile = JSON.parse(readFileSync(file, 'utf8')) as TProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  if (elapsed >= skipMicros && elapsed <= endMicros) selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});

/** Which package or part of the code a frame belongs to. */
function areaOf(url: string, name: string) {
  if (!url) return name === '(garbage collector)' ? 'GC' : name.startsWith('(') ? name : 'native';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (plain?.[1]) return plain[1];
  if (url.startsWith('node:')) return 'node core';
  const source = /\/(apps\/api\/src\/[^/]+(?:\/[^/]+)?|packages\/domain\/src)/.exec(url);
  return source?.[1] ?? url;
}

const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const idle = [...selfMicros.entries()]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  .reduce((n, [, t]) => n + t, 0);
const busy = total - idle;
const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  if (!node || node.callFrame.functionName === '(idle)') continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const area = areaOf(url, functionName);
  areas.set(area, (areas.get(area) ?? 0) + micros);
  const key = `${functionName || '(anonymous)'}  ${area}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + micros);
}
// Inclusive time: a sample counts for every area on its stack (how much of the work happens "inside" the
// ORM, tRPC, zod, … including what they call).
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (frame?.url) seen.add(areaOf(frame.url, frame.functionName));
  }
  for (const area of seen) inclusive.set(area, (inclusive.get(area) ?? 0) + micros);
}
const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(busy / 1e6).toFixed(2)} s busy of ${(total / 1e6).toFixed(2)} s sampled`);
console.log('\nSelf time by area:');
for (const [area, micros] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${area}`);
}
console.log('\nInclusive time by area (self + callees):');
for (const [area, micros] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${area}`);
}
console.log('\nHottest functions (self time):');
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(micros)}  ${name}`);
}
