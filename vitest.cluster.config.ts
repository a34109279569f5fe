import { defineConfig } from 'vitest/config';

// `npm run test:cluster` (scripts/test-cluster.sh): two team-server processes sharing one PostgreSQL and one Redis,
// both started by the script on 127.0.0.1. Not part of `vitest run`: it needs those two services.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/cluster/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
