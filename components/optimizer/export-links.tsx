import { buttonClass } from "@/components/ui/button";

/** Download a prompt version as the instruction, a JSON bundle, or a chat-messages template. */
export function ExportLinks({ promptId }: { promptId: number }) {
  return (
    <div className="flex flex-wrap gap-2" data-testid="export-links">
      {(["json", "messages", "text"] as const).map((format) => (
        <a key={format} href={`/api/prompts/${promptId}/export?format=${format}`} className={buttonClass("secondary", "py-1 text-xs")} download data-testid={`export-${format}`}>
          Export {format}
        </a>
      ))}
    </div>
  );
}
