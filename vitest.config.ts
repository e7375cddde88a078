import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Platform tests start real discord.js and Bolt clients against local fakes.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
