import type { SimWorld } from "../world";
import { summaryWorld } from "./summary";
import { supportWorld } from "./support";

/** The worlds the built-in simulated model knows, most specific first; the last one takes any example. */
export const defaultWorlds: SimWorld[] = [supportWorld, summaryWorld];

export function worldFor(worlds: SimWorld[], fields: Record<string, string>): SimWorld {
  return worlds.find((world) => world.recognizes(fields)) ?? worlds[worlds.length - 1]!;
}
