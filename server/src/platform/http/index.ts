export { decideAccess, type RouteAccess, requestAccess, routeAccessOf } from './http.access.ts';
export { adminActor } from './http.auth.ts';
export { installMetrics, type Metrics } from './http.metrics.ts';
export { type ProblemDocument, ProblemResponse, problemOf, sendProblem, toAppError } from './http.problem.ts';
export { createHttpServer, type HttpServer, type HttpServerOptions } from './http.server.ts';
export { translateAjvErrors } from './http.validation.ts';
export { DEFAULT_WEB_DIST_DIR, installWebApps, type WebAppsOptions } from './http.web.ts';
