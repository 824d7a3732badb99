export declare const OFFLINE_WRANGLER: Record<string, string>;
export declare function dryRun(options?: {
  outdir?: string;
  env?: Record<string, string>;
}): Promise<{
  outdir: string;
  file: string;
  bytes: number;
  reported: string;
  stdout: string;
  stderr: string;
}>;
