// Kiali's even split of 100 % over versions: whole numbers, the last taking the remainder.
import { MeshService, evenWeights } from '../../lib';
import { equalSplit } from '../../lib/traffic/weights';

test.each([[1, [100]], [2, [50, 50]], [3, [33, 33, 34]], [6, [16, 16, 16, 16, 16, 20]]])('equalSplit(%d)', (n, split) => {
  expect(equalSplit(n)).toEqual(split);
});

test('evenWeights: every version of the service in order, adding up to 100; nothing for a service without versions', () => {
  const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
  expect(evenWeights(travels)).toEqual([{ version: 'v1', weight: 33 }, { version: 'v2', weight: 33 }, { version: 'v3', weight: 34 }]);
  expect(evenWeights({ ...travels, versions: [] })).toEqual([]);
});
