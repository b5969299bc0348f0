/** What grouping needs of a bullet: its direction and what the humans wrote about the example. */
export interface GroupableBullet {
  id: number;
  direction: "lenient" | "harsh" | "malformed";
  /** |judge − gold|. */
  magnitude: number;
  rationales: string[];
}

export interface BulletGroup {
  /** Stable across reloads: direction and theme. */
  key: string;
  direction: GroupableBullet["direction"];
  /** The word the humans' rationales share, or null for the rest of this direction. */
  theme: string | null;
  /** For the rest: how far the judge was off, so even bullets without rationales come in sizes. */
  band: string | null;
  /** Up to three more words at least half of the group's rationales use, most used first. */
  also: string[];
  ids: number[];
}

/** Gap bands for bullets no shared word groups, biggest first. */
const BANDS = [
  { key: "3", label: "off by 3 or more", min: 3 },
  { key: "2", label: "off by 2 to 3", min: 2 },
  { key: "1", label: "off by 1 to 2", min: 1 },
  { key: "0", label: "off by less than 1", min: 0 },
] as const;

const DIRECTION_ORDER = { malformed: 0, lenient: 1, harsh: 2 } as const;

const STOPWORDS = new Set(
  (
    "about above after again against also although always answer answers because been before being below between both cannot could does doing down during each " +
    "either else enough even every example from further gives given good great have having here however into itself just like little make makes many more most " +
    "much must need needs never none only other otherwise over quite rather really reply response same seems should since some something still such than that " +
    "their them then there these they thing this those though through under until very want well were what when where whether which while with within without " +
    "would your yours score scored scores rating rated judge human humans labeler gave give okay fine"
  ).split(" "),
);

/** Light stemming so "links", "linked" and "linking" meet: a theme is a word, not a spelling. */
function stem(word: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function themeWords(rationales: string[]): Map<string, string> {
  const words = new Map<string, string>();
  for (const rationale of rationales) {
    for (const word of rationale.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? []) {
      if (word.length < 4 || STOPWORDS.has(word)) continue;
      const key = stem(word);
      if (!words.has(key)) words.set(key, word);
    }
  }
  return words;
}

function alsoWords(ids: number[], theme: string, wordsOf: Map<number, Map<string, string>>): string[] {
  const counts = new Map<string, { shown: string; count: number }>();
  for (const id of ids) {
    for (const [key, shown] of wordsOf.get(id)!) {
      if (key === theme) continue;
      const entry = counts.get(key) ?? { shown, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return [...counts.entries()]
    .filter(([, entry]) => entry.count * 2 >= ids.length && entry.count >= 2)
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([, entry]) => entry.shown);
}

/**
 * Groups bullets by direction, then by the theme of their human rationales: repeatedly the word
 * (stemmed) that ungrouped bullets of that direction share most, weighed by how rare it is across
 * all bullets (tf-idf), becomes a group, until no word is shared by two; the rest fall into bands by the size of the gap. Deterministic: ties go to the
 * alphabetically first word. A word shared by nearly every bullet says nothing and is skipped.
 */
export function groupBullets(bullets: GroupableBullet[], minGroup = 2): BulletGroup[] {
  const groups: BulletGroup[] = [];
  // How many bullets of any direction use a word: "problem" in half of them names no theme.
  const allWords = new Map(bullets.map((bullet) => [bullet.id, themeWords(bullet.rationales)]));
  const spread = new Map<string, number>();
  for (const words of allWords.values()) for (const key of words.keys()) spread.set(key, (spread.get(key) ?? 0) + 1);
  const weight = (key: string, count: number) => count * Math.log((bullets.length + 1) / spread.get(key)!);
  for (const direction of ["malformed", "lenient", "harsh"] as const) {
    const members = bullets.filter((bullet) => bullet.direction === direction);
    if (members.length === 0) continue;
    const wordsOf = new Map(members.map((bullet) => [bullet.id, allWords.get(bullet.id)!]));
    const everywhere = new Map<string, number>();
    for (const words of wordsOf.values()) for (const key of words.keys()) everywhere.set(key, (everywhere.get(key) ?? 0) + 1);
    const says = (key: string) => members.length <= 3 || everywhere.get(key)! < 0.9 * members.length;
    let open = members.map((bullet) => bullet.id);
    for (;;) {
      const counts = new Map<string, number>();
      for (const id of open) for (const key of wordsOf.get(id)!.keys()) if (says(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      let best: [string, number] | null = null;
      for (const entry of counts) {
        if (entry[1] < minGroup) continue;
        const score = weight(entry[0], entry[1]);
        const bestScore = best ? weight(best[0], best[1]) : -Infinity;
        if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && entry[0] < best![0])) best = entry;
      }
      if (!best) break;
      const [key] = best;
      const ids = open.filter((id) => wordsOf.get(id)!.has(key));
      const shown = wordsOf.get(ids[0]!)!.get(key)!;
      groups.push({ key: `${direction}:${key}`, direction, theme: shown, band: null, also: alsoWords(ids, key, allWords), ids });
      open = open.filter((id) => !wordsOf.get(id)!.has(key));
    }
    if (direction === "malformed") {
      if (open.length > 0) groups.push({ key: `${direction}:`, direction, theme: null, band: null, also: [], ids: open });
      continue;
    }
    const magnitude = new Map(members.map((bullet) => [bullet.id, bullet.magnitude]));
    for (const band of BANDS) {
      const ids = open.filter((id) => magnitude.get(id)! >= band.min);
      open = open.filter((id) => magnitude.get(id)! < band.min);
      if (ids.length > 0) groups.push({ key: `${direction}:gap${band.key}`, direction, theme: null, band: band.label, also: [], ids });
    }
  }
  // Themed groups by size; the rest keep their band order (biggest gap first).
  return groups.sort(
    (a, b) =>
      DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction] ||
      (a.theme === null ? 1 : 0) - (b.theme === null ? 1 : 0) ||
      (a.theme !== null && b.theme !== null ? b.ids.length - a.ids.length : 0),
  );
}
