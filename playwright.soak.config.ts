import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run soak`: the TV wall's soak test alone, for SOAK_MINUTES (ten by default here).
// It starts its own server, so the suite's shared one is not needed.
export default defineConfig({
  ...base,
  testMatch: 'tv-soak.spec.ts',
  webServer: undefined,
  timeout: 30 * 60_000,
});
