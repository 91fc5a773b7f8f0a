export {
  cancelJobs,
  type Job,
  jobBackoffMs,
  type JobHandler,
  JobRunner,
  type NewJob,
  scheduleJob,
} from './jobs.queue.ts';
