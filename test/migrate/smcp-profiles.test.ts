// The 2.6 operator's built-in profiles, applied as its recursivelyApplyProfiles does: the spec wins, then the profiles
// from the last named to the first, each before the profiles it names itself.
import { effectiveSpec, isOperatorOwnSetting, SMCP_PROFILES_V2_6 } from '../../lib/migrate/smcp-profiles';
import { validateAll } from '../support/crd-schema';

const smcp = (spec: object) => ({ apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'p', namespace: 'mesh' }, spec });

test('every built-in profile is a valid 2.6 SMCP spec, and default is the product\'s servicemesh (base and small)', () => {
  for (const [name, profile] of Object.entries(SMCP_PROFILES_V2_6)) expect([name, validateAll([smcp(profile.spec)], '2.6')]).toEqual([name, []]);
  expect(SMCP_PROFILES_V2_6.default).toBe(SMCP_PROFILES_V2_6.servicemesh);
  expect(SMCP_PROFILES_V2_6.default.profiles).toEqual(['base', 'small']);
});

test('no profiles named: default; the spec wins over it; each value\'s source is named', () => {
  const e = effectiveSpec({ version: 'v2.6', addons: { kiali: { enabled: false } } }, undefined);
  expect(e.profiles).toEqual(['default', 'small', 'base']);
  expect(e.spec.addons).toMatchObject({ kiali: { enabled: false, name: 'kiali' }, grafana: { enabled: true } });
  expect(e.sourceOf(['addons', 'kiali', 'enabled'])).toBe('spec');
  expect(e.sourceOf(['addons', 'kiali', 'name'])).toBe('profile base');
  expect(e.sourceOf(['runtime', 'defaults', 'container'])).toBe('profile default and profile small');
  // the 2.5+ webhook turned IOR off on create, before the profiles (base says true)
  expect(e.spec.gateways).toMatchObject({ openshiftRoute: { enabled: false } });
  expect(e.sourceOf(['gateways', 'openshiftRoute', 'enabled'])).toBe('the 2.6 operator\'s webhook (on create)');
});

test('of two profiles the later named wins; a profile named twice is applied once', () => {
  expect(effectiveSpec({ profiles: ['gateway-controller', 'default'] }, undefined).spec.addons).toMatchObject({ kiali: { enabled: true } });
  expect(effectiveSpec({ profiles: ['default', 'gateway-controller'] }, undefined).spec.addons).toMatchObject({ kiali: { enabled: false } });
  expect(effectiveSpec({ profiles: ['base', 'default', 'base'] }, undefined).profiles).toEqual(['base', 'default', 'small']);
});

test('with status.appliedSpec, it is what ran, each value named after the spec or appliedSpec (and the profile whose value it is)', () => {
  const e = effectiveSpec({ version: 'v2.6', tracing: { type: 'None' } }, { version: 'v2.6', tracing: { type: 'None' }, proxy: { injection: { autoInject: false }, networking: { dns: { refreshRate: '10s' } } } });
  expect(e.spec.addons).toBeUndefined();
  expect(e.sourceOf(['tracing', 'type'])).toBe('spec');
  expect(e.sourceOf(['proxy', 'injection', 'autoInject'])).toBe('status.appliedSpec (= profile base)');
  expect(e.sourceOf(['proxy', 'networking', 'dns', 'refreshRate'])).toBe('status.appliedSpec');
});

test('the operator\'s own settings: images anywhere, components OSSM 3 does not run, addon installs, tech preview', () => {
  expect(['runtime.defaults.container.imageTag', 'runtime.components.grafana', 'addons.kiali.install', 'techPreview', 'proxy.runtime.container.imageName']
    .map((p) => isOperatorOwnSetting(p.split('.')))).toEqual([true, true, true, true, true]);
  expect(['runtime.components.pilot.container.resources', 'addons.kiali.enabled', 'proxy.injection.autoInject', 'gateways.ingress']
    .map((p) => isOperatorOwnSetting(p.split('.')))).toEqual([false, false, false, false]);
});
