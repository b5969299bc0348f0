import type { JudgeOverview } from "./types";

/** Exactly what one judge call sends: the messages, then the rest of the request body. */
export function RequestPreview({ preview }: { preview: NonNullable<JudgeOverview["preview"]> }) {
  return (
    <details className="group rounded-lg border border-slate-200 bg-slate-50" data-testid="request-preview">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Preview the request for the first example</summary>
      <div className="space-y-3 border-t border-slate-200 p-3">
        {preview.messages.map((message, index) => (
          <div key={index}>
            <div className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{message.role}</div>
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs text-slate-800">{message.content}</pre>
          </div>
        ))}
        <div>
          <div className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">the rest of the body</div>
          <pre className="overflow-auto rounded bg-white p-2 font-mono text-xs text-slate-800">{JSON.stringify({ ...preview, messages: undefined }, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}
