// Every route the built app registered, as "METHOD /url/:param", read from Fastify's route tree
// (printRoutes, its public listing: routes are all registered by the time buildApp returns, too late for an
// onRoute hook). HEAD routes Fastify adds for each GET are folded into the GET.
import type { HttpApp } from '../../src/http/types.ts';

export function registeredRoutes(app: HttpApp): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out = new Set<string>();
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    const methods = (m[3] ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const method of methods) {
      if (method === 'HEAD' && methods.includes('GET')) continue;
      out.add(`${method} ${path}`);
    }
  }
  if (!out.has('GET /api/v1/persons/:pin')) {
    throw new Error(`could not read the route tree (no GET /api/v1/persons/:pin):\n${tree}`);
  }
  return [...out].sort();
}
