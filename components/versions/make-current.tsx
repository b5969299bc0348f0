"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { fetchJson } from "@/lib/api-client";

/** Making a version the judge's current one asks first: every later evaluation and run starts from it. */
export function MakeCurrent({ promptId, currentId }: { promptId: number; currentId: number | null }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const { run, busy, error } = useAction(async () => {
    await fetchJson(`/api/prompts/${promptId}/current`, { method: "POST" });
    setAsking(false);
    router.refresh();
  }, "Could not change the current version.");
  if (!asking)
    return (
      <Button onClick={() => setAsking(true)} data-testid="make-current">
        Make current…
      </Button>
    );
  return (
    <span className="flex flex-wrap items-center gap-2 text-sm" role="alertdialog" data-testid="make-current-confirm">
      <span className="text-slate-700">
        Replace {currentId ? `v${currentId}` : "the current version"} with v{promptId} as the judge? Evaluations and optimizer runs start from it.
      </span>
      <Button autoFocus disabled={busy} onClick={() => void run()} data-testid="make-current-yes">
        {busy ? "Saving…" : `Make v${promptId} current`}
      </Button>
      <Button variant="secondary" onClick={() => setAsking(false)}>
        Cancel
      </Button>
      {error ? <span className="text-rose-700">{error}</span> : null}
    </span>
  );
}
