# syntax=docker/dockerfile:1
#
# One image, every role: ROLE=api | projector | workers | all picks what a container runs.
#   docker build -t taxi-dispatch .                         # the app (last stage, the default)
#   docker build -t taxi-payment-gateway --target gateway . # the payment gateway simulator
# The gateway target is the same files with another command and port, so
#   docker run taxi-dispatch node dist/infrastructure/payment-gateway/simulator-main.js
# works too; the target only sets PORT=4010, its healthcheck and that command.

# Node 22 LTS (Node 20 reached end of life on 2026-04-30; the code still runs on 20.19+).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- deps: every dependency, with the tools to compile better-sqlite3 if no prebuilt binary fits
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- build: TypeScript → dist/ (src only, see tsconfig.build.json)
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# the web console's production build, served by the api role at /
COPY web ./web
RUN npm run build:web

# ---- prod-deps: drop the dev dependencies but keep the native module compiled above, built
# against the same Debian and Node as the runtime below.
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime: no compiler, no dev dependencies, no sources, not root
FROM ${NODE_IMAGE} AS runtime
# HOST: the app listens on loopback by default; in a container it must listen on every interface.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/web/dist ./web/dist
COPY --chown=root:root package.json ./
# The code is owned by root and read-only for the app user; only DATA_DIR (the embedded
# stores, unused when EVENTSTORE_URL / MONGO_URL are set) is writable.
# /app/keys holds the development signing key when several replicas share one (docker-compose).
RUN mkdir -p /app/data /app/keys && chown node:node /app/data /app/keys
USER node
STOPSIGNAL SIGTERM

# ---- gateway: the payment gateway simulator (npm run gateway in development)
FROM runtime AS gateway
ENV PORT=4010
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/infrastructure/payment-gateway/simulator-main.js"]

# ---- app: the default target, last on purpose (`docker build .` builds it)
FROM runtime AS app
EXPOSE 3000
# Liveness, not readiness: "healthy" means the process answers, even while a store is down.
# docker-compose.yml overrides it with /health/ready for the api, which the entry waits for.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
