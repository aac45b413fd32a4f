// Lint rules. The import restrictions below enforce the one-way dependency
// direction of the server: transport -> actions -> (domain, policy, store, bus).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  layer(['src/domain/**/*.ts', 'src/policy/**/*.ts'], ['**/store/**', '**/transport/**', '**/actions/**', '**/bus/**'],
    'domain/ and policy/ are pure: they may not import storage, transport, actions or the bus.'),
  layer(['src/store/**/*.ts', 'src/bus/**/*.ts'], ['**/transport/**', '**/actions/**'],
    'store/ and bus/ sit below actions/: they may not import actions or transport.'),
  layer(['src/actions/**/*.ts'], ['**/transport/**'],
    'actions/ may not import transport/: transports call actions, never the other way.'),
  layer(['src/transport/**/*.ts'], ['**/store/sql/**', 'kysely', 'better-sqlite3', 'pg'],
    'transport/ never touches the database: call an action or a read service instead.'),
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The client shares the server's pure domain rules and, type-only, its wire schemas; nothing else of the server.
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/src/store/**', '**/src/actions/**', '**/src/bus/**', '**/src/config/**', '**/src/auth/**', '**/src/blobs/**', '**/src/ops/**', '**/src/cli/**'],
          message: 'web/ runs in the browser: it may import only src/domain (pure rules) from the server.' },
        { group: ['**/src/transport/**'], allowTypeImports: true,
          message: 'web/ may import wire types from src/transport only with `import type`; nothing of the server\'s HTTP code is bundled.' },
      ] }],
    },
  },
  { files: ['src/main.ts', 'src/cli/**/*.ts', 'scripts/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
);
