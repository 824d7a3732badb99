// Types for pack-all.mjs, for the TypeScript test suites that import it.
export interface PublishablePackage {
  name: string;
  version: string;
  dir: string;
  manifest: Record<string, any> & { name: string; version: string };
}

export interface PackedTarball extends PublishablePackage {
  tarball: string;
  files: string[];
}

export const repoRoot: string;
export function publishablePackages(root?: string): PublishablePackage[];
export function packPackage(pkg: PublishablePackage, out: string): Promise<PackedTarball>;
export function packAll(options?: {
  out: string;
  root?: string;
  concurrency?: number;
}): Promise<PackedTarball[]>;
