'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV_ITEMS = [
  { href: '/', label: 'Dashboard', matches: (path: string) => path === '/' },
  { href: '/events', label: 'Events', matches: (path: string) => path.startsWith('/events') || path.startsWith('/shipments') },
  { href: '/dlq', label: 'Dead letters', matches: (path: string) => path.startsWith('/dlq') },
  { href: '/tv/help', label: 'TV wall', matches: (path: string) => path.startsWith('/tv') },
] as const;

/** The sections of the app; the current one is marked for sight and for screen readers. */
export function AppNav() {
  const pathname = usePathname() ?? '/';
  return (
    <nav className="app-nav" aria-label="Sections" data-testid="app-nav">
      {NAV_ITEMS.map((item) => {
        const current = item.matches(pathname);
        return (
          <Link key={item.href} href={item.href} className="app-nav__link" aria-current={current ? 'page' : undefined}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
