/**
 * The background loop of one app node: deliver outbox events, then run due jobs; repeat at once
 * while there is work, otherwise sleep until the next poll or until a commit wakes it.
 */
import type { Logger } from 'pino';

export interface WorkSource {
  name: string;
  /** Processes one batch; returns how many items it handled. */
  runOnce(): Promise<number>;
}

export class WorkerLoop {
  readonly #sources: WorkSource[];
  readonly #pollMs: number;
  readonly #logger: Logger;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<void> | undefined;
  #wakeRequested = false;

  constructor(sources: WorkSource[], pollMs: number, logger: Logger) {
    this.#sources = sources;
    this.#pollMs = pollMs;
    this.#logger = logger;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Runs soon (after the current pass) instead of waiting for the poll interval. */
  wake(): void {
    if (!this.#running) return;
    if (this.#current) {
      this.#wakeRequested = true;
      return;
    }
    this.#schedule(0);
  }

  /** Stops polling and waits for the pass in progress to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#current;
  }

  /** One full drain, for CLI one-shots and tests: runs until every source reports no work. */
  async drain(maxPasses = 1000): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      let n = 0;
      for (const s of this.#sources) n += await s.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  #schedule(delay: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#current = this.#pass().finally(() => {
        this.#current = undefined;
      });
    }, delay);
    this.#timer.unref?.();
  }

  async #pass(): Promise<void> {
    let busy = false;
    for (const s of this.#sources) {
      if (!this.#running) return;
      try {
        busy = (await s.runOnce()) > 0 || busy;
      } catch (err) {
        this.#logger.error({ err, source: s.name }, 'vòng xử lý nền gặp lỗi');
      }
    }
    if (!this.#running) return;
    const again = busy || this.#wakeRequested;
    this.#wakeRequested = false;
    this.#schedule(again ? 0 : this.#pollMs);
  }
}
