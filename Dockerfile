# pgwarden's production image: `docker build -t pgwarden .`, then
#   docker run -p 3000:3000 --env-file deploy/pgwarden.env -v /etc/pgwarden/config.json:/etc/pgwarden/config.json:ro pgwarden
# (deploy/pgwarden.env.example lists the environment; README "Production build"). The runtime stage holds the
# standalone server only: no npm, no devDependencies, no sources. e2e/runs-standalone-build.spec.ts reads this file
# and runs the same folder with the same user, environment and command.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# A local devDependency (package.json: "file:test/postgres-binaries").
COPY test/postgres-binaries ./test/postgres-binaries
RUN npm ci --no-audit --no-fund

FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build && npm run standalone

FROM node:20-slim AS runtime
WORKDIR /app
RUN groupadd --system --gid 10001 pgwarden \
  && useradd --system --uid 10001 --gid pgwarden --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pgwarden
# Owned by root: the server can read its files but not change them.
COPY --from=build /app/.pgwarden/standalone ./
# A 1.5 GiB heap cap keeps V8's heap near its live size (scripts/server-node-options.ts says why); add your own
# NODE_OPTIONS with `docker run -e NODE_OPTIONS=...` (give this flag again if you want to keep it).
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1 NODE_OPTIONS=--max-old-space-size=1536
USER 10001:10001
EXPOSE 3000
# node:20-slim has no curl: node's own fetch asks the unauthenticated health route.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
