# syntax=docker/dockerfile:1
# Multi-stage build: install and build with the whole workspace, then ship only the API's production
# dependencies (pnpm deploy) and the built web app, running as the unprivileged `node` user.

FROM node:20-slim AS build
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY pnpm-workspace.yaml pnpm-lock.yaml package.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/domain/package.json packages/domain/
COPY tooling/typescript/package.json tooling/typescript/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter @loanbook/web build \
  && pnpm --filter @loanbook/api deploy --legacy --prod /out \
  && cp -r apps/web/dist /out/web-dist \
  && rm -rf /out/test /out/vitest.config.ts

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WEB_DIST_DIR=/app/web-dist \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /out /app
USER node
EXPOSE 3000
# Migrations run at start (idempotent); SIGTERM drains in-flight requests before exit.
CMD ["node", "--import", "tsx", "src/main.ts"]
