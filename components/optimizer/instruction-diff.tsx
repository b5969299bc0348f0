import type { DiffPart } from "@/lib/optimizer/diff";

/** Word diff: added text in green, removed text struck through in red. */
export function InstructionDiff({ parts, testId }: { parts: DiffPart[]; testId?: string }) {
  if (parts.length === 0 || parts.every((part) => !part.added && !part.removed)) {
    return <p className="text-sm text-slate-500">No change.</p>;
  }
  return (
    <pre className="whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-700" data-testid={testId}>
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index} className="bg-emerald-100 text-emerald-900 no-underline">
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={index} className="bg-rose-100 text-rose-800">
            {part.value}
          </del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </pre>
  );
}
