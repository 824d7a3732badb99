// A handler with middy's surface (.use, .before, .after, .onError, .handler) that loads
// @middy/core only once a middleware is added. A plain handler pays neither middy's top-level
// imports (node:stream and node:timers, for its streaming mode) at a cold start nor its early
// timeout timer on every event; the engine keeps the chat's deadline itself.
import { onFirstUse } from "@catops/core";
import type { MiddyfiedHandler } from "@middy/core";
import type { LambdaContext } from "./types.js";

type Plain<R> = (event: unknown, context: LambdaContext) => Promise<R>;
type Middleware = (request: any) => unknown;
type Attach = (middy: MiddyfiedHandler<unknown, any>) => void;

export function middyOnUse<R>(plain: Plain<R>): MiddyfiedHandler<unknown, R> {
  let inner = plain;
  /** Every middleware added, in order, replayed on middy when it loads. */
  const attached: Attach[] = [];
  let loaded: MiddyfiedHandler<unknown, R> | undefined;
  const loadMiddy = onFirstUse(async () => {
    const { default: middy } = await import("@middy/core");
    const handler = middy<unknown, R>(inner as never);
    for (const attach of attached) attach(handler);
    loaded = handler;
    return handler;
  });

  const handler = function catopsHandler(event: unknown, context: LambdaContext): Promise<R> {
    if (loaded) return loaded(event, context as never);
    if (attached.length === 0) return inner(event, context);
    return loadMiddy().then((middy) => middy(event, context as never));
  } as unknown as MiddyfiedHandler<unknown, R>;

  function attach(step: Attach): MiddyfiedHandler<unknown, R> {
    attached.push(step);
    if (loaded) step(loaded);
    return handler;
  }

  handler.before = (middleware: Middleware) => attach((middy) => middy.before(middleware));
  handler.after = (middleware: Middleware) => attach((middy) => middy.after(middleware));
  handler.onError = (middleware: Middleware) => attach((middy) => middy.onError(middleware));
  handler.use = ((middlewares: unknown) => {
    for (const middleware of Array.isArray(middlewares) ? middlewares : [middlewares]) {
      const { before, after, onError } = (middleware ?? {}) as Record<string, Middleware>;
      // middy's own check, made when the middleware is added rather than at the first event.
      if (!before && !after && !onError)
        throw new Error(
          'Middleware must be an object containing at least one key among "before", "after", "onError"',
        );
      if (before) handler.before(before);
      if (after) handler.after(after);
      if (onError) handler.onError(onError);
    }
    return handler;
  }) as MiddyfiedHandler<unknown, R>["use"];
  handler.handler = ((replacement: Plain<R>) => {
    inner = replacement;
    loaded?.handler(replacement as never);
    return handler;
  }) as MiddyfiedHandler<unknown, R>["handler"];
  return handler;
}
