/**
 * A stage progress bar on stderr for long CLI commands: a bar when stderr is a terminal, one line
 * per stage otherwise (CI logs, pipes).
 */
export interface StageProgress {
  stage(label: string): void;
  done(): void;
}

export function stageProgress(total: number, out: NodeJS.WriteStream = process.stderr): StageProgress {
  const started = performance.now();
  let current = 0;
  const width = 24;
  const render = (label: string) => {
    const filled = Math.round((current / total) * width);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${current}/${total} ${label} (${seconds} s)`;
    if (out.isTTY) out.write(`\r\x1b[2K${line}`);
    else out.write(`${line}\n`);
  };
  return {
    stage(label: string) {
      render(label);
      current = Math.min(total, current + 1);
    },
    done() {
      current = total;
      render('xong / done');
      if (out.isTTY) out.write('\n');
    },
  };
}
