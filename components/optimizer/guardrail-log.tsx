import { Badge } from "@/components/ui/badge";
import type { OptimizerRunViewJson } from "./types";

export function GuardrailLog({ entries }: { entries: OptimizerRunViewJson["guardrailLog"] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">No proposal has been refused.</p>;
  return (
    <ul className="space-y-3" data-testid="guardrail-log">
      {entries.map((entry, index) => (
        <li key={index} className="text-sm">
          <div className="flex gap-2">
            <Badge tone="red">{entry.kind}</Badge>
            <span className="text-slate-500">
              iteration {entry.iteration}, attempt {entry.attempt}
            </span>
          </div>
          <p className="mt-1 text-slate-800">The proposal {entry.reason}.</p>
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-slate-500">refused proposal</summary>
            <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs">{entry.proposal}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
