// Whether a text is a host name the extension may hand to PowerShell: the name of a Hyper-V host
// goes to Invoke-Command -ComputerName and, as the provider's friendly name, onto
// DRConfigurator.exe's command line (`/r /Friendlyname <name>`, hyper-v-azure-tutorial.md). A DNS
// host name is all either needs (RFC 1123 section 2.1 over RFC 952: labels of 1 to 63 letters,
// digits and hyphens, not starting or ending with a hyphen, separated by dots, at most 253
// characters; a NetBIOS-style single label is one label). Anything else (spaces, quotes,
// slashes, semicolons, backticks, `$`, non-ASCII letters) is refused before it reaches a
// command line. An IPv4 address passes (four numeric labels); an IPv6 address does not. An
// underscore is allowed too: Windows lets a computer be named with one (Setup only warns that DNS
// may not resolve it, "Naming conventions in Active Directory", learn.microsoft.com), it is inert
// on a PowerShell or cmd.exe command line, and refusing it would lock such a host out.
// Pure: no vscode, no SDK.

export const MAX_HOST_NAME_LENGTH = 253;
export const MAX_HOST_LABEL_LENGTH = 63;

const allowed = /^[A-Za-z0-9._-]$/;
const MAX_SHOWN_LENGTH = 80;

function characterProblem(name: string): string | undefined {
  for (const c of name) {
    if (allowed.test(c)) continue;
    if (c === ' ') return 'it contains a space';
    if (/[\u0000-\u001f\u007f-\u009f]/.test(c)) return 'it contains a control character';
    return c === '"' ? `it contains '"'` : `it contains "${c}"`;
  }
  return undefined;
}

function labelProblem(label: string): string | undefined {
  if (label.length === 0) return 'it has an empty label, two dots together or a dot at the start';
  if (label.length > MAX_HOST_LABEL_LENGTH) return `a label is longer than ${MAX_HOST_LABEL_LENGTH} characters`;
  if (label.startsWith('-') || label.endsWith('-')) return 'a label starts or ends with a hyphen';
  return undefined;
}

/**
 * Why `name` is not a DNS host name (a short sentence starting with "it" or "a label"), or
 * undefined when it is one. One trailing dot (a fully qualified name) is allowed.
 */
export function hostNameProblem(name: string): string | undefined {
  if (typeof name !== 'string') return 'it is not text';
  if (name.trim().length === 0) return 'it is empty';
  const chars = characterProblem(name);
  if (chars !== undefined) return chars;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length > MAX_HOST_NAME_LENGTH) return `it is longer than ${MAX_HOST_NAME_LENGTH} characters`;
  for (const label of bare.split('.')) {
    const problem = labelProblem(label);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export function isHostName(name: string): boolean {
  return hostNameProblem(name) === undefined;
}

/** A name as a message may show it: in double quotes, control characters as spaces, at most 80 characters. */
export function hostNameForMessage(name: string): string {
  const flat = String(name).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return `"${flat.length > MAX_SHOWN_LENGTH ? `${flat.slice(0, MAX_SHOWN_LENGTH - 1)}…` : flat}"`;
}
