# syntax=docker/dockerfile:1
# Writ's service image: the compiled service and the auditor console, production
# dependencies only, run as an unprivileged user. docs/eventstoredb.md says how it is
# used in docker-compose.yml and what was (and was not) checked where it was written.
#
#   docker build -t writ .
#   docker run -p 4000:4000 -v writ-data:/data writ
#
# Three stages, so that neither the compiler toolchain nor the dev dependencies reach the
# image that runs: `build` compiles (tsc needs TypeScript, the console needs Vite: dev
# dependencies), `prod-deps` installs what the service needs at run time (`npm ci
# --omit=dev`; better-sqlite3 is a native addon, built here where a C++ toolchain is at
# hand if no prebuilt binary fits), and `runtime` copies the two results in.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
# node-gyp's needs, for native addons without a prebuilt binary for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    WRIT_HOST=0.0.0.0 \
    WRIT_PORT=4000 \
    WRIT_DATA_DIR=/data
WORKDIR /app
# The image's files belong to root and are read-only to the service; only /data is its own.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY scripts/dist.js ./scripts/dist.js
# keys/ too: an empty named volume mounted there (docker-compose.yml shares one between
# replicas) takes the ownership and mode of the image's directory.
RUN mkdir -p /data/keys && chown -R node:node /data && chmod -R 700 /data
VOLUME ["/data"]
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WRIT_PORT || 4000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
