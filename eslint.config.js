import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench-results/**', 'assets/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        document: 'readonly',
        window: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layers (docs/DESIGN.md): the renderer is browser code that reaches the core only through the
  // CraneApi types; main/shared is neutral (no Node, no DOM); main/ never imports the runtime's
  // modules; only main/electron imports electron.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'the renderer runs in a browser: no Node modules' },
            {
              regex:
                '^(fs|path|os|child_process|http|https|net|crypto|stream|url|util|worker_threads|electron|dockerode|sharp|onnxruntime-node|zod)$',
              message: 'the renderer runs in a browser: reach the core through CraneApi (renderer/src/api/transport.ts)',
            },
            {
              regex: '^(\\.\\./)+main/(?!shared/)',
              message: 'the renderer imports only main/shared (the contract), never the core',
            },
            { regex: 'templates/', message: 'the renderer does not import the model server' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'main/shared is neutral: the renderer and the runtime import it; no Node modules' },
            { regex: '^(?!zod$|\\./|\\.\\./errors\\.ts$)', message: 'main/shared imports only zod and itself' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shared/**', 'main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'templates/runtime-node/src',
              message: 'main/ does not import the model server; shared code lives in main/shared or main/http',
            },
            { regex: '^electron$', message: 'only main/electron imports electron' },
          ],
        },
      ],
    },
  },
  {
    files: ['templates/**/*.ts', 'test/**/*.ts', 'bin/**/*.js'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^electron$', message: 'only main/electron imports electron' }] }],
    },
  },
);
