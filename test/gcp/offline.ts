/**
 * Google's client libraries look for the GCE metadata server (169.254.169.254) to find
 * credentials, even against an emulator. Tests never leave loopback: these turn that off.
 */
export const NO_METADATA_SERVER = {
  METADATA_SERVER_DETECTION: "none",
  GCE_METADATA_HOST: "127.0.0.1:9",
} as const;
