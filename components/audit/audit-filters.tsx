'use client';

import { useEffect, useState } from 'react';
import {
  AUDIT_EXPORT_MAX_ROWS,
  auditActions,
  auditFilterToParams,
  auditOutcomes,
  auditRanges,
  type AuditFilterParams,
} from '@/lib/types/audit';
import { ChoiceFilter, filterInputClass, filterLabelClass } from '@/components/ui/filter-controls';
import { FilterFold } from '@/components/ui/filter-fold';

interface Props {
  filter: AuditFilterParams;
  clusters: { id: string; name: string }[];
  onChange: (change: AuditFilterParams) => void;
}

/** A text filter that applies itself a moment after typing stops, and follows the URL when it changes elsewhere. */
function TextFilter(props: {
  label: string;
  placeholder: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  width?: string;
}) {
  const { value, onChange } = props;
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    // Our own debounced commit trims; keep what is being typed (a trailing space) when only that differs.
    if (text.trim() !== (value ?? '')) setText(value ?? '');
  }
  useEffect(() => {
    if (text.trim() === (value ?? '')) return;
    const timer = setTimeout(() => onChange(text.trim() || undefined), 400);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <label className={filterLabelClass}>
      {props.label}
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.placeholder}
        className={`${filterInputClass} ${props.width ?? 'w-36'}`}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </label>
  );
}

/** Filters in force, for the folded bar's button: a time window counts once, whether a range or from/to. */
function activeCount(filter: AuditFilterParams): number {
  const keys = [...auditFilterToParams(filter).keys()].filter((key) => key !== 'id');
  const time = keys.filter((key) => key === 'range' || key === 'from' || key === 'to').length;
  return keys.length - time + (time > 0 ? 1 : 0);
}

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

export function AuditFilters({ filter, clusters, onChange }: Props) {
  const [customRange, setCustomRange] = useState(Boolean(filter.from || filter.to));
  const showCustom = customRange || Boolean(filter.from || filter.to);
  const rangeValue = filter.range ?? (showCustom ? 'custom' : '');
  const exportParams = auditFilterToParams(filter).toString();

  return (
    <FilterFold
      active={activeCount(filter)}
      className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800"
    >
      <label className={filterLabelClass}>
        Time
        <select
          aria-label="Time range"
          className={filterInputClass}
          value={rangeValue}
          onChange={(event) => {
            const value = event.target.value;
            setCustomRange(value === 'custom');
            onChange({ range: value === '' || value === 'custom' ? undefined : value, from: undefined, to: undefined });
          }}
        >
          <option value="">any time</option>
          {auditRanges.map((range) => (
            <option key={range} value={range}>
              last {range}
            </option>
          ))}
          <option value="custom">from … to (UTC)</option>
        </select>
      </label>
      {showCustom && (
        <>
          <TextFilter
            label="From"
            placeholder="2026-05-01 09:30"
            value={filter.from}
            onChange={(from) => onChange({ from, range: undefined })}
          />
          <TextFilter
            label="To (excl.)"
            placeholder="2026-05-02"
            value={filter.to}
            onChange={(to) => onChange({ to, range: undefined })}
          />
        </>
      )}
      <TextFilter
        label="Actor"
        placeholder="email contains"
        value={filter.actor}
        onChange={(actor) => onChange({ actor })}
        width="w-44"
      />
      <ChoiceFilter
        label="Cluster"
        value={filter.cluster}
        options={clusters.map((cluster) => ({ value: cluster.id, label: cluster.name }))}
        onChange={(cluster) => onChange({ cluster })}
      />
      <TextFilter label="User" placeholder="role name" value={filter.user} onChange={(user) => onChange({ user })} />
      <TextFilter
        label="Application"
        placeholder="application_name"
        value={filter.application}
        onChange={(application) => onChange({ application })}
      />
      <ChoiceFilter
        label="Action"
        value={filter.action}
        options={asOptions(auditActions)}
        onChange={(action) => onChange({ action })}
      />
      <ChoiceFilter
        label="Outcome"
        value={filter.outcome}
        options={asOptions(auditOutcomes)}
        onChange={(outcome) => onChange({ outcome })}
      />
      <div className="ml-auto flex items-center gap-3 text-sm">
        <a href="/audit" className="text-zinc-600 hover:underline dark:text-zinc-400">
          Clear filters
        </a>
        <a
          href={`/api/audit/export${exportParams ? `?${exportParams}` : ''}`}
          className={`${filterInputClass} font-medium`}
          title={`CSV of the entries matching these filters, newest first, at most ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en')} rows`}
        >
          Export CSV
        </a>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          max {AUDIT_EXPORT_MAX_ROWS.toLocaleString('en')} rows
        </span>
      </div>
    </FilterFold>
  );
}
