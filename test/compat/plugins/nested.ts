// A plugin with sub-commands, reading argv[1] as the original's nested example did.
export const compat = "catops-v0";

export function nested(argv: string[]) {
  const sub = argv[1];
  if (sub === "add") return `Added ${argv.slice(2).join(" ")}`;
  if (sub === "list") return "Nothing yet";
  return "Usage: nested add <item> | nested list";
}
