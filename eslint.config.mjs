// ESLint flat config: typescript-eslint with type information, no warnings allowed (npm run lint).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '.cache/**', '.vscode-lab/**', '*.mjs', 'test/summaryReporter.js', 'test/ps1Loader.js'] },
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
