'use client';

// The console's navigation on a phone: a "Menu" button opening a sheet (Radix Dialog: focus trap, Escape, focus
// return). Following a link closes it; so does any other navigation, because it is open for one pathname only.
import * as Dialog from '@radix-ui/react-dialog';
import { ConsoleLink } from '@/components/layout/console-link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { SignOutButton } from '@/components/auth/sign-out-button';
import type { ConsoleNav, NavLink } from './console-nav';

function MenuLinks({ links, label, onFollow }: { links: NavLink[]; label: string; onFollow: () => void }) {
  return (
    <nav aria-label={label}>
      <h2 className="mb-1 text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{label}</h2>
      <ul className="flex flex-col">
        {links.map((link) => (
          <li key={link.href}>
            <ConsoleLink
              href={link.href}
              onClick={onFollow}
              aria-current={link.current ? 'page' : undefined}
              className={`block rounded px-3 py-2.5 ${link.current ? 'bg-zinc-200 font-medium dark:bg-zinc-800' : ''}`}
            >
              {link.label}
            </ConsoleLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PhoneMenu({ nav }: { nav: ConsoleNav }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const close = () => setOpenOn(null);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => setOpenOn(next ? pathname : null)}>
      <Dialog.Trigger className="rounded border border-zinc-300 px-3 py-1 md:hidden dark:border-zinc-700">
        Menu
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Dialog.Content className="fixed inset-y-0 right-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto bg-white p-4 text-zinc-900 shadow-xl dark:bg-zinc-950 dark:text-zinc-100">
          <div className="flex items-start justify-between gap-2">
            <div>
              <Dialog.Title className="font-semibold">pgwarden</Dialog.Title>
              <Dialog.Description className="text-sm break-all text-zinc-600 dark:text-zinc-400">
                {nav.identity}, {nav.role}
              </Dialog.Description>
            </div>
            <Dialog.Close className="rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
              Close
            </Dialog.Close>
          </div>
          <MenuLinks links={nav.sections} label="Sections" onFollow={close} />
          <MenuLinks links={nav.clusters} label="Clusters" onFollow={close} />
          <div className="px-3">
            <SignOutButton />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
