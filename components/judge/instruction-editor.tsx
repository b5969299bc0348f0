"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ApiError, fetchJson } from "@/lib/api-client";
import { timeAgo } from "@/lib/format";
import { RequestPreview } from "./request-preview";
import type { JudgeOverview } from "./types";

const originTone = { seed: "neutral", manual: "indigo", optimizer: "green" } as const;

/** The judge's instruction: the only free text. Saving makes a new immutable version. */
export function InstructionEditor({ overview, draft, onDraft }: { overview: JudgeOverview; draft: string; onDraft: (text: string) => void }) {
  const queryClient = useQueryClient();
  const { isAdmin } = useUser();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty = draft !== overview.prompt.instruction;

  async function save() {
    if (!dirty || saving) return;
    setSaving(true);
    setError(null);
    try {
      await fetchJson(`/api/datasets/${overview.dataset.id}/prompts`, { method: "POST", body: JSON.stringify({ instruction: draft }) });
      await queryClient.invalidateQueries({ queryKey: ["judge", overview.dataset.id] });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not save.");
    } finally {
      setSaving(false);
    }
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const current = overview.prompt;
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Instruction · prompt v{current.id} <Badge tone={originTone[current.origin]}>{current.origin}</Badge>
          <span className="font-normal text-slate-400">{timeAgo(current.createdAt)}</span>
        </span>
      }
    >
      <div className="space-y-3">
        <textarea
          value={draft}
          onChange={(event) => onDraft(event.target.value)}
          readOnly={!isAdmin}
          rows={12}
          spellCheck={false}
          className={`w-full rounded-md border p-3 font-mono text-sm leading-relaxed focus:outline-none ${isAdmin ? "border-slate-300 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200" : "cursor-default border-slate-200 bg-slate-50 text-slate-700"}`}
          data-testid="instruction"
          aria-label="Judge instruction"
        />
        {!isAdmin ? <p className="text-xs text-slate-500">Read only: an admin edits the instruction.</p> : null}
        <div className={isAdmin ? "flex flex-wrap items-center gap-2" : "hidden"}>
          <Button onClick={() => void save()} disabled={!dirty || saving} data-testid="save-instruction">
            {saving ? "Saving…" : "Save as new version"} <kbd className="border-indigo-400 bg-indigo-500 text-white shadow-none">Ctrl S</kbd>
          </Button>
          <Button variant="ghost" onClick={() => onDraft(current.instruction)} disabled={!dirty}>
            Discard changes
          </Button>
          <span className="ml-auto text-xs text-slate-500" title="What each score means is yours to write (the seed lists the dataset's scale anchors); the answer format is fixed by Attune.">
            {draft.length.toLocaleString("en-US")} characters · Attune adds the answer format (reasoning and an integer score 1–5, as JSON)
          </span>
        </div>
        {error ? <p className="text-sm text-rose-700">{error}</p> : null}
        {overview.preview ? <RequestPreview preview={overview.preview} /> : null}
        {overview.versions.length > 1 ? (
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-600">Version history ({overview.versions.length})</summary>
            <ul className="mt-2 divide-y divide-slate-100 rounded border border-slate-200">
              {overview.versions.map((version) => (
                <li key={version.id} className="flex items-center gap-2 px-3 py-1.5">
                  <span className="font-medium">v{version.id}</span>
                  <Badge tone={originTone[version.origin]}>{version.origin}</Badge>
                  <span className="truncate text-xs text-slate-500">{version.instruction.split("\n").slice(-1)[0]}</span>
                  <span className="ml-auto shrink-0 text-xs text-slate-400">{timeAgo(version.createdAt)}</span>
                  {isAdmin ? (
                    <button type="button" className="shrink-0 text-xs text-indigo-600 hover:underline" onClick={() => onDraft(version.instruction)}>
                      load
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </Card>
  );
}
