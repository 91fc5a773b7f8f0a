export {
  cancelJobs,
  type Job,
  type JobHandler,
  JobRunner,
  jobBackoffMs,
  type NewJob,
  scheduleJob,
} from './jobs.queue.ts';
