"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import type { describeModel } from "@/lib/llm/model-list";
import type { ConnectionCheck } from "@/lib/llm/test-connection";
import { AddModelForm } from "./add-model-form";

type Model = Jsonify<ReturnType<typeof describeModel>>;

/** Every model the server can use, each with its own connection test; admins add and remove their own. */
export function ModelList() {
  const { isAdmin } = useUser();
  const queryClient = useQueryClient();
  const models = useQuery({ queryKey: ["settings-models"], queryFn: () => fetchJson<{ models: Model[]; keyVariables: string[] }>("/api/settings/models") });
  const [checks, setChecks] = useState<Record<string, ConnectionCheck | "testing">>({});
  const [error, setError] = useState<string | null>(null);

  async function test(label: string) {
    setChecks((all) => ({ ...all, [label]: "testing" }));
    try {
      const check = await fetchJson<ConnectionCheck>(`/api/settings/models/${encodeURIComponent(label)}/test`, { method: "POST" });
      setChecks((all) => ({ ...all, [label]: check }));
    } catch (caught) {
      setChecks((all) => ({ ...all, [label]: { ok: false, model: label, latencyMs: 0, mode: "none", message: caught instanceof ApiError ? caught.message : "The test did not run." } }));
    }
  }

  async function remove(label: string) {
    if (!window.confirm(`Remove the model "${label}"? Comparisons keep their measurements.`)) return;
    setError(null);
    try {
      await fetchJson(`/api/settings/models/${encodeURIComponent(label)}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["settings-models"] });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not remove the model.");
    }
  }

  return (
    <Card title="Models">
      <p className="mb-3 text-sm text-slate-600">
        Each dataset picks its judge and reflection model from this list on its Judge tab (the server default is the first model of ATTUNE_MODELS when the server lists models, otherwise the provider
        above), and compares them on its Models tab. A model names the environment variable that holds its key; the key itself stays on the server.
      </p>
      {models.isPending ? <p className="text-sm text-slate-500">Loading the models…</p> : null}
      {models.isError ? (
        <p role="alert" className="text-sm text-rose-700">
          {models.error.message}
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="model-list">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="pb-2 pr-2 font-medium">label</th>
              <th className="pb-2 pr-2 font-medium">model · server</th>
              <th className="pb-2 pr-2 font-medium">key</th>
              <th className="pb-2 pr-2 font-medium">$ / M in · out</th>
              <th className="pb-2 pr-2 font-medium">at once</th>
              <th className="pb-2" />
            </tr>
          </thead>
          <tbody>
            {models.data?.models.map((model) => {
              const check = checks[model.label];
              return (
                <tr key={model.label} className="border-t border-slate-100 align-top" data-testid={`model-row-${model.label}`}>
                  <td className="py-2 pr-2 font-medium">
                    {model.label} {model.source === "settings" ? <Badge tone="indigo">added here</Badge> : null}
                    {model.refused ? (
                      <p className="mt-1 text-xs font-normal text-rose-700" data-testid={`model-refused-${model.label}`}>
                        {model.refused}
                      </p>
                    ) : null}
                  </td>
                  <td className="py-2 pr-2">
                    <div className="font-mono text-xs">{model.model}</div>
                    <div className="text-xs text-slate-500">{model.server}</div>
                  </td>
                  <td className="py-2 pr-2 text-xs">
                    {model.apiKeyEnv ? (
                      <>
                        <span className="font-mono">{model.apiKeyEnv}</span> {model.apiKeySet ? <Badge tone="green">set</Badge> : <Badge tone="red">not set</Badge>}
                      </>
                    ) : (
                      <span className="text-slate-500">none needed</span>
                    )}
                  </td>
                  <td className="py-2 pr-2 tabular-nums">
                    {model.inputPricePerMTok} · {model.outputPricePerMTok}
                  </td>
                  <td className="py-2 pr-2 tabular-nums">{model.concurrency}</td>
                  <td className="py-2 text-right">
                    {isAdmin ? (
                      <div className="flex justify-end gap-2">
                        <Button variant="secondary" className="py-1 text-xs" onClick={() => void test(model.label)} disabled={check === "testing"} data-testid={`test-model-${model.label}`}>
                          {check === "testing" ? "Testing…" : "Test connection"}
                        </Button>
                        {model.source === "settings" ? (
                          <Button variant="ghost" className="py-1 text-xs" onClick={() => void remove(model.label)}>
                            Remove
                          </Button>
                        ) : null}
                      </div>
                    ) : null}
                    {check && check !== "testing" ? (
                      <p className={`mt-1 max-w-sm text-left text-xs ${check.ok ? "text-emerald-700" : "text-rose-700"}`} data-testid={`model-check-${model.label}`}>
                        {check.message} ({check.latencyMs} ms)
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      {isAdmin ? <AddModelForm keyVariables={models.data?.keyVariables ?? []} onAdded={() => void queryClient.invalidateQueries({ queryKey: ["settings-models"] })} /> : null}
    </Card>
  );
}
