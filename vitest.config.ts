import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests import the packages from source, so `pnpm test` needs no build for unit tests;
// end-to-end tests run the built CLI (`pnpm build` first, as the README's test command does).
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // The longer name first: an alias also matches as a prefix.
      '@regime/core/internal': src('./packages/core/src/internal.ts'),
      '@regime/core': src('./packages/core/src/index.ts'),
      '@regime/strategies': src('./packages/strategies/src/index.ts'),
      '@regime/report': src('./packages/report/src/index.ts'),
      '@regime/cluster': src('./packages/cluster/src/index.ts'),
      '@regime/cli': src('./packages/cli/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
