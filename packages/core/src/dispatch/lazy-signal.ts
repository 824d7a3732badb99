// `ctx.signal`, made on first read: most commands never look at it. The property is an accessor
// whose functions are the same for every context. An accessor made per context (a getter in the
// object literal) gives each context a hidden class of its own, and those classes, kept in the
// old generation, hold every context and what it reaches past young collections: a warm Lambda
// kept a tenth of all it allocated and grew its heap to the young generation's limit.

/** Where a context's signal comes from: one given, or the abort controller's, read lazily. */
interface SignalSource {
  signal?: AbortSignal;
  abort?: { readonly signal: AbortSignal };
}

const SOURCE = Symbol("catops.signalSource");

const lazySignal: PropertyDescriptor = {
  get(this: { [SOURCE]: SignalSource }): AbortSignal {
    const source = this[SOURCE];
    source.signal ??= source.abort?.signal ?? new AbortController().signal;
    return source.signal;
  },
  enumerable: true,
  configurable: true,
};

/** Gives `target` a `signal` read from `source` when first read. */
export function defineLazySignal<T extends object>(
  target: T,
  source: SignalSource,
): T & { readonly signal: AbortSignal } {
  Object.defineProperty(target, SOURCE, { value: source });
  return Object.defineProperty(target, "signal", lazySignal) as T & {
    readonly signal: AbortSignal;
  };
}
