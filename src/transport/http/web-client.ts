/**
 * Serves the built web client (web/dist) from `/`, with an SPA fallback: a GET
 * for a page path the server does not know answers index.html so the client's
 * router can show it. API and operations paths never fall back; they keep the
 * JSON `route_not_found` answer.
 *
 * The build is read into memory once at start-up (it is small and immutable
 * until the next deploy), so requests are map look-ups: no path from a request
 * ever reaches the file system, which rules out traversal by construction.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Paths owned by the server: a miss there is an API 404, never the client's page. */
const SERVER_PATHS = ['/api', '/.well-known', '/healthz', '/readyz', '/metrics', '/openapi.json'];

// Vite puts content-hashed files under assets/: their name changes with their
// content, so browsers may keep them forever. index.html must never be cached,
// or a deploy would leave people on old asset names.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const NEVER = 'no-store';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function loadBuild(distDir: string): Promise<Map<string, Asset> | null> {
  let files: string[];
  try {
    files = await listFiles(distDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const assets = new Map<string, Asset>();
  for (const file of files) {
    const type = TYPES[extname(file)];
    if (!type) continue; // source maps and anything unexpected stay private
    const urlPath = `/${relative(distDir, file).split(sep).join('/')}`;
    const cacheControl = urlPath === '/index.html' ? NEVER : urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    assets.set(urlPath, { body: await readFile(file), type, cacheControl });
  }
  return assets.has('/index.html') ? assets : null;
}

const isServerPath = (path: string): boolean => SERVER_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

/** A page path has no file extension in its last segment: /console/users, not /favicon.ico. */
const isPagePath = (path: string): boolean => !path.slice(path.lastIndexOf('/') + 1).includes('.');

/** Registers GET /* for the web client built into `distDir`. Without a build, logs a warning and serves nothing. */
export async function registerWebClient(app: FastifyInstance, distDir: string): Promise<void> {
  const assets = await loadBuild(distDir);
  if (!assets) {
    app.log.warn({ distDir }, 'web client not built (run npm run build); serving the API only');
    return;
  }
  const index = assets.get('/index.html')!;
  const send = (reply: FastifyReply, asset: Asset) =>
    reply.header('content-type', asset.type).header('cache-control', asset.cacheControl).send(asset.body);

  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.raw.url ?? '/').split('?')[0]!;
    const asset = assets.get(path === '/' ? '/index.html' : path);
    if (asset) return send(reply, asset);
    // Only a browser navigating to a page gets the app; a program probing a path
    // (no text/html in Accept) gets the JSON not-found like any unknown route.
    const wantsPage = String(request.headers.accept ?? '').includes('text/html');
    if (isServerPath(path) || !isPagePath(path) || !wantsPage) return reply.callNotFound();
    return send(reply, index);
  });
}
