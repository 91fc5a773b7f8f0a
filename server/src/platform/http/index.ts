export { adminActor } from './http.auth.ts';
export { installMetrics, type Metrics } from './http.metrics.ts';
export { type ProblemDocument, problemOf, sendProblem, toAppError } from './http.problem.ts';
export { createHttpServer, type HttpServer, type HttpServerOptions } from './http.server.ts';
export { translateAjvErrors } from './http.validation.ts';
