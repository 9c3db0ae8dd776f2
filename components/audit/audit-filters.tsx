'use client';

import { useEffect, useState } from 'react';
import {
  AUDIT_EXPORT_MAX_ROWS,
  auditFilterToParams,
  auditOutcomes,
  auditRanges,
  type AuditFilterParams,
} from '@/lib/types/audit';
import { signalActions } from '@/lib/types/signal';

const inputClass = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const labelClass = 'flex items-center gap-1 text-xs text-zinc-500';

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
    <label className={labelClass}>
      {props.label}
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.placeholder}
        className={`${inputClass} ${props.width ?? 'w-36'}`}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </label>
  );
}

function Choice(props: {
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label className={labelClass}>
      {props.label}
      <select
        aria-label={props.label}
        className={inputClass}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      >
        <option value="">all</option>
        {props.value && !props.options.some((option) => option.value === props.value) && (
          <option value={props.value}>{props.value}</option>
        )}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value.replace('_', ' ') }));

export function AuditFilters({ filter, clusters, onChange }: Props) {
  const [customRange, setCustomRange] = useState(Boolean(filter.from || filter.to));
  const showCustom = customRange || Boolean(filter.from || filter.to);
  const rangeValue = filter.range ?? (showCustom ? 'custom' : '');
  const exportParams = auditFilterToParams(filter).toString();

  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
      <label className={labelClass}>
        Time
        <select
          aria-label="Time range"
          className={inputClass}
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
      <Choice
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
      <Choice
        label="Action"
        value={filter.action}
        options={asOptions(signalActions)}
        onChange={(action) => onChange({ action })}
      />
      <Choice
        label="Outcome"
        value={filter.outcome}
        options={asOptions(auditOutcomes)}
        onChange={(outcome) => onChange({ outcome })}
      />
      <div className="ml-auto flex items-center gap-3 text-sm">
        <a href="/audit" className="text-zinc-500 hover:underline">
          Clear filters
        </a>
        <a
          href={`/api/audit/export${exportParams ? `?${exportParams}` : ''}`}
          className={`${inputClass} font-medium`}
          title={`CSV of the entries matching these filters, newest first, at most ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en')} rows`}
        >
          Export CSV
        </a>
        <span className="text-xs text-zinc-500">max {AUDIT_EXPORT_MAX_ROWS.toLocaleString('en')} rows</span>
      </div>
    </div>
  );
}
