// Reads the links and headings of a markdown text, as far as the project's documents need: inline
// links and pictures `[text](target "title")`, angle-bracket targets `(<a b.md>)`, reference
// definitions `[name]: target`; nothing inside fenced code blocks or code spans. Headings give
// the anchors GitHub makes for them.

export interface MarkdownLink {
  target: string;
  /** 1-based line of the link. */
  line: number;
}

/** The lines outside fenced code blocks, with their 1-based numbers (and code spans blanked out unless kept). */
function proseLines(text: string, keepCodeSpans = false): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fence !== undefined) {
      if (opener && opener[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (opener) {
      fence = opener[1];
      return;
    }
    out.push({ text: keepCodeSpans ? raw : raw.replace(/(`+)[^`]*?\1/g, ''), line: i + 1 });
  });
  return out;
}

export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text: line, line: number } of proseLines(text)) {
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) {
      links.push({ target: unwrap(definition[1]), line: number });
      continue;
    }
    for (const match of line.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: unwrap(match[1]), line: number });
    }
  }
  return links;
}

function unwrap(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

/** The ATX headings (`# …` to `###### …`) outside code blocks, as written. */
export function markdownHeadings(text: string): string[] {
  const headings: string[] = [];
  for (const { text: line } of proseLines(text, true)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) headings.push(heading[1]);
  }
  return headings;
}

/** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function githubSlugs(text: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  for (const heading of markdownHeadings(text)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}
