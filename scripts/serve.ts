/** A folder of built files, and an API beside it, served on 127.0.0.1 for the checks that drive a browser. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.woff2': 'font/woff2' };

/**
 * Serves `folder` on a free loopback port, with `index.html` for a path that is no file (as a
 * single-page app is hosted), and `/api/mfa/` through `api`.
 */
export async function serveFolder(folder: string, api?: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const files = resolve(folder);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://x').pathname);
    if (api && path.startsWith('/api/mfa/')) return void api(request, response);
    let file = resolve(files, `.${path}`);
    if (!file.startsWith(files) || !existsSync(file) || statSync(file).isDirectory()) file = join(files, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
