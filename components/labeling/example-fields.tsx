/** An example's input fields, each under its name. Content is untrusted: it is rendered as text only. */
export function ExampleFields({ fields, inputs }: { fields: string[]; inputs: Record<string, string> }) {
  return (
    <div className="space-y-4" data-testid="example-fields">
      {fields.map((field) => (
        <section key={field} className="rounded-xl border border-slate-200 bg-white shadow-sm">
          <h3 className="border-b border-slate-100 px-4 py-2 font-mono text-xs font-medium uppercase tracking-wide text-slate-500">{field}</h3>
          <div className="max-h-[45vh] overflow-y-auto whitespace-pre-wrap break-words px-4 py-3 text-[15px] leading-relaxed text-slate-800" data-testid={`field-${field}`}>
            {inputs[field] ? inputs[field] : <span className="italic text-slate-400">(empty)</span>}
          </div>
        </section>
      ))}
    </div>
  );
}
