// A small YAML writer for plain data (maps, lists, strings, numbers, booleans), with comments.

/** Comment lines by path ("a.b.0.c"), written above that key or list item; "" heads the file. */
export type YamlComments = Record<string, readonly string[]>;

const PLAIN = /^[A-Za-z_/][\w./:-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n)$/i;

export function toYaml(value: unknown, comments: YamlComments = {}): string {
  const lines: string[] = (comments[""] ?? []).map((line) => `# ${line}`);
  writeNode(value, [], 0, lines, comments);
  return `${lines.join("\n")}\n`;
}

function writeNode(
  value: unknown,
  path: string[],
  indent: number,
  lines: string[],
  comments: YamlComments,
): void {
  const pad = " ".repeat(indent);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [String(i), item])
    : Object.entries(value as Record<string, unknown>);
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    for (const line of comments[childPath.join(".")] ?? []) lines.push(`${pad}# ${line}`);
    const lead = Array.isArray(value) ? `${pad}- ` : `${pad}${key}:`;
    if (!isCollection(child) || isEmpty(child)) {
      lines.push(`${lead}${Array.isArray(value) ? "" : " "}${scalar(child)}`);
    } else if (Array.isArray(value) && !Array.isArray(child)) {
      // A map in a list: its first key goes on the dash's line.
      const start = lines.length;
      writeNode(child, childPath, indent + 2, lines, comments);
      const first = lines.findIndex((line, i) => i >= start && !line.trimStart().startsWith("#"));
      lines[first] = `${lead}${lines[first]!.slice(indent + 2)}`;
    } else {
      lines.push(Array.isArray(value) ? `${pad}-` : lead);
      writeNode(child, childPath, indent + 2, lines, comments);
    }
  }
}

function isCollection(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function scalar(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (isCollection(value)) return "{}";
  if (typeof value === "string")
    return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "null";
}
