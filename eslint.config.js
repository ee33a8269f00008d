import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'tmp/',
      'reports/',
      'node_modules/',
      'examples/',
      'bin/',
      'scripts/',
      'src/generated/',
      'eslint.config.js',
      'vitest.config.ts',
      'vitest.stryker.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // f(...items) passes every item as an argument: past ~120k items (a large snapshot) it overflows the stack.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression > SpreadElement',
          message:
            'Spread arguments overflow the stack on large arrays; use pushAll() from src/util/arrays.ts or a loop.',
        },
      ],
    },
  },
  {
    // I/O stays at the edges: the CLI, the cluster readers, the file writer, and the tests.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/resolve/from-*.ts', 'src/emit/write-dir.ts', 'src/io/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:fs',
              message: 'Do I/O in src/cli, src/io, resolve/from-*.ts or emit/write-dir.ts.',
            },
            { name: 'node:fs/promises', message: 'Do I/O at the edges.' },
            {
              name: '@kubernetes/client-node',
              message: 'Only resolve/from-live.ts talks to clusters.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message:
            'Only the edges touch process: src/cli/io.ts (processIO) and, for exec plugins, from-live-auth.ts.',
        },
      ],
    },
  },
  {
    // src/parse is the spec parser (`yaml`, with positions); snapshots and rendered output are read back by
    // src/resolve/snapshot-yaml.ts. Only the spec's consumers (validate, the CLI) import src/parse.
    files: ['src/**/*.ts'],
    ignores: ['src/parse/**', 'src/validate/**', 'src/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/parse/*'],
              message: 'src/parse is the spec parser; only src/validate and src/cli use it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/parse/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'js-yaml',
              message:
                'The spec is parsed with `yaml` (positions); js-yaml reads snapshots in src/resolve/snapshot-yaml.ts.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
