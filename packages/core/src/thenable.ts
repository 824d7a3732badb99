/**
 * Whether a value is a promise (or another thenable) to wait for, rather than the value itself.
 * The request path calls functions that answer at once when they can (a command that returns a
 * string, a body already in memory) and awaits only what is pending: every turn saved is saved
 * on every request.
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
