import { HttpError } from "../errors.js";
import { type CatOpsResponse, pathnameOfUrl } from "./exchange.js";

// A Request and a Response that carry only what CatOps reads, for adapters whose runtime makes
// the Web classes costly: Node loads its whole fetch implementation (undici, ~45 ms) the first
// time `Request`, `Response` or `Headers` is touched, and each one then costs microseconds
// more than a plain object. Anything beyond url, method, headers and the body text builds the
// real object once, so code that needs more still gets it.

type HeaderInit = Iterable<readonly [string, string]> | Record<string, string | undefined>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\0\r\n]/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** The Fetch standard's checks: a token for a name; no NUL, CR or LF inside a value. */
function headerName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`invalid header name: ${JSON.stringify(name)}`);
  return name.toLowerCase();
}

function headerValue(value: string): string {
  let text = typeof value === "string" ? value : String(value);
  if (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)
    text = text.replace(EDGE_WHITESPACE, "");
  if (BAD_VALUE.test(text)) throw new TypeError("invalid header value");
  return text;
}

/** A record of lower-cased header names, as an HTTP server parsed them (node's `req.headers`). */
export type ParsedHeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Each value of a parsed record, checked, names in order: `set-cookie`'s one by one, every other
 * name's joined into one.
 */
function forEachParsed(
  record: ParsedHeaderRecord,
  callback: (value: string, name: string) => void,
): void {
  for (const name of Object.keys(record).sort()) {
    const value = record[name];
    if (name === "set-cookie" && Array.isArray(value))
      for (const cookie of value) callback(parsedValue(cookie, name)!, name);
    else {
      const text = parsedValue(value, name);
      if (text !== null) callback(text, name);
    }
  }
}

/** A value read from a parsed record: a string, a list (node's `set-cookie`), or none. */
function parsedValue(value: unknown, name: string): string | null {
  const text =
    typeof value === "string"
      ? value
      : Array.isArray(value)
        ? value.join(name === "cookie" ? "; " : ", ")
        : null;
  // Read off a request, so the request is what is wrong: a 400, not a failure of ours.
  if (text !== null && BAD_VALUE.test(text)) throw new HttpError(400, "invalid header value");
  return text;
}

const NO_NAMES: Map<string, string> = new Map();
const NO_COOKIES: string[] = [];

/** Headers as a lower-cased map; `set-cookie` values stay apart, as the Fetch standard keeps them. */
export class PlainHeaders {
  // Shared empty ones until the first write: most headers (a request's read in place, an
  // answer's constant record) are only ever read, and a Map and a list each are garbage.
  #map: Map<string, string> = NO_NAMES;
  #cookies: string[] = NO_COOKIES;
  /** A parsed record read in place (see `viewOf`), until the first change copies it. */
  #view: ParsedHeaderRecord | undefined;

  constructor(init?: HeaderInit | PlainHeaders) {
    if (!init) return;
    if (init instanceof PlainHeaders) {
      init.#own();
      this.#writable();
      for (const [name, value] of init.#map) this.#map.set(name, value);
      this.#cookies.push(...init.#cookies);
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>)
        this.append(name, value);
    } else {
      for (const name in init) {
        const value = (init as Record<string, string | undefined>)[name];
        if (value !== undefined) this.append(name, value);
      }
    }
  }

  /**
   * A record a platform made of a request's headers, values already trimmed (API Gateway's, a
   * load balancer's). Its names are checked, as anyone allowed to invoke a function can hand it
   * an event made by hand; a value with NUL, CR or LF is refused.
   */
  static fromParsed(record: Record<string, string | undefined>): PlainHeaders {
    const headers = new PlainHeaders();
    for (const name in record) {
      const value = record[name];
      if (value !== undefined) headers.#addParsed(headerName(name), String(value));
    }
    return headers;
  }

  /**
   * A record an HTTP server has already made of a request's headers, names lower-cased and
   * values trimmed (node:http's `req.headers`, which its server builds for every request), or a
   * constant one: read in place, not copied, until something changes them. A value with NUL,
   * CR or LF (which a lenient parser, node's `--insecure-http-parser`, lets through) is
   * refused when read.
   */
  static viewOf(record: ParsedHeaderRecord): PlainHeaders {
    const headers = new PlainHeaders();
    headers.#view = record;
    return headers;
  }

  /** Copies a viewed record into the map, before a change. */
  #own(): void {
    const view = this.#view;
    if (view === undefined) return;
    this.#view = undefined;
    forEachParsed(view, (value, name) => this.#add(name, value));
  }

  #addParsed(key: string, value: string): void {
    if (BAD_VALUE.test(value)) throw new TypeError("invalid header value");
    this.#add(key, value);
  }

  /** Gives this instance a map and a list of its own, before its first write. */
  #writable(): void {
    if (this.#map !== NO_NAMES) return;
    this.#map = new Map();
    this.#cookies = [];
  }

  /** `key` is a lower-case token and `value` checked. */
  #add(key: string, value: string): void {
    this.#writable();
    if (key === "set-cookie") {
      this.#cookies.push(value);
      return;
    }
    const current = this.#map.get(key);
    // Cookies are joined the way browsers send them; every other header with a comma.
    if (current === undefined) this.#map.set(key, value);
    else this.#map.set(key, key === "cookie" ? `${current}; ${value}` : `${current}, ${value}`);
  }

  get(name: string): string | null {
    const key = name.toLowerCase();
    if (this.#view !== undefined)
      return Object.hasOwn(this.#view, key) ? parsedValue(this.#view[key], key) : null;
    if (key === "set-cookie") return this.#cookies.length ? this.#cookies.join(", ") : null;
    return this.#map.get(key) ?? null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  set(name: string, value: string): void {
    this.#own();
    const key = headerName(name);
    const text = headerValue(value);
    this.#writable();
    if (key === "set-cookie") this.#cookies.splice(0, this.#cookies.length, text);
    else this.#map.set(key, text);
  }

  append(name: string, value: string): void {
    this.#own();
    this.#add(headerName(name), headerValue(value));
  }

  delete(name: string): void {
    this.#own();
    const key = name.toLowerCase();
    this.#writable();
    if (key === "set-cookie") this.#cookies.length = 0;
    else this.#map.delete(key);
  }

  getSetCookie(): string[] {
    this.#own();
    return [...this.#cookies];
  }

  /** For a Web Response or Request: a record, or pairs where a name repeats (two cookies). */
  toInit(): Record<string, string> | [string, string][] {
    return webHeadersOf(this);
  }

  forEach(callback: (value: string, name: string, headers: this) => void): void {
    const view = this.#view;
    if (view !== undefined) {
      // Listed as it is: most answers' headers are never changed, so never copied.
      forEachParsed(view, (value, name) => callback(value, name, this));
      return;
    }
    // A loop, not the generator: every adapter writes each response's headers through this.
    for (const name of this.#sortedNames()) {
      if (name === "set-cookie") for (const cookie of this.#cookies) callback(cookie, name, this);
      else callback(this.#map.get(name)!, name, this);
    }
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of this.#sortedNames()) {
      if (name === "set-cookie") for (const cookie of this.#cookies) yield [name, cookie];
      else yield [name, this.#map.get(name)!];
    }
  }

  #sortedNames(): string[] {
    this.#own();
    const names = [...this.#map.keys()];
    if (this.#cookies.length) names.push("set-cookie");
    return names.sort();
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface PlainRequestInit {
  method?: string;
  headers?: HeaderInit | PlainHeaders;
  /** The body exactly as received: text, or bytes (a base64 body decoded). */
  body?: string | Uint8Array | null;
}

/** Headers given as PlainHeaders are taken as they are (the adapter made them for this); others are read. */
function headersOf(init: HeaderInit | PlainHeaders | undefined): PlainHeaders {
  return init instanceof PlainHeaders ? init : new PlainHeaders(init);
}

const decoder = new TextDecoder();
/**
 * A request an adapter builds from its platform's native event. `readBody` takes its body as it
 * is, without a stream; `toRequest()` (and any property a Request has beyond these) makes the
 * real one.
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: PlainHeaders;
  /** The body as the platform delivered it. */
  readonly rawBody: string | Uint8Array | null;
  #pathname?: string;

  constructor(url: string, init: PlainRequestInit = {}) {
    this.url = url;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = headersOf(init.headers);
    this.rawBody = this.method === "GET" || this.method === "HEAD" ? null : (init.body ?? null);
  }

  /** The URL's path, read once. */
  get pathname(): string {
    this.#pathname ??= pathnameOfUrl(this.url);
    return this.#pathname;
  }

  async text(): Promise<string> {
    const body = this.rawBody;
    if (body === null) return "";
    return typeof body === "string" ? body : decoder.decode(body);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.rawBody;
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    if (!bytes) return new ArrayBuffer(0);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** The Web Request with the same url, method, headers and body, for code that needs one. */
  toRequest(): Request {
    return new Request(this.url, {
      method: this.method,
      headers: this.headers.toInit(),
      body: this.rawBody as BodyInit | null,
    });
  }

  clone(): PlainRequest {
    return new PlainRequest(this.url, {
      method: this.method,
      headers: new PlainHeaders(this.headers),
      body: this.rawBody,
    });
  }
}

/** A response with a text body (or none), as CatOps' connectors answer. */
export class PlainResponse {
  readonly status: number;
  readonly headers: PlainHeaders;
  /** The body text, or null for none. */
  readonly bodyText: string | null;

  constructor(
    body: string | null,
    init: { status?: number; headers?: HeaderInit | PlainHeaders } = {},
  ) {
    this.bodyText = body;
    this.status = init.status ?? 200;
    this.headers = headersOf(init.headers);
    if (body !== null && !this.headers.has("content-type"))
      this.headers.set("content-type", "text/plain;charset=UTF-8");
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    return this.bodyText ?? "";
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bodyText ?? "");
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.bodyText ?? "").buffer as ArrayBuffer;
  }

  clone(): PlainResponse {
    return new PlainResponse(this.bodyText, {
      status: this.status,
      headers: new PlainHeaders(this.headers),
    });
  }
}

/** A response's text: a plain response's at once, any other's when read. */
export function responseText(response: CatOpsResponse): string | Promise<string> {
  return response instanceof PlainResponse ? (response.bodyText ?? "") : response.text();
}

/**
 * A response as a Web Response: one already is; any other is copied (status, headers, text). A
 * plain response's copy is made at once, without a turn of the event loop.
 */
export function toWebResponse(response: CatOpsResponse): Response | Promise<Response> {
  if (typeof Response !== "undefined" && response instanceof Response) return response;
  const init = { status: response.status, headers: webHeadersOf(response.headers) };
  if (response.status === 204 || response.status === 304) return new Response(null, init);
  const text = responseText(response);
  return typeof text === "string"
    ? new Response(text, init)
    : text.then((body) => new Response(body, init));
}

/**
 * Headers as a Web Request or Response takes them: a record, which workerd reads in about half
 * the time of a list of pairs (2 to 3 µs a response), unless a name repeats (two Set-Cookie
 * lines).
 */
function webHeadersOf(
  headers: CatOpsResponse["headers"],
): Record<string, string> | [string, string][] {
  const record: Record<string, string> = Object.create(null);
  let lines: [string, string][] | undefined;
  headers.forEach((value, name) => {
    if (lines) lines.push([name, value]);
    else if (name in record) lines = [...Object.entries(record), [name, value]];
    else record[name] = value;
  });
  return lines ?? record;
}
