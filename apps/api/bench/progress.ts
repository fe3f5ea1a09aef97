/** A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal, e.g. in CI logs). */
export function progressBar(label: string, total: number) {
  const started = Date.now();
  const isTty = process.stderr.isTTY === true;
  let lastDecile = -1;
  const render = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return `  ${label.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${seconds}s`;
  };
  return {
    update(done: number) {
      if (isTty) {
        process.stderr.write(`\r${render(done)}`);
        return;
      }
      const decile = Math.floor((done / Math.max(1, total)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${render(done)}\n`);
      }
    },
    done() {
      if (isTty) process.stderr.write(`\r${render(total)}\n`);
      else if (lastDecile !== 10) process.stderr.write(`${render(total)}\n`);
    },
  };
}

/** Runs one labelled step and prints how long it took. */
export async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stderr.write(`  ${label} …`);
  const result = await fn();
  process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return result;
}
