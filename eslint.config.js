// Lint: typescript-eslint type-checked rules plus the layering rule of ARCHITECTURE.md
// (core <- machines <- actors; adapters implement core ports; only cli composes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (dir, forbidden) => ({
  files: [`${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/**`, `../${f}/*`, `../../${f}/*`],
          message: `${dir}/ must not import ${f}/ (see ARCHITECTURE.md, "Layers").`
        }))
      }
    ]
  }
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'test-artifacts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error'
    }
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  layer('core', ['machines', 'actors', 'adapters', 'inspector', 'cli']),
  layer('machines', ['actors', 'adapters', 'inspector', 'cli']),
  layer('actors', ['adapters', 'inspector', 'cli']),
  layer('adapters', ['machines', 'actors', 'inspector', 'cli']),
  layer('inspector', ['adapters', 'cli']),
  {
    files: ['cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { 'no-console': 'off' }
  }
);
