// Spots pollution of Object.prototype: the one global a bad JSON key or flag name could reach.

/** Own properties of Object.prototype in a clean realm, to spot pollution by name. */
const PROTOTYPE_KEYS = [
  "constructor",
  "__defineGetter__",
  "__defineSetter__",
  "hasOwnProperty",
  "__lookupGetter__",
  "__lookupSetter__",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toString",
  "valueOf",
  "__proto__",
  "toLocaleString",
];

/** Names added to Object.prototype, or a changed one: empty when nothing was polluted. */
export function prototypePollution(): string[] {
  const found = Object.getOwnPropertyNames(Object.prototype).filter(
    (name) => !PROTOTYPE_KEYS.includes(name),
  );
  const probe = {} as Record<string, unknown>;
  for (const name of ["polluted", "isAdmin", "admin", "allowed"])
    if (probe[name] !== undefined) found.push(name);
  if (typeof Object.prototype.toString !== "function") found.push("toString");
  return found;
}
