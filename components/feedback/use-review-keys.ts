"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

export interface ReviewKeyActions {
  next: () => void;
  previous: () => void;
  accept: () => void;
  reject: () => void;
  reset: () => void;
  edit: () => void;
  rule: () => void;
  toggle: () => void;
  acceptMany: () => void;
  rejectMany: () => void;
  undo: () => void;
}

/** j/k or ↓/↑ move · a accept · r reject · p back to proposed · e edit · l rule · x select · A/R accept/reject the selection or the group · u undo. */
export function useReviewKeys(actions: ReviewKeyActions, enabled: boolean): void {
  const latest = useRef(actions);
  // The key handler always calls the newest actions without being re-registered.
  useLayoutEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || target?.tagName === "TEXTAREA" || target?.tagName === "INPUT" || target?.tagName === "SELECT") return;
      const act = latest.current;
      const map: Record<string, () => void> = {
        j: act.next,
        ArrowDown: act.next,
        k: act.previous,
        ArrowUp: act.previous,
        a: act.accept,
        r: act.reject,
        p: act.reset,
        e: act.edit,
        l: act.rule,
        x: act.toggle,
        A: act.acceptMany,
        R: act.rejectMany,
        u: act.undo,
      };
      const handler = map[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
