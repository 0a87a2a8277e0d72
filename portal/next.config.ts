import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_BUILD } from 'next/constants';
import { validateEnv } from './src/env-schema';

const config: NextConfig = {
  output: 'standalone',
  // The repo root, so the standalone output traces the workspace packages it imports.
  outputFileTracingRoot: fileURLToPath(new URL('..', import.meta.url)),
  serverExternalPackages: ['kafkajs', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

/** The build checks every variable it is given (secrets may be absent until start); start checks all. */
export default function nextConfig(phase: string): NextConfig {
  validateEnv(process.env, { phase: phase === PHASE_PRODUCTION_BUILD ? 'build' : 'start' });
  return config;
}
