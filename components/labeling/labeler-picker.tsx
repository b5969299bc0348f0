"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, fetchJson } from "@/lib/api-client";

/** Choose who is labeling in this browser: an existing name, or a new one. */
export function LabelerPicker({ onPicked }: { onPicked?: (name: string) => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data } = useQuery({ queryKey: ["labelers"], queryFn: () => fetchJson<{ current: string | null; labelers: string[] }>("/api/labelers") });

  async function pick(chosen: string) {
    setBusy(true);
    setError(null);
    try {
      const result = await fetchJson<{ current: string }>("/api/labelers", { method: "POST", body: JSON.stringify({ name: chosen }) });
      await queryClient.invalidateQueries();
      onPicked?.(result.current);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not pick that name.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4" data-testid="labeler-picker">
      {data && data.labelers.length > 0 ? (
        <div>
          <div className="mb-2 text-sm font-medium text-slate-700">Continue as</div>
          <div className="flex flex-wrap gap-2">
            {data.labelers.map((existing) => (
              <Button key={existing} variant="secondary" disabled={busy} onClick={() => pick(existing)}>
                {existing}
              </Button>
            ))}
          </div>
        </div>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void pick(name);
        }}
      >
        <label className="flex-1 text-sm">
          <span className="mb-1 block font-medium text-slate-700">{data?.labelers.length ? "Or a new name" : "Your name"}</span>
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. Ada"
            maxLength={80}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
            data-testid="labeler-name-input"
          />
        </label>
        <Button type="submit" disabled={busy || name.trim() === ""}>
          Start labeling
        </Button>
      </form>
      {error ? <p className="text-sm text-rose-700">{error}</p> : null}
    </div>
  );
}
