/** Builds the Worker into `outdir` (default dist/); returns every module written, entry first. */
export declare function buildWorker(outdir?: string): Promise<string[]>;
