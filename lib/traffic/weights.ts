/**
 * Splits 100 % evenly over `count` destinations the way Kiali's wizard does: whole numbers, the last one taking
 * the remainder (3 versions: 33, 33, 34).
 */
export function equalSplit(count: number): number[] {
  if (count < 1) return [];
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? 100 - share * (count - 1) : share));
}
