// One way every package checks the options it is given: a misspelt option fails loudly, naming
// the package, the function and the options it knows, instead of being ignored.

/** Throws a TypeError for any key of `options` that `known` lacks. */
export function checkOptions(
  where: { package: string; fn: string },
  options: object | undefined,
  known: readonly string[],
): void {
  if (!options) return;
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new TypeError(
        `${where.package} ${where.fn}: unknown option "${key}" (known: ${known.join(", ")})`,
        { cause: { package: where.package } },
      );
}
