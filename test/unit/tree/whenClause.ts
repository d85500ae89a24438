// A tiny evaluator for the when-clause forms this extension's package.json uses:
//   term (&& term)*   where term is   key == value | key != value | key =~ /regex/flags | key | !key
// Anything else (||, parentheses, `in`, comparisons, …) throws, so a menu the tests cannot read
// fails the test instead of passing by accident.

export type WhenContext = Readonly<Record<string, string | boolean | undefined>>;

type Term = { kind: 'eq'; key: string; value: string; negate: boolean } | { kind: 'regex'; key: string; regex: RegExp } | { kind: 'truthy'; key: string; negate: boolean };

const KEY = /^[A-Za-z_][\w.-]*/;

export class WhenClauseError extends Error {}

function fail(clause: string, at: number, why: string): never {
  throw new WhenClauseError(`unsupported when clause at ${at} (${why}): ${clause}`);
}

/** Parses a clause into its terms (all joined by &&). */
export function parseWhen(clause: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < clause.length && clause[i] === ' ') {
      i++;
    }
  };
  for (;;) {
    skipSpace();
    let negate = false;
    if (clause[i] === '!' && clause[i + 1] !== '=') {
      negate = true;
      i++;
      skipSpace();
    }
    const keyMatch = KEY.exec(clause.slice(i));
    if (!keyMatch) {
      fail(clause, i, 'expected a context key');
    }
    const key = keyMatch[0];
    i += key.length;
    skipSpace();
    const op = clause.slice(i, i + 2);
    if (!negate && (op === '==' || op === '!=')) {
      i += 2;
      skipSpace();
      const valueMatch = /^[^\s&|()!=~<>]+/.exec(clause.slice(i));
      if (!valueMatch) {
        fail(clause, i, 'expected a value');
      }
      terms.push({ kind: 'eq', key, value: valueMatch[0], negate: op === '!=' });
      i += valueMatch[0].length;
    } else if (!negate && op === '=~') {
      i += 2;
      skipSpace();
      if (clause[i] !== '/') {
        fail(clause, i, 'expected /regex/');
      }
      let j = i + 1;
      let inClass = false;
      let source = '';
      for (; j < clause.length; j++) {
        const c = clause[j];
        if (c === '\\') {
          source += c + (clause[j + 1] ?? '');
          j++;
          continue;
        }
        if (c === '[') {
          inClass = true;
        } else if (c === ']') {
          inClass = false;
        } else if (c === '/' && !inClass) {
          break;
        }
        source += c;
      }
      if (j >= clause.length) {
        fail(clause, i, 'unterminated regex');
      }
      j++;
      const flags = /^[gimsuy]*/.exec(clause.slice(j))?.[0] ?? '';
      terms.push({ kind: 'regex', key, regex: new RegExp(source, flags) });
      i = j + flags.length;
    } else {
      terms.push({ kind: 'truthy', key, negate });
    }
    skipSpace();
    if (i >= clause.length) {
      return terms;
    }
    if (clause.slice(i, i + 2) !== '&&') {
      fail(clause, i, `expected && or the end, found "${clause.slice(i, i + 2)}"`);
    }
    i += 2;
  }
}

function truthy(v: string | boolean | undefined): boolean {
  return v !== undefined && v !== false && v !== '';
}

/** Evaluates a clause (undefined: always true, as VS Code does). */
export function evaluateWhen(clause: string | undefined, context: WhenContext): boolean {
  if (clause === undefined) {
    return true;
  }
  return parseWhen(clause).every((t) => {
    const v = context[t.key];
    switch (t.kind) {
      case 'eq': {
        const equal = v !== undefined && String(v) === t.value;
        return t.negate ? !equal : equal;
      }
      case 'regex':
        return typeof v === 'string' && t.regex.test(v);
      case 'truthy':
        return t.negate ? !truthy(v) : truthy(v);
    }
  });
}
