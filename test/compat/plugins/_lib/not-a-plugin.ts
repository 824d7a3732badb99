// In a private folder: never loaded as a plugin.
export function hidden() {
  return "no";
}
