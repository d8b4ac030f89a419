import { IMeshService } from '../workload/mesh-service';
import { VersionWeight } from './intent/routing';

/**
 * Splits 100 % evenly over `count` destinations the way Kiali's wizard does: whole numbers, the last one taking
 * the remainder (3 versions: 33, 33, 34).
 * @internal
 */
export function equalSplit(count: number): number[] {
  if (count < 1) return [];
  const share = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? 100 - share * (count - 1) : share));
}

/** The even split over all versions of a service, as Kiali's wizards default (33/33/34 for three). */
export function evenWeights(service: IMeshService): VersionWeight[] {
  const weights = equalSplit(service.versions.length);
  return service.versions.map((version, i) => ({ version, weight: weights[i] }));
}
