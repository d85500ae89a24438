// Local checks of names that become ARM path segments (site, policy, mapping, protected item).

/**
 * An ASR resource name: 1-128 characters, no characters that break an ARM path
 * (/ \ ? # % & : * < > " | +) or control characters, no leading/trailing space, no trailing period.
 * Returns the problem, or undefined when the name is usable.
 */
export function validateAsrName(name: string, what: string): string | undefined {
  if (name.length === 0 || name.length > 128) {
    return `The ${what} name must be 1 to 128 characters long.`;
  }
  if (/[/\\?#%&:*<>"|+\u0000-\u001f\u007f]/.test(name)) {
    return `The ${what} name "${name}" must not contain / \\ ? # % & : * < > " | + or control characters.`;
  }
  if (name.trim() !== name || name.endsWith('.')) {
    return `The ${what} name must not start or end with a space or end with a period.`;
  }
  return undefined;
}
