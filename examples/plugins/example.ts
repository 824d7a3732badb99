// The seed's plugin, still valid: every exported function is a command named after it.
export function hi() {
  return "Meow!";
}
