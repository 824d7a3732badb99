// `ctx.signal`, made on first read: most commands never look at it. The property is an accessor
// whose functions are the same for every context. An accessor made per context (a getter in the
// object literal) gives each context a hidden class of its own, and those classes, kept in the
// old generation, hold every context and what it reaches past young collections: a warm Lambda
// kept a tenth of all it allocated and grew its heap to the young generation's limit.

/** Where a context's signal comes from: one given, or the abort controller's, read lazily. */
export interface SignalSource {
  signal?: AbortSignal;
  abort?: { readonly signal: AbortSignal };
}

/**
 * The key a context keeps its signal's source under. Written in the context's object literal:
 * each `Object.defineProperty` costs a few hundred nanoseconds, and the accessor needs one.
 */
export const SIGNAL_SOURCE = Symbol("catops.signalSource");

const lazySignal: PropertyDescriptor = {
  get(this: { [SIGNAL_SOURCE]: SignalSource }): AbortSignal {
    const source = this[SIGNAL_SOURCE];
    source.signal ??= source.abort?.signal ?? new AbortController().signal;
    return source.signal;
  },
  enumerable: true,
  configurable: true,
};

/** Gives `target` a `signal` read from its `SIGNAL_SOURCE` when first read. */
export function defineLazySignal<T extends { [SIGNAL_SOURCE]: SignalSource }>(
  target: T,
): T & { readonly signal: AbortSignal } {
  return Object.defineProperty(target, "signal", lazySignal) as T & {
    readonly signal: AbortSignal;
  };
}
