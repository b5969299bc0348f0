/** ln(n!) by summing logs; exact enough for any split Attune holds. */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = table[i - 1]! + Math.log(i);
  return table;
}

/**
 * Two-sided exact sign test: of `better + worse` examples that changed, is `better` against `worse`
 * more lopsided than a fair coin would give? Ties (unchanged examples) carry no sign and are left
 * out. Returns the p-value (1 when nothing changed).
 */
export function signTest(better: number, worse: number): number {
  const n = better + worse;
  if (n === 0) return 1;
  const k = Math.min(better, worse);
  const logs = logFactorials(n);
  const half = n * Math.log(2);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logs[n]! - logs[i]! - logs[n - i]! - half);
  return Math.min(1, 2 * tail);
}
