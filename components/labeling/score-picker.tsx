import { SCORES, type ScaleAnchors } from "@/lib/datasets/scale";

export function ScorePicker({ value, anchors, onPick }: { value: number | null; anchors: ScaleAnchors; onPick: (score: number) => void }) {
  return (
    <div className="space-y-1.5" role="radiogroup" aria-label="Score">
      {SCORES.map((score) => {
        const selected = value === score;
        return (
          <button
            key={score}
            type="button"
            role="radio"
            aria-checked={selected}
            data-testid={`score-${score}`}
            onClick={() => onPick(score)}
            className={`flex w-full items-center gap-3 rounded-lg border px-3 py-2 text-left text-sm transition ${
              selected ? "border-indigo-500 bg-indigo-50 ring-2 ring-indigo-200" : "border-slate-200 bg-white hover:border-slate-300"
            }`}
          >
            <kbd className={selected ? "border-indigo-400 text-indigo-700" : ""}>{score}</kbd>
            <span className={selected ? "font-medium text-indigo-900" : "text-slate-700"}>{anchors[`${score}`]}</span>
          </button>
        );
      })}
    </div>
  );
}
