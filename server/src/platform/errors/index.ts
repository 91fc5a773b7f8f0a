export type { AppErrorOptions, FieldError } from './errors.ts';
export { AppError, commonErrors, formatBytes, isAppError } from './errors.ts';
