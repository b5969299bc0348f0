/**
 * The key a username is unique by: NFKC (full-width and compatibility forms fold to plain ones),
 * then case folding ("ADMIN", "Admin" and "ａｄｍｉｎ" are one name).
 */
export function usernameKey(username: string): string {
  return username.trim().normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

const scripts: [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Devanagari", /\p{Script=Devanagari}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  // Japanese mixes these three in one name.
  ["CJK", /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
];

/** The alphabets a name's letters come from; a name mixing them ("аdmin" with a Cyrillic а) can pass for another. */
export function scriptsOf(username: string): string[] {
  const found = new Set<string>();
  for (const char of username.normalize("NFKC")) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(scripts.find(([, pattern]) => pattern.test(char))?.[0] ?? "other");
  }
  return [...found];
}
