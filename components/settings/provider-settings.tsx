"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fetchJson } from "@/lib/api-client";
import type { describeProvider } from "@/lib/llm/config";
import type { ConnectionCheck } from "@/lib/llm/test-connection";

type Provider = ReturnType<typeof describeProvider>;

export function ProviderSettings() {
  const { isAdmin } = useUser();
  const provider = useQuery({ queryKey: ["settings"], queryFn: () => fetchJson<Provider>("/api/settings") });
  const check = useMutation({ mutationFn: () => fetchJson<ConnectionCheck>("/api/settings/test", { method: "POST" }) });
  const data = provider.data;
  return (
    <Card title="Default provider">
      {!data ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <div className="space-y-4">
          <dl className="grid grid-cols-[180px_1fr] gap-y-2 text-sm" data-testid="provider-settings">
            <dt className="text-slate-500">Provider</dt>
            <dd>{data.simulated ? <Badge tone="amber">simulated model</Badge> : <span className="font-mono">{data.baseURL}</span>}</dd>
            <dt className="text-slate-500">Judge model</dt>
            <dd className="font-mono">{data.judgeModel}</dd>
            <dt className="text-slate-500">Reflection model</dt>
            <dd className="font-mono">{data.reflectionModel}</dd>
            <dt className="text-slate-500">API key</dt>
            <dd>{data.simulated ? "not needed" : data.apiKeySet ? "set on the server (never sent to the browser)" : "not set"}</dd>
            <dt className="text-slate-500">Concurrency · timeout · retries</dt>
            <dd className="tabular-nums">
              {data.concurrency} calls · {data.timeoutMs / 1000}s · {data.maxRetries}
            </dd>
          </dl>
          {data.simulated ? (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              No provider is configured, so Attune&apos;s built-in simulated model answers, over the same OpenAI protocol. Set <code>OPENAI_BASE_URL</code> and <code>OPENAI_API_KEY</code> (and{" "}
              <code>ATTUNE_JUDGE_MODEL</code>) in the server&apos;s environment to use a real one: OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio, llama.cpp or OpenRouter.
            </p>
          ) : null}
          <div className={isAdmin ? "flex items-center gap-3" : "hidden"}>
            <Button onClick={() => check.mutate()} disabled={check.isPending} data-testid="test-connection">
              {check.isPending ? "Testing…" : "Test connection"}
            </Button>
            {check.data ? (
              <span className={`text-sm ${check.data.ok ? "text-emerald-700" : "text-rose-700"}`} data-testid="connection-result">
                {check.data.message} ({check.data.latencyMs} ms)
              </span>
            ) : null}
            {check.error ? <span className="text-sm text-rose-700">{check.error.message}</span> : null}
          </div>
        </div>
      )}
    </Card>
  );
}
