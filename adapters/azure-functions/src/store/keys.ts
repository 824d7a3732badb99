// Table Storage forbids / \ # ? and control characters in PartitionKey and RowKey. They are
// escaped as %XX (and % itself), character by character, so an escaped prefix is still a prefix
// of every escaped key that starts with it: prefix listings stay key-range queries.

const SPECIAL = "%/\\#?";
const ESCAPED = /%([0-9A-F]{2})/g;
/** A key may hold 1 KiB, i.e. 512 UTF-16 code units. */
export const MAX_KEY_LENGTH = 512;

const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

export function escapeKey(key: string): string {
  let out = "";
  for (const char of key) {
    const code = char.charCodeAt(0);
    out +=
      isControl(code) || SPECIAL.includes(char)
        ? `%${code.toString(16).toUpperCase().padStart(2, "0")}`
        : char;
  }
  return out;
}

export function unescapeKey(escaped: string): string {
  return escaped.replace(ESCAPED, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Where a store key lives: the partition is the key's first ':'-separated segment ('job',
 * 'confirm', ...), the row the whole key. So `list('job:')` reads one partition.
 */
export function entityKeys(key: string): { partitionKey: string; rowKey: string } {
  const colon = key.indexOf(":");
  const partitionKey = escapeKey(colon === -1 ? key : key.slice(0, colon));
  const rowKey = escapeKey(key);
  if (rowKey.length > MAX_KEY_LENGTH)
    throw new Error(
      `store key is too long for Table Storage (${rowKey.length} > ${MAX_KEY_LENGTH} characters escaped)`,
    );
  return { partitionKey, rowKey };
}

/** The smallest string greater than every string that starts with `prefix`. */
export function prefixEnd(prefix: string): string {
  const head = prefix.slice(0, -1);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last === 0xffff) return head ? prefixEnd(head) : `${prefix}\uffff`;
  return head + String.fromCharCode(last + 1);
}

/** The key range holding every key that starts with `prefix`, as an OData filter's parts. */
export function prefixRange(
  prefix: string,
):
  | { kind: "all" }
  | { kind: "rows"; partitionKey: string; from: string; to: string }
  | { kind: "partitions"; from: string; to: string } {
  if (prefix === "") return { kind: "all" };
  const escaped = escapeKey(prefix);
  const colon = prefix.indexOf(":");
  if (colon === -1) return { kind: "partitions", from: escaped, to: prefixEnd(escaped) };
  return {
    kind: "rows",
    partitionKey: escapeKey(prefix.slice(0, colon)),
    from: escaped,
    to: prefixEnd(escaped),
  };
}
