export { type WorkSource, WorkerLoop } from './workers.loop.ts';
