/**
 * An AbortController made only when its signal is first read. Creating one costs a few
 * microseconds on Node, about a tenth of a whole request, and most commands never look at
 * `ctx.signal`; aborting before then hands out an already aborted signal.
 */
export class LazyAbortController {
  #controller?: AbortController;
  #aborted = false;
  #reason: unknown;

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
