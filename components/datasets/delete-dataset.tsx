"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { fetchJson } from "@/lib/api-client";

/** Deleting a dataset asks for its name, then removes it with everything in it. */
export function DeleteDataset({ datasetId, name }: { datasetId: number; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { run, busy, error } = useAction(async () => {
    await fetchJson(`/api/datasets/${datasetId}`, { method: "DELETE", body: JSON.stringify({ confirmName: typed }) });
    router.push("/");
    router.refresh();
  }, "Could not delete the dataset.");
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="delete-dataset">
        Delete…
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-center gap-2 rounded-md border border-rose-200 bg-rose-50 p-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <span className="text-rose-900">
        Delete <b>{name}</b> with all its examples, labels, prompt versions, evaluations and runs? Type its name:
      </span>
      <input
        autoFocus
        className="rounded border border-rose-300 px-2 py-1"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        data-testid="delete-confirm-name"
        aria-label="Dataset name"
      />
      <Button type="submit" disabled={busy || typed !== name} data-testid="delete-confirm">
        {busy ? "Deleting…" : "Delete for good"}
      </Button>
      <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
        Keep it
      </Button>
      {error ? <span className="text-rose-800">{error}</span> : null}
    </form>
  );
}
