/**
 * Parses ASR's job `$filter` (JobQueryParameter serialized as OData) in the form Az PowerShell
 * sends. Get-AzRecoveryServicesAsrJob builds it with `Utilities.ToQueryString`
 * (azure-powershell src/RecoveryServices/RecoveryServices.SiteRecovery/Utilities/Utilities.cs):
 * the C# property name, ` eq '`, the value, `'`; a list value becomes
 * `( Name eq 'a' or Name eq 'b' )`; the clauses are joined with ` and `
 * (`.Append(property.Name).Append(" eq '").Append(propValue).Append("'")` …
 * `string.Join(" and ", propQuery)`), and PSAsrJobClient.cs passes it as
 * `new ODataQuery<JobQueryParameter>(jqp.ToQueryString())`. So the field names are PascalCase
 * (StartTime, JobStatus …); the spec's x-ms-odata model JobQueryParameter names them camelCase.
 *
 * Unverified: whether the service also takes camelCase names or other operators. The lab takes
 * the field names case-insensitively and refuses only what is not `eq` clauses. Values are
 * returned verbatim ('' inside a value is read as one quote, as OData writes it; ToQueryString
 * does not escape quotes).
 */

/** JobQueryParameter's fields, in the SDK's order (camelCase as in the spec). */
export const jobFilterFieldNames = ['startTime', 'endTime', 'fabricId', 'affectedObjectTypes', 'jobStatus', 'jobOutputType', 'jobName', 'timezoneOffset'] as const;
export type JobFilterField = (typeof jobFilterFieldNames)[number];

/** A parsed filter: each field (canonical camelCase) with its values (several for an `or` group). */
export type ParsedJobFilter = Partial<Record<JobFilterField, string[]>> & { unknown: string[] };

function canonical(name: string): JobFilterField | undefined {
  return jobFilterFieldNames.find((f) => f.toLowerCase() === name.toLowerCase());
}

export function parseJobFilter(filter: string): ParsedJobFilter {
  const result: ParsedJobFilter = { unknown: [] };
  let rest = filter.trim();
  if (rest === '') return result;
  const clause = /^([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*/i;
  const bad = (why: string): Error => new Error(`The job filter "${filter}" is not valid: ${why} Write clauses like StartTime eq '2026-01-01T00:00:00.0000000Z', joined by 'and'.`);
  const add = (name: string, value: string): void => {
    const field = canonical(name);
    if (!field) {
      if (!result.unknown.includes(name)) result.unknown.push(name);
      return;
    }
    (result[field] ??= []).push(value.replace(/''/g, "'"));
  };
  for (;;) {
    if (rest.startsWith('(')) {
      // ( Name eq 'a' or Name eq 'b' )
      rest = rest.slice(1).trimStart();
      for (;;) {
        const m = clause.exec(rest);
        if (!m) throw bad('expected a clause inside the parentheses.');
        add(m[1], m[2]);
        rest = rest.slice(m[0].length);
        if (rest.startsWith(')')) {
          rest = rest.slice(1).trimStart();
          break;
        }
        const or = /^or\s+/i.exec(rest);
        if (!or) throw bad("clauses inside parentheses must be joined by 'or'.");
        rest = rest.slice(or[0].length);
      }
    } else {
      const m = clause.exec(rest);
      if (!m) throw bad('expected a clause.');
      add(m[1], m[2]);
      rest = rest.slice(m[0].length);
    }
    if (rest === '') return result;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw bad("clauses must be joined by 'and'.");
    rest = rest.slice(and[0].length);
  }
}
