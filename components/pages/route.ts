import { useEffect, useState } from 'react';

/** The location hash without "#", e.g. "/customers/jane". */
export function readHash(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h === '' ? '/' : h;
}

export function navigate(path: string): void {
  const next = `#${path}`;
  if (window.location.hash !== next) window.location.hash = next;
}

export function useHashRoute(): string {
  const [route, setRoute] = useState(readHash);
  useEffect(() => {
    const on = () => setRoute(readHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Split a route into decoded segments: "/rules/no-x" -> ["rules", "no-x"]. */
export function routeParts(route: string): string[] {
  return route
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
}
