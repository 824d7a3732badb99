export declare const OFFLINE_WRANGLER: Record<string, string>;
export declare function dryRun(options?: {
  outdir?: string;
  env?: Record<string, string>;
}): Promise<{
  outdir: string;
  /** The entry module. */
  file: string;
  /** Every module uploaded: the entry and its chunks. */
  modules: string[];
  /** The entry module's size. */
  bytes: number;
  reported: string;
  stdout: string;
  stderr: string;
}>;
