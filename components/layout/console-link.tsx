import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * A link between console pages: next/link without prefetching. Every page is rendered per request (app/layout.tsx),
 * so a prefetch brings no page, yet each link in view costs the server a request, again whenever the router's state
 * changes. Those requests ran beside the navigation they were meant to speed up: with them, opening the sessions page
 * from the overview took 310-360 ms from click to painted in the bench, and 180 ms without.
 */
export function ConsoleLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
