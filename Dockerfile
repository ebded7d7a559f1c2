# IKZ-Atlas container image (issue 23), built from this repository:
#   docker build -t ikz-atlas .
# Runs the built app under the supervisor of scripts/serve.js as the unprivileged user `node`.
# Meant for a read-only root file system: the only writable place is /app/var (a volume), plus
# /tmp as tmpfs (see deploy/compose.yaml). Settings are environment variables (docs/settings.md).

FROM node:24-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 is a native module: build tools in case no prebuilt binary fits.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKERS=1 \
    DATABASE_URL=file:var/ikz-atlas.sqlite
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/build ./build
COPY --from=build --chown=root:root /src/scripts/serve.js ./scripts/serve.js
COPY --from=build --chown=root:root /src/data ./data
# The code belongs to root and is read-only for the app; var/ is the app's (database file with
# SQLite, import files, backups).
RUN mkdir -p /app/var && chown node:node /app/var
VOLUME ["/app/var"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Runs the built app without rebuilding (never `npm start` here: that builds first).
CMD ["node", "scripts/serve.js"]
