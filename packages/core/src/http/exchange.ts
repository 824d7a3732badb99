// The one seam between adapters, the core and connectors: what they read of a request and write
// of a response. A Web Request and Response satisfy these, and so do the plain objects Node and
// Lambda build (no Web classes on their hot path); the compiler holds everyone to this list.

/** Header lookup, all a reader needs. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What the core and connectors read of a request. */
export interface CatOpsRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderReader;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** A stream to read with a bound, where the runtime gives one (a body of unknown length). */
  readonly body?: ReadableStream<Uint8Array> | null;
  /** The whole body as the runtime delivered it, where an adapter already holds it. */
  readonly rawBody?: string | Uint8Array | null;
  /** The URL's path, where the adapter knows it without parsing the URL. */
  readonly pathname?: string;
}

/** Headers of a response: read, set and walked when an adapter sends it. */
export interface ResponseHeaders extends HeaderReader {
  set(name: string, value: string): void;
  forEach(callback: (value: string, name: string) => void): void;
}

/** What the core and connectors answer. */
export interface CatOpsResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  text(): Promise<string>;
}

/** The path of a request: the adapter's when it knows it, else read off its URL. */
export function pathnameOf(request: CatOpsRequest): string {
  return request.pathname ?? pathnameOfUrl(request.url);
}

const DOT_SEGMENT = /\/\.\.?(\/|$)/;

/**
 * The path of an absolute URL, read without parsing the whole URL (which costs a runtime like
 * workerd more than the rest of routing). Percent-encoding and dot segments, rare here, are left
 * to the URL parser.
 */
export function pathnameOfUrl(url: string): string {
  const afterScheme = url.indexOf("://");
  const start = afterScheme < 0 ? 0 : url.indexOf("/", afterScheme + 3);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  const fragment = url.indexOf("#", start);
  const end = Math.min(query < 0 ? url.length : query, fragment < 0 ? url.length : fragment);
  const path = url.slice(start, end);
  const unusual = path.includes("%") || (path.includes("/.") && DOT_SEGMENT.test(path));
  return unusual ? new URL(url).pathname : path;
}
