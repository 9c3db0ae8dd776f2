// The look of filter bars (sessions, audit) and their "all or one value" select.
export const filterInputClass =
  'rounded border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
export const filterLabelClass = 'flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400';

export interface ChoiceOption {
  value: string;
  label: string;
}

/** A select with "all" first; a value from the URL that is not among the options stays selectable. */
export function ChoiceFilter(props: {
  label: string;
  value: string | undefined;
  options: (string | ChoiceOption)[];
  onChange: (value: string | undefined) => void;
}) {
  const options = props.options.map((option) =>
    typeof option === 'string' ? { value: option, label: option } : option,
  );
  if (props.value && !options.some((option) => option.value === props.value)) {
    options.unshift({ value: props.value, label: props.value });
  }
  return (
    <label className={filterLabelClass}>
      {props.label}
      <select
        aria-label={props.label}
        className={filterInputClass}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      >
        <option value="">all</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
