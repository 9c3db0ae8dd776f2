'use client';

import { useEffect, useState, type RefObject } from 'react';
import { durationKeys } from '@/lib/types/session';
import type { SessionFacets } from '@/lib/types/sessions-page';
import { refreshIntervals, type SessionView } from '@/lib/types/session-view';

const durationLabels: Record<(typeof durationKeys)[number], string> = {
  queryAgeMs: 'query age',
  xactAgeMs: 'transaction age',
  stateAgeMs: 'time in state',
  backendAgeMs: 'backend age',
};

const inputClass = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';

interface Props {
  view: SessionView;
  facets: SessionFacets | undefined;
  onChange: (change: Partial<SessionView>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

function Choice(props: {
  label: string;
  value: string | undefined;
  options: string[];
  onChange: (value: string | undefined) => void;
}) {
  const options = props.value && !props.options.includes(props.value) ? [props.value, ...props.options] : props.options;
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-500">
      {props.label}
      <select
        aria-label={props.label}
        className={inputClass}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      >
        <option value="">all</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SessionFilters({ view, facets, onChange, searchRef }: Props) {
  const [search, setSearch] = useState(view.search ?? '');
  useEffect(() => {
    if ((view.search ?? '') === search) return;
    const timer = setTimeout(() => onChange({ search: search || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search, view.search, onChange]);

  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
      <input
        ref={searchRef}
        type="search"
        aria-label="Search in query text"
        placeholder="Search query text  ( / )"
        className={`${inputClass} w-64`}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && event.currentTarget.blur()}
      />
      <Choice
        label="State"
        value={view.state}
        options={facets?.states ?? []}
        onChange={(state) => onChange({ state })}
      />
      <Choice label="User" value={view.user} options={facets?.users ?? []} onChange={(user) => onChange({ user })} />
      <Choice
        label="Database"
        value={view.database}
        options={facets?.databases ?? []}
        onChange={(database) => onChange({ database })}
      />
      <Choice
        label="Application"
        value={view.application}
        options={facets?.applications ?? []}
        onChange={(application) => onChange({ application })}
      />
      <Choice
        label="Client"
        value={view.client}
        options={facets?.clients ?? []}
        onChange={(client) => onChange({ client })}
      />
      <Choice
        label="Backend type"
        value={view.backendType}
        options={facets?.backendTypes ?? []}
        onChange={(backendType) => onChange({ backendType })}
      />
      <label className="flex items-center gap-1 text-xs text-zinc-500">
        Min
        <input
          aria-label="Minimum duration in seconds"
          type="number"
          min={0}
          className={`${inputClass} w-20`}
          value={view.minDurationSeconds ?? ''}
          onChange={(event) =>
            onChange({ minDurationSeconds: event.target.value ? Number(event.target.value) : undefined })
          }
        />
        s of
        <select
          aria-label="Duration that sorts and filters"
          className={inputClass}
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
        <label className="flex items-center gap-1 text-xs text-zinc-500">
          Refresh
          <select
            aria-label="Refresh interval"
            className={inputClass}
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
          className={`${inputClass} font-medium`}
          onClick={() => onChange({ paused: !view.paused })}
          aria-pressed={view.paused}
        >
          {view.paused ? 'Resume' : 'Pause'}
        </button>
      </div>
    </div>
  );
}
