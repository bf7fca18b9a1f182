// ESLint 10 flat config: typescript-eslint's rules over src/ and test/, and the layer order of
// src/ (README, "How it is built"): a folder imports only from the layers below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Lowest first. A folder may import its own layer's folders unless `forbid` says otherwise. */
const LAYERS = [
  ['model'],
  ['smtp', 'tlswire'],
  ['tls', 'dns', 'fetch'],
  ['probe', 'policy', 'scan'],
  ['runner', 'input'],
  ['wording', 'report', 'ui'],
  ['cli', 'launch'],
];
/** Same-layer imports that would still run the wrong way. */
const FORBID = {
  probe: ['policy', 'scan'], // the verdict is judged from facts, outside the engine
  policy: ['probe', 'scan'],
  scan: ['probe', 'policy'], // the scan has its own raw-hello connections, not the engine's
  tls: ['dns', 'fetch'],
  dns: ['tls', 'fetch'],
  wording: ['report', 'ui'],
  report: ['ui'],
};

const folderPattern = (names) => `(^|/)(${names.join('|')})(/|\\.js$)`;

function layerRules() {
  return LAYERS.flatMap((layer, i) => {
    const above = LAYERS.slice(i + 1).flat();
    return layer.map((folder) => {
      const banned = [...above, ...(FORBID[folder] ?? [])];
      return {
        files: [
          `src/${folder}/**/*.{ts,tsx}`,
          ...(i === LAYERS.length - 1 ? [`src/${folder}.ts`] : []),
        ],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: banned.length
                ? [
                    {
                      regex: folderPattern(banned),
                      message: `src/${folder} sits below ${banned.join(', ')}: import only from lower layers (eslint.config.js, LAYERS).`,
                    },
                  ]
                : [],
            },
          ],
        },
      };
    });
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  ...layerRules(),
  {
    // The model imports nothing at all, not even node: builtins.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'src/model imports nothing but itself.' }] },
      ],
    },
  },
  {
    // The CLI, scripts, benchmarks and test helpers talk to the user through the console on purpose.
    files: ['src/cli.ts', 'src/cli/**', 'scripts/**', 'bench/**', 'test/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The launcher is CommonJS on purpose (bin/package.json): Node starts it faster.
    files: ['bin/**'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
