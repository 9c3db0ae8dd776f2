'use client';

// A filter bar that folds behind a "Filters (n)" button on phones, where it would fill the first screen; from the md
// breakpoint up it is always open and the button is gone.
import { useId, useState, type ReactNode } from 'react';

export function FilterFold({
  active,
  className,
  children,
}: {
  /** How many filters are set: shown on the button, so a folded bar still says the list is filtered. */
  active: number;
  className: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="mx-4 my-2 self-start rounded border border-zinc-300 px-3 py-1 text-sm md:hidden dark:border-zinc-700"
        data-testid="filters-toggle"
      >
        Filters ({active})
      </button>
      <div id={id} className={`${className} ${open ? '' : 'max-md:hidden'}`}>
        {children}
      </div>
    </>
  );
}
