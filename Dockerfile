# syntax=docker/dockerfile:1
# Multi-stage build: install and build with the whole workspace, then ship only the API's production
# dependencies (pnpm deploy) and the built web app, running as the unprivileged `node` user.

FROM node:20-slim AS build
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY pnpm-workspace.yaml pnpm-lock.yaml package.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/cli/package.json apps/cli/
COPY packages/domain/package.json packages/domain/
COPY packages/client/package.json packages/client/
COPY tooling/typescript/package.json tooling/typescript/
RUN pnpm install --frozen-lockfile
COPY . .
# The API runs as compiled JavaScript (apps/api/scripts/build.mjs: dist/main.js with @loanbook/domain
# bundled in); its npm dependencies come from the production node_modules that `pnpm deploy` lays out.
RUN pnpm --filter @loanbook/web build \
  && pnpm --filter @loanbook/api build \
  && pnpm --filter @loanbook/api deploy --legacy --prod /out \
  && cp -r apps/web/dist /out/web-dist \
  && rm -rf /out/dist && cp -r apps/api/dist /out/dist \
  && rm -rf /out/src /out/test /out/bench /out/scripts /out/vitest.config.ts /out/tsconfig.json

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WEB_DIST_DIR=/app/web-dist \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /out /app
USER node
EXPOSE 3000
# Migrations run at start (idempotent; `node dist/migrate-cli.js` runs them alone); SIGTERM drains
# in-flight requests before exit.
# Heap limits: the server's own default (as `pnpm start`); docs/performance.md "Memory".
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=16", "dist/main.js"]
