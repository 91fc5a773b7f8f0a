export { AppError, commonErrors, formatBytes, isAppError } from './errors.ts';
export type { AppErrorOptions, FieldError } from './errors.ts';
