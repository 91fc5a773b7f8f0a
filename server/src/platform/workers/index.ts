export { WorkerLoop, type WorkSource } from './workers.loop.ts';
