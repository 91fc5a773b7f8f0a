/**
 * Reading the generated API description (openapi.gen.ts, from the server's OpenAPI document by
 * `node scripts/api-types.ts`): the JSON a route answers, takes and is queried with, so a page's
 * types are the route schema's and a changed schema breaks the build instead of the page.
 */
import type { paths } from './openapi.gen.ts';

export type { paths };
export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON of the route's success answer (200, else 201). */
export type ApiOk<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? Json<A>
      : R extends { 201: infer A }
        ? Json<A>
        : never
    : never;

/** The JSON body the route takes. */
export type ApiBody<P extends ApiPath, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The route's query parameters. */
export type ApiQuery<P extends ApiPath, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
