import assert from 'node:assert/strict';
import { buildJobFilter, JobFilterSyntaxError, parseJobFilter } from '../../../src/model/jobSummary';

describe('model/jobSummary job filter', () => {
  describe('buildJobFilter', () => {
    it("writes `Field eq 'value'` clauses joined by ` and `, as Az PowerShell's Utilities.ToQueryString does", () => {
      // C# property names (PascalCase) and .NET round-trip dates ("o": seven fraction digits).
      assert.equal(
        buildJobFilter({ startTime: new Date('2026-11-25T10:00:00.123Z'), jobStatus: 'InProgress' }),
        "StartTime eq '2026-11-25T10:00:00.1230000Z' and JobStatus eq 'InProgress'",
      );
    });

    it('writes every field in a fixed order', () => {
      assert.equal(
        buildJobFilter({
          jobName: 'j1',
          jobStatus: 'Failed',
          affectedObjectTypes: 'ProtectionEntity',
          fabricId: 'f1',
          endTime: new Date('2026-11-26T00:00:00Z'),
          startTime: new Date('2026-11-25T00:00:00Z'),
        }),
        "StartTime eq '2026-11-25T00:00:00.0000000Z' and EndTime eq '2026-11-26T00:00:00.0000000Z' and FabricId eq 'f1' and AffectedObjectTypes eq 'ProtectionEntity' and JobStatus eq 'Failed' and JobName eq 'j1'",
      );
    });

    it('doubles single quotes inside values', () => {
      assert.equal(buildJobFilter({ fabricId: "O'Brien's site" }), "FabricId eq 'O''Brien''s site'");
    });

    it('omits undefined fields; nothing set gives an empty filter', () => {
      assert.equal(buildJobFilter({ jobStatus: undefined, jobName: 'x' }), "JobName eq 'x'");
      assert.equal(buildJobFilter({}), '');
    });

    it('refuses an invalid date with a readable error', () => {
      assert.throws(() => buildJobFilter({ startTime: new Date('nope') }), /startTime is not a valid date/);
    });
  });

  describe('parseJobFilter', () => {
    it('is the inverse of buildJobFilter, quotes included', () => {
      const input = {
        startTime: new Date('2026-11-25T10:00:00Z'),
        fabricId: "/subscriptions/s/resourceGroups/r'g/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f and g",
        jobStatus: 'InProgress',
      };
      assert.deepEqual(parseJobFilter(buildJobFilter(input)), {
        startTime: '2026-11-25T10:00:00.0000000Z',
        fabricId: input.fabricId,
        jobStatus: 'InProgress',
      });
    });

    it('an empty or blank filter means no filter', () => {
      assert.deepEqual(parseJobFilter(''), {});
      assert.deepEqual(parseJobFilter('   '), {});
    });

    it('tolerates extra whitespace and keyword case, and keeps spaces inside values', () => {
      assert.deepEqual(parseJobFilter("  jobStatus   EQ  'In Progress'   AND jobName eq ''  "), { jobStatus: 'In Progress', jobName: '' });
    });

    it("reads the cmdlet's PascalCase names under the spec's camelCase ones", () => {
      assert.deepEqual(parseJobFilter("StartTime eq '2026-11-25T10:00:00.0000000Z' and JOBSTATUS eq 'Suspended'"), {
        startTime: '2026-11-25T10:00:00.0000000Z',
        jobStatus: 'Suspended',
      });
    });

    const bad: [string, RegExp][] = [
      ["startTime ge '2026-11-25'", /position 10: expected "eq"/],
      ["jobStatus eq 'A' or jobName eq 'B'", /expected "and"/],
      ['jobStatus eq InProgress', /expected a quoted value/],
      ["jobStatus eq 'InProgress", /expected a closing quote/],
      ["(jobStatus eq 'A')", /position 0: expected a field name/],
      ["jobStatus eq 'A' and jobStatus eq 'B'", /"jobStatus" is repeated/],
      ["jobStatus eq 'A' and", /expected a space|expected a field name/],
      ["jobStatus eq 'A'and jobName eq 'B'", /expected a space/],
      ["jobStatus eq 'A' 'B'", /expected "and"/],
      ["jobStatus eq'A'", /expected a space/],
      ["contains(jobName, 'x')", /expected a space/],
    ];
    for (const [filter, pattern] of bad) {
      it(`rejects ${JSON.stringify(filter)}`, () => {
        assert.throws(
          () => parseJobFilter(filter),
          (e: unknown) => e instanceof JobFilterSyntaxError && pattern.test(e.message) && e.message.includes(filter),
        );
      });
    }

    it('does not let a field named __proto__ touch the prototype', () => {
      const parsed = parseJobFilter("__proto__ eq 'x'");
      assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
      assert.equal(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, 'x');
    });
  });
});
