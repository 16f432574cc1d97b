// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Layering (docs/ARCHITECTURE.md): package-level bans live here, the layers inside shared/ in .dependency-cruiser.cjs.
 * - only electron/ may import 'electron';
 * - shared/ never imports react or renderer/;
 * - renderer/ may import from shared/ only the contract (shared/contract*).
 */
const electronBan = { name: 'electron', message: 'Only electron/ may import electron.' };

/** What nothing in shared/ may import: the Electron-free, UI-free core. */
const sharedBans = {
  paths: [
    electronBan,
    { name: 'react', message: 'shared/ is UI-free: no react.' },
    { name: 'react-dom', message: 'shared/ is UI-free: no react-dom.' },
  ],
  patterns: [
    { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'shared/ must not depend on electron or react.' },
    { group: ['**/renderer', '**/renderer/**'], message: 'shared/ must not import renderer/.' },
  ],
};

export const layeringRules = [
  {
    files: ['**/*.{ts,tsx,cts,mts,js,mjs,cjs}'],
    ignores: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [{ group: ['electron/*'], message: electronBan.message }] },
      ],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: sharedBans.paths, patterns: sharedBans.patterns }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            { group: ['electron/*'], message: electronBan.message },
            {
              group: [
                '**/shared/**',
                '!**/shared/contract',
                '!**/shared/contract.js',
                '!**/shared/contract.ts',
                '!**/shared/contract/**',
              ],
              message: 'renderer/ reaches the core only through shared/contract.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'renderer/dist/**', 'release/**', 'node_modules/**', 'docs/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // React's rules of hooks (and the compiler-era checks) on the renderer; exhaustive-deps and set-state-in-effect are
  // errors, not hints (load-on-open effects store the answer in the call's own .then, never synchronously).
  {
    ...reactHooks.configs.flat['recommended-latest'],
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['shared/gateway/**/*.ts', 'shared/catalog/**/*.ts', 'shared/cli/commands/mcp.ts'],
    rules: { 'no-console': 'error' },
  },
  ...layeringRules,
);
