import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogTestEnv } from './support';

const stage = process.env.STAGE;
afterEach(() => {
  process.env.STAGE = stage;
  vi.resetModules();
});

describe('create-channel environment', () => {
  it('fails at init without STAGE (no silent default)', async () => {
    Object.assign(process.env, catalogTestEnv);
    delete process.env.STAGE;
    vi.resetModules();
    await expect(import('../../../lambdas/catalog/handlers/create-channel')).rejects.toThrow(/^Invalid environment: STAGE:/);
  });
});
