// The OData $filter of ASR's replicationJobs list, in the form Az PowerShell sends it:
// Get-AzRecoveryServicesAsrJob builds it with `Utilities.ToQueryString` (azure-powershell
// src/RecoveryServices/RecoveryServices.SiteRecovery/Utilities/Utilities.cs): the C# property name
// of JobQueryParameter (PascalCase: StartTime, JobStatus …), ` eq '`, the value, `'`, clauses
// joined with ` and ` (`.Append(property.Name).Append(" eq '").Append(propValue).Append("'")` …
// `string.Join(" and ", propQuery)`); PSAsrJobClient.cs sends it as
// `new ODataQuery<JobQueryParameter>(jqp.ToQueryString())`. Dates are UTC in .NET's round-trip
// format ("o": 2026-11-25T10:00:00.0000000Z), as the AzureRM cmdlet sets them
// (`jqp.StartTime = this.StartTime.Value.ToUniversalTime().ToString("o")`). The current Az
// cmdlet's own .cs is not available to check (unverified), nor whether the service also takes the
// spec's camelCase names. buildJobFilter and parseJobFilter are inverses.

export interface JobFilterInput {
  startTime?: Date;
  endTime?: Date;
  fabricId?: string;
  affectedObjectTypes?: string;
  jobStatus?: string;
  jobName?: string;
}

/** Field order of built filters (the order of the SDK's JobQueryParameter). */
export const jobFilterFields = ['startTime', 'endTime', 'fabricId', 'affectedObjectTypes', 'jobStatus', 'jobName'] as const;

/** The C# property name the cmdlet sends for a field: "startTime" → "StartTime". */
export function wireFieldName(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** A UTC date as .NET's round-trip format "o" writes it: seven fraction digits and Z. */
export function roundTripDate(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, (_match, ms: string) => `.${ms}0000Z`);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function dateValue(field: string, d: Date): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
    throw new Error(`Cannot build a job filter: ${field} is not a valid date.`);
  }
  return roundTripDate(d);
}

/** e.g. `StartTime eq '2026-11-25T10:00:00.0000000Z' and JobStatus eq 'InProgress'`; '' when nothing is set. */
export function buildJobFilter(input: JobFilterInput): string {
  const clauses: string[] = [];
  for (const field of jobFilterFields) {
    const value = input[field];
    if (value === undefined) {
      continue;
    }
    const text = value instanceof Date ? dateValue(field, value) : value;
    clauses.push(`${wireFieldName(field)} eq ${quote(text)}`);
  }
  return clauses.join(' and ');
}

export class JobFilterSyntaxError extends Error {
  override readonly name = 'JobFilterSyntaxError';
  constructor(
    readonly filter: string,
    readonly position: number,
    expected: string,
  ) {
    super(`Invalid job filter at position ${position}: expected ${expected} in "${filter}".`);
  }
}

/** Reads a filter from left to right; each read moves past what it read or throws JobFilterSyntaxError at the position. */
class FilterReader {
  pos = 0;
  constructor(readonly filter: string) {}

  get atEnd(): boolean {
    return this.pos === this.filter.length;
  }

  fail(expected: string): never {
    throw new JobFilterSyntaxError(this.filter, this.pos, expected);
  }

  skipSpaces(required: boolean): void {
    const start = this.pos;
    while (this.pos < this.filter.length && /\s/.test(this.filter.charAt(this.pos))) {
      this.pos += 1;
    }
    if (required && this.pos === start) {
      this.fail('a space');
    }
  }

  keyword(word: string): void {
    if (this.filter.slice(this.pos, this.pos + word.length).toLowerCase() !== word) {
      this.fail(`"${word}"`);
    }
    this.pos += word.length;
  }

  identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.filter.slice(this.pos));
    if (!match) {
      return this.fail('a field name');
    }
    this.pos += match[0].length;
    return match[0];
  }

  quoted(): string {
    const filter = this.filter;
    if (filter.charAt(this.pos) !== "'") {
      this.fail('a quoted value');
    }
    this.pos += 1;
    let value = '';
    for (;;) {
      if (this.pos >= filter.length) {
        return this.fail('a closing quote');
      }
      const c = filter.charAt(this.pos);
      if (c === "'") {
        if (filter.charAt(this.pos + 1) === "'") {
          value += "'";
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        return value;
      }
      value += c;
      this.pos += 1;
    }
  }
}

/**
 * Parses `Field eq 'value' [and Field eq 'value']...` into { field: value }: a field of
 * JobQueryParameter is returned under its camelCase name whatever its case on the wire.
 * Keywords are case-insensitive; '' inside a value is one quote. An empty filter gives {}.
 * Throws JobFilterSyntaxError on anything else (other operators, or, parentheses, unquoted
 * values, a repeated field).
 */
export function parseJobFilter(filter: string): Record<string, string> {
  const entries = new Map<string, string>();
  const r = new FilterReader(filter);
  r.skipSpaces(false);
  if (r.atEnd) {
    return {};
  }
  for (;;) {
    const fieldStart = r.pos;
    const name = r.identifier();
    const field = jobFilterFields.find((f) => f.toLowerCase() === name.toLowerCase()) ?? name;
    r.skipSpaces(true);
    r.keyword('eq');
    r.skipSpaces(true);
    const value = r.quoted();
    if (entries.has(field)) {
      r.pos = fieldStart;
      r.fail(`each field once, but "${field}" is repeated`);
    }
    entries.set(field, value);
    r.skipSpaces(false);
    if (r.atEnd) {
      break;
    }
    if (!/\s/.test(filter.charAt(r.pos - 1))) {
      r.fail('a space');
    }
    r.keyword('and');
    r.skipSpaces(true);
  }
  return Object.fromEntries(entries);
}
