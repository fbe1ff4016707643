/** A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal). */
export function progressBar(total: number, label: string) {
  const stream = process.stderr;
  const width = 30;
  let done = 0;
  let lastDecile = -1;
  let note = '';
  const render = () => {
    const ratio = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${note}`.padEnd(stream.columns ?? 100));
    } else if (Math.floor(ratio * 10) !== lastDecile) {
      lastDecile = Math.floor(ratio * 10);
      stream.write(`${label} ${Math.floor(ratio * 100)}% (${done}/${total}) ${note}\n`);
    }
  };
  render();
  return {
    tick(step = 1, what = '') {
      done = Math.min(total, done + step);
      note = what;
      render();
    },
    done() {
      done = total;
      note = '';
      render();
      if (stream.isTTY) stream.write('\n');
    },
  };
}
