import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic, handlers with mocked clients, CDK assertions) needs nothing but
 * Node, so `npx vitest run test/unit/...` starts no emulator and needs no Java; `emulator` (integration
 * and end-to-end) shares one local runtime (DynamoDB Local + fauxqs + gateway) started by its global setup.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/handlers/**/*.test.ts', 'test/infra/**/*.test.ts'],
          setupFiles: ['test/support/function-env.ts'],
          testTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'emulator',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/function-env.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
