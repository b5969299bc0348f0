"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api-client";
import type { EvaluationDetail } from "./types";

const active = (status: string | undefined) => status === "queued" || status === "running";

/** Polls a run twice a second while it is active, and stops when it ends. */
export function useEvaluation(runId: number | null) {
  return useQuery({
    queryKey: ["evaluation", runId],
    queryFn: () => fetchJson<EvaluationDetail>(`/api/evaluations/${runId}`),
    enabled: runId !== null,
    refetchInterval: (query) => (active(query.state.data?.run.status) ? 500 : false),
  });
}

export { active as isActiveStatus };
