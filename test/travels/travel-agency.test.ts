import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import { formatSynthWarning, renderDist, synthWarningsOf, TravelAgency, TravelAgencyProps, TravelsAppsChart, TravelsAppsChartProps } from '../../lib';
import { find } from '../support/objects';
import { meshApp, meshChart } from '../support/control-planes';

const DEMO_PASSWORD = 'password';
const USER_PASSWORD = 'Hunter2-S3cr3t';

/** Every way a message or file could show a password: as a quoted or assigned value, or base64-encoded (as in a Secret). */
function showsPassword(text: string, password: string): boolean {
  const b64 = Buffer.from(password).toString('base64');
  const escaped = password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.includes(b64) || new RegExp(`["'=:]\\s*${escaped}\\s*["'\\n]|["'=:]\\s*${escaped}$`, 'm').test(text)
    || (password !== DEMO_PASSWORD && text.includes(password));
}

function messageOf(props: TravelsAppsChartProps): string {
  try {
    renderDist({ base: (() => { const app = meshApp(); new TravelsAppsChart(app, 'apps', props); return app; })() });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('secrets stay secret', () => {
  test('the check itself finds a password shown as a value or in base64', () => {
    expect(showsPassword('rootPassword "Hunter2-S3cr3t " is not valid', USER_PASSWORD)).toBe(true);
    expect(showsPassword('rootpasswd: cGFzc3dvcmQ=', DEMO_PASSWORD)).toBe(true);
    expect(showsPassword('{"rootPassword":"password"}', DEMO_PASSWORD)).toBe(true);
    expect(showsPassword('the MySQL root password is the demo\'s', DEMO_PASSWORD)).toBe(false);
  });

  test.each<[string, TravelsAppsChartProps, RegExp]>([
    ['a password with trailing white space', { mysql: { rootPassword: `${USER_PASSWORD} ` } }, /apps\/TravelAgency: mysql\.rootPassword \*\*\* is not valid/],
    ['a password and a Secret name', { mysql: { rootPassword: USER_PASSWORD, existingSecretName: 'db' } },
      /apps\/TravelAgency: mysql \{"rootPassword":"\*\*\*","existingSecretName":"db"\} is not valid\. Allowed: either rootPassword or existingSecretName, not both\./],
    ['the demo password with a Secret name', { mysql: { rootPassword: DEMO_PASSWORD, existingSecretName: 'db' } }, /mysql \{"rootPassword":"\*\*\*"/],
    ['a bad input next to a password', { mysql: { rootPassword: USER_PASSWORD }, agencyNamespace: 'Bad NS' }, /agencyNamespace "Bad NS" is not valid/],
  ])('no error message shows the password: %s', (_, props, message) => {
    const text = messageOf(props);
    expect(text).toMatch(message);
    expect(showsPassword(text, USER_PASSWORD)).toBe(false);
    expect(showsPassword(text, DEMO_PASSWORD)).toBe(false);
  });

  test('the demo password gets a warning that says how to pass a Secret, without the password; a password of your own gets none', () => {
    const warnings = (props: TravelsAppsChartProps) => {
      const app = meshApp();
      new TravelsAppsChart(app, 'apps', props);
      return synthWarningsOf(app).map(formatSynthWarning);
    };
    const demo = warnings({});
    expect(demo).toEqual([expect.stringMatching(/^WARNING apps\/TravelAgency: the MySQL root password is the Travels demo's, .*pass mysql: \{ existingSecretName: 'mysql-root' \} \(npm run synth: MYSQL_SECRET_NAME=mysql-root\)\.$/)]);
    expect(warnings({ mysql: { rootPassword: DEMO_PASSWORD } })).toEqual(demo);
    expect(warnings({ mysql: { rootPassword: USER_PASSWORD } })).toEqual([]);
    expect(warnings({ mysql: { existingSecretName: 'db' } })).toEqual([]);
    for (const text of demo) expect([showsPassword(text, DEMO_PASSWORD), showsPassword(text, USER_PASSWORD)]).toEqual([false, false]);
  });

  test('no snapshot file holds the demo password or a Secret value', () => {
    // every __snapshots__ folder of the tests, wherever it sits
    const tests = join(__dirname, '..');
    const snapshots = (readdirSync(tests, { recursive: true }) as string[]).filter((f) => f.endsWith('.snap'));
    expect(snapshots.length).toBeGreaterThan(10);
    for (const file of snapshots) {
      const text = readFileSync(join(tests, file), 'utf8');
      expect([file, showsPassword(text, DEMO_PASSWORD), showsPassword(text, USER_PASSWORD)]).toEqual([file, false, false]);
    }
    expect(readFileSync(join(__dirname, '__snapshots__', 'travels-apps-chart.test.ts.snap'), 'utf8')).toContain('"rootpasswd": "***"');
  });
});

describe('TravelAgency', () => {
  const synth = (props: Partial<TravelAgencyProps> = {}) => {
    const chart = meshChart();
    const agency = new TravelAgency(chart, 'agency', { namespace: 'travel-agency', travelsVersions: ['v1', 'v2'], ...props });
    return { agency, objects: Testing.synth(chart) };
  };

  test('the agency\'s services, travels in the versions asked for, wired to each other and to mysqldb by address', () => {
    const { agency, objects } = synth();
    expect([agency.mysqldb, agency.discounts, agency.cars, agency.flights, agency.hotels, agency.insurances, agency.travels].map((s) => s.address)).toEqual([
      'mysqldb.travel-agency:3306', 'discounts.travel-agency:8000', 'cars.travel-agency:8000', 'flights.travel-agency:8000', 'hotels.travel-agency:8000',
      'insurances.travel-agency:8000', 'travels.travel-agency:8000',
    ]);
    expect(agency.travels.versions).toEqual(['v1', 'v2']);
    const cars = find(objects, 'Deployment', 'cars-v1').spec.template.spec.containers[0].env;
    expect(cars).toEqual(expect.arrayContaining([
      { name: 'DISCOUNTS_SERVICE', value: 'http://discounts.travel-agency:8000' }, { name: 'MYSQL_SERVICE', value: 'mysqldb.travel-agency:3306' },
      { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-credentials', key: 'rootpasswd' } } },
    ]));
    const mysql = find(objects, 'Deployment', 'mysqldb-v1').spec.template.spec;
    expect(mysql.volumes).toEqual([{ name: 'var-lib-mysql', emptyDir: {} }, { name: 'var-run-mysqld', emptyDir: {} }]);
    expect(find(objects, 'Service', 'mysqldb').spec.ports).toEqual([{ name: 'tcp', port: 3306 }]);
  });

  test('credentials: the demo Secret (with a warning), a password of your own, or an existing Secret (then no Secret is written)', () => {
    const demo = synth();
    expect(find(demo.objects, 'Secret', 'mysql-credentials').data).toEqual({ rootpasswd: Buffer.from(DEMO_PASSWORD).toString('base64') });
    expect(synthWarningsOf(demo.agency).map((w) => w.path)).toEqual(['test/agency']);
    const own = synth({ mysql: { rootPassword: USER_PASSWORD } });
    expect(synthWarningsOf(own.agency)).toEqual([]);
    const existing = synth({ mysql: { existingSecretName: 'mysql-root' } });
    expect(existing.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(find(existing.objects, 'Deployment', 'mysqldb-v1').spec.template.spec.containers[0].env)
      .toEqual([{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root', key: 'rootpasswd' } } }]);
    expect(() => synth({ mysql: { existingSecretName: 'mysql-root', rootPassword: USER_PASSWORD } }))
      .toThrow(/agency: mysql \{"existingSecretName":"mysql-root","rootPassword":"\*\*\*"\} is not valid\. Allowed: either rootPassword or existingSecretName, not both\./);
  });
});
