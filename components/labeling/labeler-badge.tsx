"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { fetchJson } from "@/lib/api-client";

export function LabelerBadge({ name }: { name: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  if (!name) return <span className="text-sm text-slate-500">Not labeling yet</span>;
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="text-slate-500">Labeling as</span>
      <span className="font-medium text-slate-900" data-testid="current-labeler">
        {name}
      </span>
      <button
        type="button"
        className="text-xs text-indigo-600 hover:underline"
        onClick={async () => {
          await fetchJson("/api/labelers", { method: "DELETE" });
          await queryClient.invalidateQueries();
          router.refresh();
        }}
      >
        switch
      </button>
    </div>
  );
}
