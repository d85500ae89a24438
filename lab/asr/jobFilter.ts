/**
 * Parses ASR's job `$filter` (JobQueryParameter serialized as OData): clauses
 * `field eq 'value'` joined by `and`, single quotes inside values doubled.
 */
export function parseJobFilter(filter: string): Record<string, string> {
  const result: Record<string, string> = {};
  let rest = filter.trim();
  if (rest === '') return result;
  const clause = /^([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*/;
  for (;;) {
    const m = clause.exec(rest);
    if (!m) throw new Error(`The job filter "${filter}" is not valid: expected clauses like startTime eq '2026-01-01T00:00:00Z' joined by 'and'.`);
    result[m[1]] = m[2].replace(/''/g, "'");
    rest = rest.slice(m[0].length);
    if (rest === '') return result;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw new Error(`The job filter "${filter}" is not valid: clauses must be joined by 'and'.`);
    rest = rest.slice(and[0].length);
  }
}
