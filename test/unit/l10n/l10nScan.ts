// Reads a TypeScript source with the compiler's parser and reports (1) string and template
// literals that look like text for people but do not go through l10n.t, and (2) the l10n.t calls
// themselves: their bundle key, and any call @vscode/l10n-dev cannot extract or whose braces do not
// match its arguments. Used by strings.test.ts; a heuristic, see CONTRIBUTING.md "Translations".
import ts from 'typescript';

export interface Finding {
  line: number;
  /** The literal as written, `${…}` standing for a substitution. */
  text: string;
  problem: string;
}

export interface L10nCall {
  line: number;
  /** The key in l10n/bundle.l10n.json: the message, then "/" and the comment when there is one. */
  key: string;
}

export interface ScanResult {
  /** Literals that look like prose and do not go through l10n.t. */
  unwrapped: Finding[];
  /** l10n.t calls that cannot be extracted or whose placeholders do not match the arguments. */
  callProblems: Finding[];
  calls: L10nCall[];
}

/** `l10n.t(…)` (@vscode/l10n) or `vscode.l10n.t(…)`. */
function isL10nT(expr: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 't') {
    return false;
  }
  const owner = expr.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('');
  }
  return undefined;
}

/** Prose: a letter and a space ("Not protected", `${n} min ago`, " (stale)"). */
function looksLikeProse(text: string): boolean {
  return /[A-Za-z]/.test(text) && /\s/.test(text.replace(/\$\{…\}/g, ''));
}

/** One capitalized word ("Protected", "Resume"), as the tables of labels hold them. */
function looksLikeLabel(text: string): boolean {
  return /^[A-Z][a-z]+[.…]?$/.test(text);
}

/** Where a label would be shown from: a property's value, a returned value, a branch, an element. */
function isValuePosition(node: ts.Node): boolean {
  let child = node;
  let p = node.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) {
    child = p;
    p = p.parent;
  }
  return (
    (ts.isPropertyAssignment(p) && p.initializer === child) ||
    ts.isReturnStatement(p) ||
    (ts.isConditionalExpression(p) && p.condition !== child) ||
    ts.isArrayLiteralExpression(p) ||
    (ts.isArrowFunction(p) && p.body === child) ||
    (ts.isVariableDeclaration(p) && p.initializer === child) ||
    (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken)
  );
}

/** The call whose message (or comment) this literal is, if it is one. */
function messageOf(node: ts.Node): boolean {
  const p = node.parent;
  if ((ts.isCallExpression(p) && isL10nT(p.expression) && p.arguments[0] === node) || (ts.isTaggedTemplateExpression(p) && isL10nT(p.tag))) {
    return true;
  }
  // l10n.t({ message: '…', comment: ['…'] })
  const assignment = ts.isArrayLiteralExpression(p) ? p.parent : p;
  if (ts.isPropertyAssignment(assignment) && ts.isIdentifier(assignment.name) && ['message', 'comment'].includes(assignment.name.text)) {
    const call = assignment.parent.parent;
    return ts.isCallExpression(call) && isL10nT(call.expression) && call.arguments[0] === assignment.parent;
  }
  return false;
}

/** A literal that is not a value at all: a module name, a type, a property's name. */
function isNotAValue(node: ts.Node): boolean {
  const p = node.parent;
  return (
    ts.isImportDeclaration(p) ||
    ts.isExportDeclaration(p) ||
    ts.isExternalModuleReference(p) ||
    ts.isLiteralTypeNode(p) ||
    ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node) ||
    (ts.isElementAccessExpression(p) && p.argumentExpression === node)
  );
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.name) && prop.name.text === name) {
      return prop.initializer;
    }
  }
  return undefined;
}

/** The arguments as l10n.t sees them: how many positional ones, or the names of the named ones. */
type Args = { positional: number } | { named: string[] } | 'unknown';

function argsOf(node: ts.Expression | undefined, rest: readonly ts.Expression[]): Args {
  const list = node !== undefined ? [node, ...rest] : [...rest];
  if (list.some((a) => ts.isSpreadElement(a))) {
    return 'unknown';
  }
  if (list.length === 1 && ts.isObjectLiteralExpression(list[0])) {
    const names = list[0].properties.map((p) => (p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined));
    return names.every((n) => n !== undefined) ? { named: names } : 'unknown';
  }
  if (list.length === 1 && ts.isArrayLiteralExpression(list[0])) {
    return list[0].elements.some((e) => ts.isSpreadElement(e)) ? 'unknown' : { positional: list[0].elements.length };
  }
  return { positional: list.length };
}

function placeholderProblems(message: string, args: Args): string[] {
  if (args === 'unknown') {
    return [];
  }
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [, name] of message.matchAll(/\{([^}]*)\}/g)) {
    used.add(name);
    const ok = 'named' in args ? args.named.includes(name) : /^\d+$/.test(name) && Number(name) < args.positional;
    if (!ok) {
      problems.push(
        `"{${name}}" is not one of its arguments: l10n.t would leave it, or fill it if it names a property of the arguments ({length}); write it without braces`,
      );
    }
  }
  const declared = 'named' in args ? args.named : Array.from({ length: args.positional }, (_, i) => String(i));
  for (const name of declared.filter((n) => !used.has(n))) {
    problems.push(`argument ${name} is not used in the message`);
  }
  return problems;
}

function scanCall(call: ts.CallExpression, at: (n: ts.Node) => number, result: ScanResult): void {
  const [first, ...rest] = call.arguments;
  const line = at(call);
  const problem = (text: string, why: string): void => {
    result.callProblems.push({ line, text, problem: why });
  };
  if (first !== undefined && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
    result.calls.push({ line, key: first.text });
    for (const why of placeholderProblems(first.text, rest.length === 0 ? { positional: 0 } : argsOf(undefined, rest))) problem(first.text, why);
    return;
  }
  if (first !== undefined && ts.isObjectLiteralExpression(first)) {
    const message = property(first, 'message');
    const comment = property(first, 'comment');
    const commentText =
      comment === undefined
        ? ''
        : ts.isStringLiteral(comment)
          ? comment.text
          : ts.isArrayLiteralExpression(comment) && comment.elements.every((e) => ts.isStringLiteral(e))
            ? comment.elements.map((e) => (e as ts.StringLiteral).text).join('')
            : undefined;
    if (message !== undefined && (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)) && commentText !== undefined) {
      result.calls.push({ line, key: commentText ? `${message.text}/${commentText}` : message.text });
      const args = property(first, 'args');
      for (const why of placeholderProblems(message.text, args === undefined ? { positional: 0 } : argsOf(args, []))) problem(message.text, why);
      return;
    }
  }
  problem(call.getText(), 'the message of l10n.t must be a string literal (or { message, comment } of literals): the export extracts literals only');
}

/** Scans one file; `fileName` only names it for the parser. */
export function scanSource(fileName: string, text: string): ScanResult {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const at = (n: ts.Node): number => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const result: ScanResult = { unwrapped: [], callProblems: [], calls: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isL10nT(node.expression)) {
      scanCall(node, at, result);
    } else if (ts.isTaggedTemplateExpression(node) && isL10nT(node.tag)) {
      result.callProblems.push({ line: at(node), text: node.getText(source), problem: "write l10n.t('… {0} …', value), not the tagged template form" });
    }
    const text = literalText(node);
    if (text !== undefined && !messageOf(node) && !isNotAValue(node)) {
      if (looksLikeProse(text)) {
        result.unwrapped.push({ line: at(node), text, problem: 'prose outside l10n.t' });
      } else if (looksLikeLabel(text) && isValuePosition(node)) {
        result.unwrapped.push({ line: at(node), text, problem: 'a label outside l10n.t' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return result;
}
