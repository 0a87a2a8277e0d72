'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Home' },
  { href: '/events', label: 'Events' },
  { href: '/seer', label: 'Seer' },
  { href: '/streamer', label: 'Streamer' },
  { href: '/health', label: 'Health' },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-1 text-sm">
      {LINKS.map(({ href, label }) => {
        const isCurrent = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={isCurrent ? 'page' : undefined}
              className="block rounded-md px-3 py-2 font-medium text-muted hover:bg-subtle hover:text-ink aria-[current=page]:bg-subtle aria-[current=page]:text-ink"
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
