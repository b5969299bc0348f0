"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { ApiError, fetchJson } from "@/lib/api-client";
import type { DatasetModelsView } from "./types";

type Role = "judge" | "reflection";
const field = { judge: "judgeModelLabel", reflection: "reflectionModelLabel" } as const;

/** The dataset's judge and reflection models: a choice among the configured models for admins, the names for everyone else. Labels sit above the selects so long model names fit. */
export function ModelPicker({ datasetId, models }: { datasetId: number; models: DatasetModelsView }) {
  const { isAdmin } = useUser();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function choose(role: Role, value: string) {
    setBusy(true);
    setError(null);
    try {
      await fetchJson(`/api/datasets/${datasetId}/models`, { method: "PUT", body: JSON.stringify({ [field[role]]: value === "" ? null : value }) });
      await queryClient.invalidateQueries({ queryKey: ["judge", datasetId] });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not save the model choice.");
    } finally {
      setBusy(false);
    }
  }
  const defaultName = (role: Role) => {
    const choice = models.defaults[role];
    return choice.label ? `${choice.label} (${choice.model})` : choice.model;
  };
  return (
    <div className="space-y-3 text-sm" data-testid="model-picker">
      {(["judge", "reflection"] as const).map((role) => {
        const current = models[role];
        return (
          <div key={role} className="space-y-1">
            <label htmlFor={`model-${role}`} className="block text-slate-500">
              {role === "judge" ? "Judge model" : "Reflection model"}
            </label>
            <div className="flex flex-wrap items-center gap-2">
              {isAdmin ? (
                <select
                  id={`model-${role}`}
                  value={models.chosen[field[role]] ?? ""}
                  onChange={(event) => void choose(role, event.target.value)}
                  disabled={busy}
                  className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
                  data-testid={`model-${role}`}
                >
                  <option value="">server default: {defaultName(role)}</option>
                  {current.missing ? (
                    <option value={current.missing} disabled>
                      {current.missing} (no longer configured)
                    </option>
                  ) : null}
                  {models.options.map((option) => (
                    <option key={option.label} value={option.label} disabled={option.refused !== null} title={option.refused ?? undefined}>
                      {option.label} ({option.model}){option.refused ? " — not allowed by the server" : ""}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="font-mono text-xs">{current.label ?? current.model}</span>
              )}
              {role === "judge" && models.judgeSimulated ? <Badge tone="amber">simulated</Badge> : null}
              {current.missing ? <span className="text-xs text-amber-700">&ldquo;{current.missing}&rdquo; is no longer configured; the server default answers.</span> : null}
            </div>
          </div>
        );
      })}
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
