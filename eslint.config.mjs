// ESLint flat config: typescript-eslint with type information, no warnings allowed (npm run lint).
import tseslint from 'typescript-eslint';

// The guide's sizes (issue 11): no source file over 500 lines, no function over 80, no class over 400.
const maxClassLines = {
  meta: { type: 'suggestion', schema: [{ type: 'integer', minimum: 1 }], messages: { tooLong: "Class '{{name}}' has too many lines ({{lines}}). Maximum allowed is {{max}}." } },
  create(context) {
    const max = context.options[0] ?? 400;
    const check = (node) => {
      const lines = node.loc.end.line - node.loc.start.line + 1;
      if (lines > max) context.report({ node, messageId: 'tooLong', data: { name: node.id?.name ?? '(anonymous)', lines, max } });
    };
    return { ClassDeclaration: check, ClassExpression: check };
  },
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '.cache/**', '.vscode-lab/**', '*.mjs', 'test/summaryReporter.js', 'test/ps1Loader.js'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The guide's sizes (CONTRIBUTING.md): the product, its lab and the developer scripts. Tests are
    // exempt: a describe() block is one function by nature.
    files: ['src/**/*.ts', 'lab/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    plugins: { guide: { rules: { 'max-class-lines': maxClassLines } } },
    rules: {
      'max-lines': ['error', { max: 500 }],
      'max-lines-per-function': ['error', { max: 80 }],
      'guide/max-class-lines': ['error', 400],
    },
  },
  {
    // Model and services must not reach into VS Code (DESIGN.md section 2).
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['vscode', '@azure/*', 'node-powershell'] }],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/flows/*', '**/webviews/*', '**/commands/*', '**/tree/*', '**/jobs/*'] }] },
  },
  {
    // The recovery dashboard's models (issue 15 §5): pure, also bundled into the webview.
    files: ['src/dashboard/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['@azure/*', 'node-powershell', '**/commands/*', '**/webviews/*', '**/services/*'] }] },
  },
  {
    // Use cases: called by commands and wizards, never the other way round (DESIGN.md section 2).
    files: ['src/flows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/webviews/*', '**/webviews/**', '**/commands/*', '**/tree/*', '**/jobs/*'] }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
