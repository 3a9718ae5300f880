# One image for every service of the federation; each docker-compose service picks its
# entry point with `command:`. The default runs the gateway.

# --- build: install dependencies, compiling better-sqlite3's native addon if no prebuilt fits.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies are needed at run time: the services run TypeScript through tsx.
RUN npm ci && npm cache clean --force

# --- runtime: no compiler tool chain.
FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY . .
# The web pages the gateway serves at /dashboard and /mijn (web/dist).
RUN npm run web:build
# The demo keys' volume: owned by the user the services run as (docker-compose.yml).
RUN mkdir -p /keys && chown node:node /keys
USER node
CMD ["npx", "tsx", "gateway/index.ts"]
