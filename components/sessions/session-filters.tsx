'use client';

import { useEffect, useId, useState, type RefObject } from 'react';
import { durationKeys } from '@/lib/types/session';
import type { SessionFacets } from '@/lib/types/sessions-page';
import { activeFilterCount, refreshIntervals, type SessionView } from '@/lib/types/session-view';
import { ChoiceFilter, filterInputClass } from '@/components/ui/filter-controls';

const durationLabels: Record<(typeof durationKeys)[number], string> = {
  queryAgeMs: 'query age',
  xactAgeMs: 'transaction age',
  stateAgeMs: 'time in state',
  backendAgeMs: 'backend age',
};

interface Props {
  view: SessionView;
  facets: SessionFacets | undefined;
  onChange: (change: Partial<SessionView>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function SessionFilters({ view, facets, onChange, searchRef }: Props) {
  const [search, setSearch] = useState(view.search ?? '');
  useEffect(() => {
    if ((view.search ?? '') === search) return;
    const timer = setTimeout(() => onChange({ search: search || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search, view.search, onChange]);

  // On a phone the filters fold behind one button, so the sessions, not the controls, fill the first screen.
  const [unfolded, setUnfolded] = useState(false);
  const panelId = useId();
  const count = activeFilterCount(view);
  return (
    <>
      <div className="border-b border-zinc-200 px-4 py-2 md:hidden dark:border-zinc-800">
        <button
          type="button"
          className={`${filterInputClass} font-medium`}
          aria-expanded={unfolded}
          aria-controls={panelId}
          onClick={() => setUnfolded(!unfolded)}
        >
          Filters ({count})
        </button>
      </div>
      <div
        id={panelId}
        data-testid="session-filters"
        className={`${unfolded ? 'flex' : 'hidden'} flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-2 md:flex dark:border-zinc-800`}
      >
        <input
          ref={searchRef}
          type="search"
          aria-label="Search in query text"
          placeholder="Search query text  ( / )"
          className={`${filterInputClass} w-full md:w-64`}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => event.key === 'Escape' && event.currentTarget.blur()}
        />
        <ChoiceFilter
          label="State"
          value={view.state}
          options={facets?.states ?? []}
          onChange={(state) => onChange({ state })}
        />
        <ChoiceFilter
          label="User"
          value={view.user}
          options={facets?.users ?? []}
          onChange={(user) => onChange({ user })}
        />
        <ChoiceFilter
          label="Database"
          value={view.database}
          options={facets?.databases ?? []}
          onChange={(database) => onChange({ database })}
        />
        <ChoiceFilter
          label="Application"
          value={view.application}
          options={facets?.applications ?? []}
          onChange={(application) => onChange({ application })}
        />
        <ChoiceFilter
          label="Client"
          value={view.client}
          options={facets?.clients ?? []}
          onChange={(client) => onChange({ client })}
        />
        <ChoiceFilter
          label="Backend type"
          value={view.backendType}
          options={facets?.backendTypes ?? []}
          onChange={(backendType) => onChange({ backendType })}
        />
        <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Min
          <input
            aria-label="Minimum duration in seconds"
            type="number"
            min={0}
            className={`${filterInputClass} w-20`}
            value={view.minDurationSeconds ?? ''}
            onChange={(event) =>
              onChange({ minDurationSeconds: event.target.value ? Number(event.target.value) : undefined })
            }
          />
          s of
          <select
            aria-label="Duration that sorts and filters"
            className={filterInputClass}
            value={view.by}
            onChange={(event) => onChange({ by: event.target.value as SessionView['by'], sort: undefined })}
          >
            {durationKeys.map((key) => (
              <option key={key} value={key}>
                {durationLabels[key]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={view.hideIdle}
            onChange={(event) => onChange({ hideIdle: event.target.checked })}
          />
          Hide idle
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={!view.showPgwarden}
            onChange={(event) => onChange({ showPgwarden: !event.target.checked })}
          />
          Hide pgwarden
        </label>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
            Refresh
            <select
              aria-label="Refresh interval"
              className={filterInputClass}
              value={view.interval}
              onChange={(event) => onChange({ interval: Number(event.target.value) })}
            >
              {refreshIntervals.map((ms) => (
                <option key={ms} value={ms}>
                  {ms / 1000}s
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={`${filterInputClass} font-medium`}
            onClick={() => onChange({ paused: !view.paused })}
            aria-pressed={view.paused}
          >
            {view.paused ? 'Resume' : 'Pause'}
          </button>
        </div>
      </div>
    </>
  );
}
