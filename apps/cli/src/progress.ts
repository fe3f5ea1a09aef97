/**
 * A progress bar on stderr (stdout stays for the summary and exported CSV). At a terminal it redraws one
 * line; elsewhere (CI logs) it prints a line every tenth of the way.
 */
export interface TProgress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): TProgress {
  const width = 30;
  let lastDraw = 0;
  let lastTenth = -1;
  let current = 0;
  const draw = () => {
    const share = total === 0 ? 1 : current / total;
    const filled = Math.round(share * width);
    stream.write(
      `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${current}/${total}`,
    );
  };
  return {
    update(done) {
      current = done;
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw >= 80 || done === total) {
          lastDraw = now;
          draw();
        }
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total} rows\n`);
      }
    },
    finish() {
      if (stream.isTTY) {
        draw();
        stream.write('\n');
      }
    },
  };
}
