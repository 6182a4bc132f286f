import base from './vitest.config.ts';
import { defineConfig } from 'vitest/config';
export default defineConfig({ ...base, test: { ...base.test, include: ['renderer/src/**/*.test.{ts,tsx}'], reporters: ['default'] } });
