// Small DOM helpers for the recovery dashboard's webview. Text goes in through textContent only,
// never innerHTML; no element gets a style attribute (the CSP has no 'unsafe-inline'): looks come
// from classes in media/dashboard.css and, for SVG, from presentation attributes.

export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

/** An HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: readonly (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg' as const;

/** An SVG element with attributes and children. */
export function svg(tag: keyof SVGElementTagNameMap, attrs: Attrs = {}, children: readonly (Node | string)[] = []): SVGElement {
  const el: SVGElement = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** "{0} of {1}" with its arguments. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => {
    const v = args[Number(i)];
    return v === undefined ? m : String(v);
  });
}
