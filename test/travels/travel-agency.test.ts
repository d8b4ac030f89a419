import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { formatSynthWarning, renderDist, synthWarningsOf, TravelsAppsChart, TravelsAppsChartProps } from '../../lib';

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
    renderDist({ base: (() => { const app = new App(); new TravelsAppsChart(app, 'apps', props); return app; })() });
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
      const app = new App();
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
