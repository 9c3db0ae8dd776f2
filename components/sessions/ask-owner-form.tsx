'use client';
// "Ask the owner": a note to the team owning a session, sent through its receiver with the session and a link to it.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { askOwnerAction } from '@/app/clusters/[cluster]/sessions/actions';
import { ASK_OWNER_NOTE_MAX, type AskOwnerReceipt } from '@/lib/types/ask-owner';

interface Props {
  clusterId: string;
  pid: number;
  backendStart: string;
  team: string;
}

export function AskOwnerForm({ clusterId, pid, backendStart, team }: Props) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const noteId = useId();
  const ask = useMutation({
    mutationFn: async (text: string): Promise<AskOwnerReceipt> => {
      const result = await askOwnerAction({ clusterId, pid, backendStart, note: text });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSuccess: () => {
      setNote('');
      setOpen(false);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (note.trim()) ask.mutate(note);
  }

  return (
    <div className="mt-2">
      {ask.data && !open && (
        <p role="status" data-testid="ask-owner-sent" className="mb-1 text-emerald-700 dark:text-emerald-400">
          Sent to {ask.data.team} at {ask.data.sentAt.slice(11, 19)} UTC: they get this session, your note and a link.
        </p>
      )}
      {!open ? (
        <button
          type="button"
          onClick={() => {
            ask.reset();
            setOpen(true);
          }}
          className="rounded border border-zinc-400 px-3 py-1 dark:border-zinc-600"
        >
          Ask the owner
        </button>
      ) : (
        <form onSubmit={submit} aria-label={`Ask ${team} about session ${pid}`}>
          <label htmlFor={noteId} className="mb-1 block">
            Note to {team}
          </label>
          <textarea
            id={noteId}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            required
            maxLength={ASK_OWNER_NOTE_MAX}
            rows={3}
            placeholder="What do you need from them? (e.g. may we terminate this? it blocks the nightly load)"
            className="w-full rounded border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-950"
          />
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {note.length}/{ASK_OWNER_NOTE_MAX}
          </p>
          {ask.error && (
            <p role="alert" data-testid="ask-owner-error" className="text-red-700 dark:text-red-400">
              {ask.error.message}
            </p>
          )}
          <div className="mt-1 flex gap-2">
            <button
              type="submit"
              disabled={ask.isPending || !note.trim()}
              className="rounded bg-zinc-900 px-3 py-1 text-white disabled:opacity-50 dark:bg-white dark:text-zinc-900"
            >
              {ask.isPending ? 'Sending…' : `Send to ${team}`}
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded px-3 py-1 text-zinc-600">
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
