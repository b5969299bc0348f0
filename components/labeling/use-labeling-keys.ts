"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

export interface LabelingKeyActions {
  score: (score: number) => void;
  save: () => void;
  next: () => void;
  previous: () => void;
  undo: () => void;
  focusRationale: () => void;
}

/**
 * 1–5 score, Enter saves and moves on, ←/→ move, u undoes, r jumps to the rationale.
 * While typing in a text box only Enter (save) and Escape (leave the box) act.
 */
export function useLabelingKeys(actions: LabelingKeyActions): void {
  const latest = useRef(actions);
  // The key handler always calls the newest actions without being re-registered.
  useLayoutEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      const typing = target?.tagName === "TEXTAREA" || target?.tagName === "INPUT" || target?.isContentEditable;
      const act = latest.current;
      if (typing) {
        if (event.key === "Enter" && !event.shiftKey) {
          event.preventDefault();
          act.save();
        } else if (event.key === "Escape") {
          target?.blur();
        }
        return;
      }
      if (event.key >= "1" && event.key <= "5") act.score(Number(event.key));
      else if (event.key === "Enter") act.save();
      else if (event.key === "ArrowRight") act.next();
      else if (event.key === "ArrowLeft") act.previous();
      else if (event.key === "u" || event.key === "U") act.undo();
      else if (event.key === "r") act.focusRationale();
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
